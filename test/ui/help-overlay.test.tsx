import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/train/app.js';
import { KEY_ACTIONS, displayKey, KEYMAP } from '../../src/ui/keymap.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { startEvent, stepEvent } from '../helpers/fixtures.js';
import { lineWidths, renderTui, settle, waitFor, type Tui } from '../helpers/render-tui.js';
import type { ClientRole } from '../../src/ui/keymap.js';
import { HANG_UP_NOTE } from '../../src/ui/views/help-overlay.js';

let tui: Tui | null = null;
afterEach(() => {
  tui?.unmount();
  tui = null;
});

describe('help overlay', () => {
  it('lists every keymap entry of the training view and the global ones, and ? closes it', async () => {
    const client = new FakeTrainerClient();
    tui = renderTui(<App client={client} preview="off" flushMs={0} env={{}} />, { columns: 100, rows: 30 });
    client.emit(startEvent());
    await tui.press('?');
    const text = tui.text();
    // The generate view's keys are listed when ? is pressed there.
    for (const command of KEY_ACTIONS.filter((c) => KEYMAP[c].scope !== 'generate' && KEYMAP[c].role !== 'watcher')) {
      const binding = KEYMAP[command];
      expect(text).toContain(binding.description);
      for (const key of binding.keys) expect(text).toContain(displayKey(key));
    }
    // Someone on SSH is told that a dropped connection does not stop training.
    expect(text).toContain(HANG_UP_NOTE);
    await tui.press('?');
    expect(tui.text()).toContain('losses');
  });

  it('closes on Esc', async () => {
    const client = new FakeTrainerClient();
    tui = renderTui(<App client={client} preview="off" flushMs={0} env={{}} />, { columns: 100, rows: 30 });
    await tui.press('?');
    expect(tui.text()).toContain('keys · ? or Esc closes');
    tui.stdin.write('\x1b');
    await waitFor(() => !tui!.text().includes('keys · ? or Esc closes'), 'help to close');
    expect(tui.text()).not.toContain('keys · ? or Esc closes');
  });

  it('the footer shows the keymap labels', async () => {
    const client = new FakeTrainerClient();
    tui = renderTui(<App client={client} preview="off" flushMs={0} env={{}} />, { columns: 120, rows: 30 });
    client.emit(startEvent());
    await settle();
    const footer = tui.text().trimEnd().split('\n').at(-1)!;
    for (const command of KEY_ACTIONS.filter((c) => KEYMAP[c].footer === true && KEYMAP[c].scope !== 'generate' && KEYMAP[c].role !== 'watcher')) {
      expect(footer).toContain(`${displayKey(KEYMAP[command].keys[0]!)} `);
      expect(footer).toContain(KEYMAP[command].label);
    }
    expect(footer).toContain('[ ] λ −/+');
  });
});

describe('help overlay on a narrow terminal', () => {
  /** The overlay's text without line breaks or spaces: a wrapped description reads the same as a whole one. */
  const squeezed = (text: string) => text.replace(/\s+/g, '');

  async function help(role: ClientRole, view: 'train' | 'generate', columns: number, rows: number) {
    const client = new FakeTrainerClient();
    tui = renderTui(<App client={client} preview="off" flushMs={0} env={{}} role={role} />, { columns, rows });
    client.emit(startEvent({ model: 'acgan', backendReason: 'tfjs-node is not installed, so the WebAssembly backend runs the model' }));
    client.emit(stepEvent(1));
    await settle();
    if (view === 'generate') await tui.press('g');
    await tui.press('?');
    const text = tui.text();
    if (process.env['SHOW_FRAMES']) console.log(text);
    expect(Math.max(...lineWidths(text))).toBeLessThanOrEqual(columns);
    expect(text.split('\n').length).toBeLessThanOrEqual(rows - 1);
    return text;
  }

  it('wraps descriptions at 80×24 instead of cutting them, in both views and roles', async () => {
    for (const [role, view] of [['owner', 'train'], ['watcher', 'train'], ['owner', 'generate'], ['watcher', 'generate']] as const) {
      const text = await help(role, view, 80, 24);
      expect(text).not.toContain('…');
      // No shipped model to switch to in this dashboard, so m is not offered.
      const live = (c: (typeof KEY_ACTIONS)[number]) => KEYMAP[c].available?.({ trainer: true, conditional: true, classLoss: true, shipped: false }) !== false;
      for (const command of KEY_ACTIONS.filter((c) => (KEYMAP[c].scope === view || KEYMAP[c].scope === 'global') && (KEYMAP[c].role ?? role) === role && live(c))) {
        expect(squeezed(text)).toContain(squeezed(KEYMAP[command].description));
      }
      tui!.unmount();
      tui = null;
    }
  });

  it('puts the wrapped part under the description, not under the keys', async () => {
    const text = await help('owner', 'train', 80, 24);
    const lines = text.split('\n');
    const first = lines.findIndex((l) => l.includes('Stop training after a final checkpoint'));
    const column = lines[first]!.indexOf('Stop training');
    expect(lines[first + 1]!.slice(0, column).trim()).toBe('');
    expect(lines[first + 1]!.slice(column)).toMatch(/^\S/);
  });

  it('still fits the minimum size, cutting what it has no rows for', async () => {
    for (const view of ['train', 'generate'] as const) {
      const lines = (await help('watcher', view, 60, 18)).split('\n').map((l) => l.trim());
      // Every heading on a line of its own: nothing drawn over anything else.
      expect(lines).toContain(view === 'train' ? 'training view' : 'generate view');
      expect(lines).toContain('everywhere');
      expect(lines.some((l) => /^X\s+Stop the trainer/.test(l))).toBe(true);
      tui!.unmount();
      tui = null;
    }
  });
});
