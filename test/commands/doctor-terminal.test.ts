import { describe, expect, it } from 'vitest';
import { formatTerminal } from '../../src/commands/doctor.js';
import { envCaps } from '../../src/ui/preview/detect.js';

describe("doctor's terminal section", () => {
  it('says what the terminal answered and what previews that makes', () => {
    const caps = { ...envCaps({ TERM: 'xterm' }), sixel: true, answered: true, cell: { width: 6, height: 13 } };
    caps.notes.push('DA1 answer 63;1;2;4: sixel (4)', 'cell 6×13 px (measured with a blank sixel)');
    const text = formatTerminal(caps, 'auto', { TERM: 'xterm' });
    expect(text).toContain('TERM=xterm · images: sixel');
    expect(text).toContain('DA1 answer 63;1;2;4: sixel (4)');
    expect(text).toContain('previews (--preview auto): sixel images');
    expect(text).not.toContain('assumed');
  });

  it('says when it could not ask, and names the fallback', () => {
    expect(formatTerminal(null, 'auto', { TERM: 'xterm' })).toMatch(/not asked: stdin or stdout is not a terminal\n.*half-block mosaics/);
    const silent = { ...envCaps({}), notes: ['no answer to DA1 (CSI c) within 250 ms'] };
    const text = formatTerminal(silent, 'sixel', {});
    expect(text).toContain('images: none');
    expect(text).toMatch(/previews \(--preview sixel\): sixel images \(the terminal did not offer sixel/);
  });
});
