import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { cellFromProbe, detectTerminal, probeQuery, type TerminalIo } from '../../src/ui/preview/detect.js';
import { parseReplies, stripReplies } from '../../src/ui/preview/replies.js';
import { resolvePreview } from '../../src/ui/preview/mode.js';

/**
 * A terminal at the other end of stdin/stdout: `answer` turns each query written into what the
 * terminal sends back (nothing, for a silent one), delivered a moment later as input.
 */
function fakeTerminal(answer: (query: string) => string, size = { columns: 160, rows: 48 }) {
  const stdin = Object.assign(new EventEmitter(), {
    isTTY: true,
    isRaw: false,
    rawCalls: [] as boolean[],
    unshifted: [] as string[],
    setRawMode(on: boolean) {
      this.isRaw = on;
      this.rawCalls.push(on);
      return this;
    },
    resume() {
      return this;
    },
    pause() {
      return this;
    },
    unshift(chunk: Buffer) {
      this.unshifted.push(chunk.toString());
    },
  });
  const written: string[] = [];
  const stdout = {
    ...size,
    isTTY: true,
    write(query: string) {
      written.push(query);
      const reply = answer(query);
      if (reply) setTimeout(() => stdin.emit('data', Buffer.from(reply)), 5);
      return true;
    },
  };
  return { io: { stdin, stdout } as unknown as TerminalIo, stdin, written };
}

/** xterm 379 with -ti vt340: DA1 with 4, no window ops; a sixel probe moves the cursor as xterm does (6×13 cells). */
function xterm(query: string): string {
  let reply = '';
  if (query.includes('\x1b[c')) reply += '\x1b[?63;1;2;4;6;9;15;16;22;28c';
  const probe = /"1;1;(\d+);(\d+)/.exec(query);
  if (probe && query.includes('\x1b[6n')) {
    const [w, h] = [Number(probe[1]), Number(probe[2])];
    reply += `\x1b[${1 + Math.floor((h - 1) / 13)};${1 + Math.ceil(w / 6)}R`;
  }
  return reply;
}

describe('terminal replies', () => {
  it('reads DA1, cell and window sizes, iTerm2 cell reports and cursor reports', () => {
    const r = parseReplies('\x1b[6;20;10t\x1b[4;960;1600t\x1b]1337;ReportCellSize=17.0;8.0;2.0\x07\x1b[12;34R\x1b[?64;1;4c');
    expect(r.da1).toEqual([64, 1, 4]);
    expect(r.cell).toEqual({ width: 10, height: 20 });
    expect(r.window).toEqual({ width: 1600, height: 960 });
    expect(r.itermCell).toEqual({ width: 8, height: 17, scale: 2 });
    expect(r.cursor).toEqual([{ row: 12, col: 34 }]);
  });

  it('takes answers out of input and leaves keys', () => {
    expect(stripReplies('r\x1b[?62;4c\x1b[6;13;6tq\x1b[3;5R')).toBe('rq');
    expect(stripReplies('\x1b[A?')).toBe('\x1b[A?');
  });

  it('works out the cell from where a probe left the cursor, never larger than the cells', () => {
    const { width, height } = probeQuery(160, 48);
    for (const [cw, ch] of [[6, 13], [7, 14], [9, 18], [10, 20], [8, 17]] as const) {
      const at = { row: 1 + Math.floor((height - 1) / ch), col: 1 + Math.ceil(width / cw) };
      const cell = cellFromProbe(at, width, height)!;
      expect(cell.width).toBe(cw);
      expect(cell.height).toBeLessThanOrEqual(ch);
      expect(cell.height).toBeGreaterThanOrEqual(ch - 1);
    }
    expect(cellFromProbe({ row: 1, col: 1 }, width, height)).toBeNull();
  });
});

describe('terminal detection', () => {
  it('finds sixel in a DA1 with 4, and the cell in the CSI 16 t answer', async () => {
    const t = fakeTerminal((q) => (q.includes('\x1b[c') ? '\x1b[6;20;10t\x1b[?62;4;22c' : ''));
    const caps = await detectTerminal({ TERM: 'foot' }, t.io, { timeoutMs: 200 });
    expect(caps).toMatchObject({ sixel: true, answered: true, cell: { width: 10, height: 20 } });
    expect(caps.notes.join('\n')).toMatch(/DA1 answer 62;4;22: sixel \(4\)/);
    expect(resolvePreview('auto', { TERM: 'foot' }, caps).kind).toBe('sixel');
    // One round trip: the cell size came, no probe.
    expect(t.written).toHaveLength(1);
    expect(t.stdin.rawCalls).toEqual([true, false]);
  });

  it('finds no sixel in a DA1 without 4: blocks stay the default', async () => {
    const t = fakeTerminal((q) => (q.includes('\x1b[c') ? '\x1b[?1;2c' : ''));
    const caps = await detectTerminal({ TERM: 'xterm-256color' }, t.io, { timeoutMs: 200 });
    expect(caps).toMatchObject({ sixel: false, answered: true, cell: null });
    expect(resolvePreview('auto', { TERM: 'xterm-256color' }, caps).kind).toBe('blocks');
  });

  it('measures the cell with a blank sixel where the terminal does not say it (xterm)', async () => {
    const t = fakeTerminal(xterm);
    const caps = await detectTerminal({ TERM: 'xterm' }, t.io, { timeoutMs: 200 });
    expect(caps).toMatchObject({ sixel: true, cell: { width: 6, height: 13 } });
    expect(t.written).toHaveLength(2);
    // The probe draws nothing, turns mode 8452 back off and puts the cursor back.
    expect(t.written[1]).toMatch(/^\x1b7\x1b\[\?8452h\x1b\[1;1H\x1bP0;1;0q/);
    expect(t.written[1]).toMatch(/\x1b\[6n\x1b\[\?8452l\x1b8$/);
    expect(t.written[1]).not.toMatch(/#\d/);
  });

  it('gives up on a terminal that never answers within the time-out', async () => {
    const t = fakeTerminal(() => '');
    const started = performance.now();
    const caps = await detectTerminal({ TERM: 'vt100' }, t.io, { timeoutMs: 60 });
    expect(performance.now() - started).toBeLessThan(500);
    expect(caps).toMatchObject({ sixel: false, answered: false, cell: null });
    expect(caps.notes.join('\n')).toMatch(/no answer to DA1/);
    expect(resolvePreview('auto', { TERM: 'vt100' }, caps).kind).toBe('blocks');
  });

  it('puts back keys typed while it waited', async () => {
    const t = fakeTerminal((q) => (q.includes('\x1b[c') ? 'j\x1b[?62;4c' : ''));
    await detectTerminal({}, t.io, { timeoutMs: 200 });
    expect(t.stdin.unshifted).toEqual(['j']);
  });

  it('asks iTerm2 for its cell size; inside tmux names the client and leaves iTerm2 images out', async () => {
    const iterm = fakeTerminal((q) => (q.includes('ReportCellSize') ? '\x1b]1337;ReportCellSize=17.0;8.0;2.0\x07\x1b[?62;4c' : ''));
    const caps = await detectTerminal({ TERM_PROGRAM: 'iTerm.app' }, iterm.io, { timeoutMs: 200 });
    expect(caps).toMatchObject({ iterm: true, cell: { width: 16, height: 34 } });
    expect(resolvePreview('auto', { TERM_PROGRAM: 'iTerm.app' }, caps).kind).toBe('iterm');

    const env = { TMUX: '/tmp/tmux-0/default,1,0', LC_TERMINAL: 'iTerm2', TERM: 'tmux-256color' };
    const inTmux = fakeTerminal((q) => (q.includes('\x1b[c') ? '\x1b[?1;2c' : ''));
    const tmuxCaps = await detectTerminal(env, inTmux.io, { timeoutMs: 200, tmux: async () => ({ client: 'xterm-256color', version: '3.3a' }) });
    expect(tmuxCaps).toMatchObject({ iterm: false, sixel: false, tmux: { client: 'xterm-256color', version: '3.3a' } });
    expect(tmuxCaps.notes.join('\n')).toMatch(/inside tmux 3\.3a, client terminal xterm-256color/);
    expect(resolvePreview('auto', env, tmuxCaps).kind).toBe('blocks');
  });
});
