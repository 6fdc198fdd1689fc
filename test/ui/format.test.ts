import { describe, expect, it } from 'vitest';
import { displayPath, fit, formatAgo, formatDuration, formatNumber, formatPercent, formatRate, formatThroughput, truncate, wrapText } from '../../src/ui/format.js';
import { wrapStatus } from '../../src/ui/components/status-line.js';
import { colorEnabled } from '../../src/ui/theme.js';
import { keyActionFor, forRole, KEYMAP, keySpec } from '../../src/ui/keymap.js';
import { footerItems } from '../../src/ui/components/footer.js';
import { frameInterval } from '../../src/ui/hooks/use-trainer.js';

describe('format', () => {
  it('formats durations, ages and numbers', () => {
    expect(formatDuration(3725)).toBe('01:02:05');
    expect(formatDuration(5 * 86400 + 3 * 3600)).toBe('5d 03h');
    expect(formatDuration(NaN)).toBe('--:--:--');
    expect(formatAgo(2)).toBe('just now');
    expect(formatAgo(180)).toBe('3 min ago');
    expect(formatNumber(0.61234)).toBe('0.612');
    expect(formatNumber(NaN)).toBe('NaN');
    expect(formatNumber(undefined)).toBe('—');
    expect(formatPercent(0.934)).toBe('93%');
    expect(formatRate(2e-4)).toBe('2e-4');
    expect(formatRate(0.05)).toBe('0.05');
    expect(formatThroughput(412.3)).toBe('412');
    expect(formatThroughput(2.53)).toBe('2.5');
    expect(truncate('blonde/purple', 8)).toBe('blonde/…');
    expect(fit('ab', 4)).toBe('ab  ');
  });

  it('turns colour off under NO_COLOR', () => {
    expect(colorEnabled({ NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ NO_COLOR: '' })).toBe(true);
    expect(colorEnabled({})).toBe(true);
  });
});

describe('wrapping', () => {
  it('wraps at spaces and cuts only words longer than a line', () => {
    expect(wrapText('continue it with: anime-gan-tui train --resume', 20)).toEqual(['continue it with:', 'anime-gan-tui train', '--resume']);
    expect(wrapText('run /a/very/long/path/name', 10)).toEqual(['run', '/a/very/lo', 'ng/path/na', 'me']);
    expect(wrapText('short', 80)).toEqual(['short']);
  });

  it('keeps status messages to the lines allowed, with a margin, cutting only the last', () => {
    const text = 'word '.repeat(40).trim();
    const lines = wrapStatus(text, 30, 3);
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.startsWith(' ') && l.length <= 30)).toBe(true);
    expect(lines[2]).toMatch(/…$/);
    expect(wrapStatus(text, 30, Infinity).join(' ').replace(/\s+/g, ' ').trim()).toBe(text);
  });
});

describe('keymap', () => {
  const none = { ctrl: false, escape: false };
  it('maps keys to commands per view', () => {
    expect(keySpec(' ', none)).toBe('space');
    expect(keySpec('c', { ctrl: true, escape: false })).toBe('ctrl+c');
    expect(keyActionFor(' ', none, 'train')).toBe('pause-resume');
    expect(keyActionFor('c', none, 'train')).toBe('checkpoint');
    expect(keyActionFor('c', { ctrl: true, escape: false }, 'train')).toBe('quit');
    expect(keyActionFor('r', none, 'train')).toBeNull();
    expect(keyActionFor('r', none, 'generate')).toBe('new-seed');
    expect(keyActionFor('', { ctrl: false, escape: true }, 'generate')).toBe('train-view');
    expect(keyActionFor('?', none, 'generate')).toBe('help');
  });

  it('gives no key to two commands in the same view and role', () => {
    for (const role of ['owner', 'watcher'] as const) {
      for (const view of ['train', 'generate'] as const) {
        const seen = new Map<string, string>();
        for (const [command, binding] of Object.entries(KEYMAP)) {
          if ((binding.scope !== 'global' && binding.scope !== view) || !forRole(binding, role)) continue;
          for (const key of binding.keys) {
            expect(seen.get(key), `${key} in ${view} (${role})`).toBeUndefined();
            seen.set(key, command);
          }
        }
      }
    }
  });

  it('drops view hints, never help or quit, when the footer is narrow', () => {
    const narrow = footerItems({ view: 'train', width: 30 });
    expect(narrow.map((i) => i.label)).toEqual(expect.arrayContaining(['help', 'quit']));
    expect(narrow.length).toBeLessThan(footerItems({ view: 'train', width: 200 }).length);
  });
});

describe('frame pacing', () => {
  it('keeps drawing within the CPU budget, between 10 fps and one frame per 2 s', () => {
    expect(frameInterval(2, 100, 0.1)).toBe(100);
    expect(frameInterval(30, 100, 0.1)).toBe(300);
    expect(frameInterval(500, 100, 0.1)).toBe(2000);
  });
});

describe('displayPath', () => {
  it('is relative below the working folder, ~ under home, else absolute', () => {
    expect(displayPath('/w/p/data/extra_data', '/w/p', '/home/u')).toBe('data/extra_data');
    expect(displayPath('/w/p', '/w/p', '/home/u')).toBe('.');
    expect(displayPath('/home/u/faces', '/w/p', '/home/u')).toBe('~/faces');
    expect(displayPath('/srv/faces', '/w/p', '/home/u')).toBe('/srv/faces');
    expect(displayPath('data/x', '/w/p', '/home/u')).toBe('data/x');
  });
});
