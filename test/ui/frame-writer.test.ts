import { describe, expect, it } from 'vitest';
import { stripVTControlCharacters } from 'node:util';
import { FrameWriter, PlainFrames, parseLine } from '../../src/ui/preview/frame-writer.js';
import { imagePlaceholderLines, placeholderLines } from '../../src/ui/preview/placeholders.js';
import { guardedInput } from '../../src/ui/full-screen.js';
import { FakeTerminalIn } from '../../src/dev/fake-terminal.js';

/** What Ink's log-update writes: erase the last frame's lines going up, then the frame and a newline. */
function inkFrame(lines: string[], previous: number): string {
  let erase = '';
  for (let i = 0; i < previous; i++) erase += '\x1b[2K' + (i < previous - 1 ? '\x1b[1A' : '');
  if (previous > 0) erase += '\x1b[G';
  return erase + lines.join('\n') + '\n';
}

const IMAGE = '\x1bP0;1;0q"1;1;4;4#0;2;100;0;0#0!4~\x1b\\';

describe('frame writer', () => {
  it('draws an image once, and then steps over its cells while the lines around it change', () => {
    const w = new FrameWriter(() => ({ columns: 40, rows: 12 }));
    const img = imagePlaceholderLines(IMAGE, 6, 2);
    const frame = (n: number) => ['title', `label ${img[0]} ${n}`, `      ${img[1]} x`, 'footer'];
    const first = w.rewrite(inkFrame(frame(1), 0))!;
    // A clear screen first, then the lines at their rows, then the image at its anchor cell.
    expect(first.startsWith('\x1b[H\x1b[2J')).toBe(true);
    expect(first.split(IMAGE)).toHaveLength(2);
    expect(first).toContain(`\x1b[2;7H${IMAGE}`);
    expect(stripVTControlCharacters(first)).not.toMatch(/[\ue000-\ue3ff]/);

    const second = w.rewrite(inkFrame(frame(2), 5))!;
    expect(second).not.toContain(IMAGE);
    expect(second).not.toContain('\x1b[2J');
    // Only line 2 changed: written with the image's 6 cells stepped over, not erased.
    expect(second).toContain('\x1b[2;1H');
    expect(second).not.toContain('\x1b[1;1H');
    expect(second).not.toContain('\x1b[3;1H');
    expect(second).toMatch(/label \x1b\[6C.*2/);
    // The cursor ends below the frame, where Ink's own write leaves it.
    expect(second.endsWith('\x1b[5;1H')).toBe(true);
  });

  it('sends a new drawing over the old one, and erases an image that is gone', () => {
    const w = new FrameWriter(() => ({ columns: 40, rows: 12 }));
    const a = imagePlaceholderLines(IMAGE, 6, 1);
    w.rewrite(inkFrame(['x', a[0]!], 0));
    const next = '\x1bP0;1;0q"1;1;4;4#1;2;0;100;0#1!4~\x1b\\';
    const b = imagePlaceholderLines(next, 6, 1);
    const redrawn = w.rewrite(inkFrame(['x', b[0]!], 3))!;
    expect(redrawn).toContain(`\x1b[2;1H${next}`);
    expect(redrawn).toContain('\x1b[6X');
    const gone = w.rewrite(inkFrame(['x', 'text'], 3))!;
    expect(gone).not.toContain('\x1bP');
    // The old image's row is rewritten as text, erased first.
    expect(gone).toContain('\x1b[2;1H\x1b[4Xtext');
  });

  it('draws no image that is cut short or would reach the last row (it would scroll)', () => {
    const w = new FrameWriter(() => ({ columns: 40, rows: 4 }));
    const img = imagePlaceholderLines(IMAGE, 6, 2);
    expect(w.rewrite(inkFrame(['a', 'b', img[0]!, img[1]!], 0))).not.toContain(IMAGE);
    const cut = imagePlaceholderLines(IMAGE, 6, 2);
    expect(w.rewrite(inkFrame([cut[0]!], 5))).not.toContain(IMAGE);
  });

  it('clears and draws everything after invalidate, and repaints the last frame', () => {
    const w = new FrameWriter(() => ({ columns: 40, rows: 12 }));
    const img = imagePlaceholderLines(IMAGE, 6, 1);
    w.rewrite(inkFrame(['a', img[0]!], 0));
    w.invalidate();
    const again = w.rewrite(inkFrame(['a', img[0]!], 3))!;
    expect(again.startsWith('\x1b[H\x1b[2J')).toBe(true);
    expect(again).toContain(IMAGE);
    expect(w.repaint()).toContain(IMAGE);
    // Ink's clear (a narrower terminal): the screen is cleared, nothing is drawn until the next frame.
    expect(w.rewrite('\x1b[2K\x1b[1A\x1b[2K\x1b[G')).toBe('\x1b[H\x1b[2J');
  });

  it('leaves escapes that draw no cells alone, and blanks what a shorter line leaves, never past the right edge', () => {
    const w = new FrameWriter(() => ({ columns: 5, rows: 12 }));
    expect(w.rewrite('\x1b[?2026h')).toBeNull();
    expect(w.rewrite('\x1b[?25l')).toBeNull();
    const out = w.rewrite(inkFrame(['12345', '1234'], 0))!;
    expect(out).toContain('12345\x1b[2;1H1234\x1b[3;1H');
    const shorter = w.rewrite(inkFrame(['1234567', '12'], 3))!;
    expect(shorter).toContain('\x1b[1;1H1234567\x1b[2;1H12\x1b[0m  \x1b[3;1H');
    expect(shorter).not.toContain('\x1b[K');
  });

  it('erases no row that holds a kept image (tmux drops every image on an erased row), and sends again one it must', () => {
    const w = new FrameWriter(() => ({ columns: 40, rows: 12 }));
    const other = '\x1bP0;1;0q"1;1;4;4#2;2;0;0;100#2!4~\x1b\\';
    const kept = imagePlaceholderLines(IMAGE, 6, 2);
    const gone = imagePlaceholderLines(other, 4, 1);
    w.rewrite(inkFrame([`loss 1.5 ${kept[0]}`, `${gone[0]}     ${kept[1]}`, 'footer'], 0));
    // The text beside the image changes: written over, with no erase on the image's rows.
    const beside = w.rewrite(inkFrame([`loss 1.2 ${kept[0]}`, `${gone[0]}     ${kept[1]}`, 'footer'], 4))!;
    expect(beside).toContain('\x1b[1;1Hloss 1.2 \x1b[6C');
    expect(beside).not.toMatch(/\x1b\[\d*[XK]/);
    expect(beside).not.toContain('\x1bP');
    // The small image leaves row 2: that row is erased, so the kept one on it is sent again.
    const left = w.rewrite(inkFrame([`loss 1.2 ${kept[0]}`, `gone     ${kept[1]}`, 'footer'], 4))!;
    expect(left).toContain('\x1b[2;1H\x1b[9Xgone     \x1b[0m\x1b[6X\x1b[6C');
    expect(left).toContain(`\x1b[1;10H${IMAGE}`);
    // Its other row is not erased: blanked under the drawing, as text.
    expect(left).toContain('\x1b[1;1Hloss 1.2 \x1b[0m      \x1b[2;1H');
  });

  it('starts a frame for a new terminal size from a clear screen, even before the resize event', () => {
    let size = { columns: 40, rows: 12 };
    const w = new FrameWriter(() => size);
    const img = imagePlaceholderLines(IMAGE, 6, 1);
    w.rewrite(inkFrame(['title', img[0]!], 0));
    size = { columns: 30, rows: 12 };
    const after = w.rewrite(inkFrame(['title', img[0]!], 3))!;
    expect(after.startsWith('\x1b[H\x1b[2J')).toBe(true);
    expect(after).toContain('title');
    expect(after).toContain(IMAGE);
    // A frame too wide for the terminal (laid out for the old size) leaves the next one to draw everything.
    size = { columns: 4, rows: 12 };
    w.rewrite(inkFrame(['title', 'x'], 3));
    expect(w.invalid).toBe(true);
    size = { columns: 4, rows: 12 };
    expect(w.rewrite(inkFrame(['ti', 'x'], 3))!.startsWith('\x1b[H\x1b[2J')).toBe(true);
    expect(w.invalid).toBe(false);
  });

  it('tells half-block stand-ins apart by registration, so a reused character is still a change', () => {
    const [a] = placeholderLines(['A'], 1);
    const [b] = placeholderLines(['B'], 1);
    expect(parseLine(`x${a}`).signature).not.toBe(parseLine(`x${b}`).signature);
    expect(parseLine('ab\x1b[31mc\x1b[39m').width).toBe(3);
  });

  it('keeps the last plain frame to draw again after Ctrl+Z and fg', () => {
    const p = new PlainFrames();
    const [stand] = placeholderLines(['#'], 1);
    expect(p.rewrite(inkFrame([`a${stand}`], 0))).toBe('a#\n');
    expect(p.repaint()).toBe('\x1b[H\x1b[2Ja#\n');
  });
});

describe('guarded input', () => {
  it('takes late terminal answers and Ctrl+Z out of what Ink reads', async () => {
    const input = new FakeTerminalIn();
    let suspended = 0;
    const guarded = guardedInput(input as unknown as NodeJS.ReadStream, () => suspended++);
    input.type('\x1b[?63;1;2;4c');
    expect(guarded.read()).toBeNull();
    input.type('r\x1a');
    expect(guarded.read()).toBe('r');
    await new Promise((r) => setImmediate(r));
    expect(suspended).toBe(1);
    input.type('q');
    expect(guarded.read()).toBe('q');
  });
});
