/**
 * What the terminal can show, asked of the terminal itself where the environment cannot say:
 *
 * - DA1 (CSI c): every terminal answers it, so it goes last and its answer ends the wait; a 4 in
 *   it means sixel. Inside tmux, tmux answers, with 4 only where it draws sixel itself (3.4+).
 * - CSI 16 t: a cell in pixels (CSI 14 t, the text area, divided by the size, where only that is
 *   answered); iTerm2's ReportCellSize where iTerm2 is named. xterm answers none of these unless
 *   allowWindowOps is set, so where sixel is offered and no size came, a blank sixel is drawn and
 *   the cursor asked where it ended (with mode 8452 the cursor lands right of the image).
 * - TERM_PROGRAM / LC_TERMINAL (the latter also over SSH from iTerm2) for iTerm2's and WezTerm's
 *   inline images; tmux's client terminal from `tmux display`.
 *
 * Each wait has a time-out, so a terminal that answers nothing costs at most that, and answers
 * that come later are taken out of the input (replies.ts) rather than read as keys.
 */
import { execFile } from 'node:child_process';
import { hasDa1, parseReplies, stripReplies } from './replies.js';

export interface CellSize {
  /** Pixels across and down one cell. */
  width: number;
  height: number;
}

export interface TerminalCaps {
  /** Sixel images (DA1 listed 4). */
  sixel: boolean;
  /** iTerm2 inline images (iTerm2, WezTerm), outside tmux. */
  iterm: boolean;
  /** kitty's Unicode-placeholder images (kitty, Ghostty), outside tmux. */
  kitty: boolean;
  /** A cell in pixels, when the terminal said or the probe measured; null when unknown. */
  cell: CellSize | null;
  /** The terminal answered DA1: it was there to ask. */
  answered: boolean;
  /** Inside tmux: the terminal tmux runs in, and tmux's version. */
  tmux: { client: string; version: string } | null;
  /** What was found and how, a line each (for doctor). */
  notes: string[];
}

export interface TerminalIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
}

/** Longest wait for each round of answers. */
export const DETECT_TIMEOUT_MS = 250;

/** Terminals that show kitty Unicode-placeholder images. tmux would need passthrough, so not there. */
export function supportsKittyPlaceholders(env: NodeJS.ProcessEnv): boolean {
  if (env['TMUX']) return false;
  return (
    env['TERM'] === 'xterm-kitty' ||
    env['KITTY_WINDOW_ID'] !== undefined ||
    env['TERM'] === 'xterm-ghostty' ||
    env['TERM_PROGRAM'] === 'ghostty'
  );
}

/** iTerm2 or WezTerm by their variables; LC_TERMINAL is what iTerm2 sends over SSH. */
export function namesItermImages(env: NodeJS.ProcessEnv): string | null {
  const program = env['TERM_PROGRAM'] ?? '';
  if (program === 'iTerm.app' || program === 'WezTerm') return `TERM_PROGRAM=${program}`;
  if (env['LC_TERMINAL'] === 'iTerm2') return 'LC_TERMINAL=iTerm2';
  return null;
}

/** What the environment alone says: no sixel (only the terminal can say), no cell size. */
export function envCaps(env: NodeJS.ProcessEnv): TerminalCaps {
  const notes: string[] = [];
  const kitty = supportsKittyPlaceholders(env);
  if (kitty) notes.push(`kitty placeholders: TERM=${env['TERM'] ?? ''}${env['TERM_PROGRAM'] ? `, TERM_PROGRAM=${env['TERM_PROGRAM']}` : ''}`);
  const iterm = namesItermImages(env);
  if (iterm && env['TMUX']) notes.push(`${iterm}, but inside tmux: iTerm2 images would not survive tmux's redraws`);
  else if (iterm) notes.push(`iTerm2 inline images: ${iterm}`);
  return { sixel: false, iterm: iterm !== null && !env['TMUX'], kitty, cell: null, answered: false, tmux: null, notes };
}

/**
 * Sends `query` and collects what stdin delivers until `done` says enough or `timeoutMs` has
 * passed. Raw mode for the while (answers come without a newline); anything that is not an
 * answer (keys typed meanwhile) is put back for the app.
 */
export function ask(io: TerminalIo, query: string, done: (replies: string) => boolean, timeoutMs: number): Promise<{ replies: string; timedOut: boolean }> {
  const { stdin, stdout } = io;
  const wasRaw = stdin.isRaw === true;
  stdin.setRawMode(true);
  let replies = '';
  return new Promise((resolve) => {
    const finish = (timedOut: boolean) => {
      clearTimeout(timer);
      stdin.off('data', onData);
      stdin.pause();
      if (!wasRaw) stdin.setRawMode(false);
      const rest = stripReplies(replies);
      if (rest !== '') stdin.unshift(Buffer.from(rest, 'utf8'));
      resolve({ replies, timedOut });
    };
    const onData = (data: Buffer | string) => {
      replies += typeof data === 'string' ? data : data.toString('utf8');
      if (done(replies)) finish(false);
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    stdin.on('data', onData);
    stdin.resume();
    stdout.write(query);
  });
}

/** A sixel `width`×`height` pixels that draws nothing (P2=1, every sixel empty). */
function blankSixel(width: number, height: number): string {
  const bands = Math.ceil(height / 6);
  return `\x1bP0;1;0q"1;1;${width};${height}` + Array.from({ length: bands }, () => `!${width}?`).join('-') + '\x1b\\';
}

/**
 * The probe for terminals that draw sixel but do not tell their cell size: a blank sixel from
 * the top-left corner, then where the cursor went. Sized for cells of at least 4×6 pixels, so it
 * never reaches the last row (which would scroll).
 */
export function probeQuery(columns: number, rows: number): { query: string; width: number; height: number } {
  const width = Math.max(6, (columns - 1) * 4);
  const height = Math.max(6, (rows - 2) * 6);
  const query = `\x1b7\x1b[?8452h\x1b[1;1H${blankSixel(width, height)}\x1b[6n\x1b[?8452l\x1b8`;
  return { query, width, height };
}

/**
 * The cell size a probe's cursor report implies. Across, the cursor lands right of the image:
 * ceil(width / cellWidth) columns on. Down, it stays on the image's last row: floor((height − 1) /
 * cellHeight) rows down. Of the sizes that fit, the smallest: a cell taken too large would give
 * faces too few cells, and they would spill over their neighbours.
 */
export function cellFromProbe(cursor: { row: number; col: number }, width: number, height: number): CellSize | null {
  const across = cursor.col - 1;
  const down = cursor.row - 1;
  if (across < 1 || down < 1) return null;
  return saneCell({ width: Math.ceil(width / across), height: Math.floor((height - 1) / (down + 1)) + 1 });
}

function saneCell(cell: CellSize): CellSize | null {
  const ok = (v: number, lo: number, hi: number) => Number.isFinite(v) && v >= lo && v <= hi;
  return ok(cell.width, 3, 128) && ok(cell.height, 6, 256) ? { width: Math.round(cell.width), height: Math.round(cell.height) } : null;
}

/** tmux's client terminal and version, or null (not answered in time, no tmux binary). */
export function tmuxClient(timeoutMs: number): Promise<{ client: string; version: string } | null> {
  return new Promise((resolve) => {
    execFile('tmux', ['display', '-p', '#{client_termname}|#{version}'], { timeout: timeoutMs }, (err, stdout) => {
      if (err) return resolve(null);
      const [client = '', version = ''] = String(stdout).trim().split('|');
      resolve({ client, version });
    });
  });
}

export interface DetectOptions {
  timeoutMs?: number;
  /** Draw the probe on the alternate screen (doctor, on the shell's screen); the views are there already. */
  probeScreen?: boolean;
  /** tmux's answer (tests pin it); asked of tmux when absent and TMUX is set. */
  tmux?: () => Promise<{ client: string; version: string } | null>;
}

/** Asks the terminal what it can show; never longer than two time-outs. */
export async function detectTerminal(env: NodeJS.ProcessEnv, io: TerminalIo, opts: DetectOptions = {}): Promise<TerminalCaps> {
  const timeoutMs = opts.timeoutMs ?? DETECT_TIMEOUT_MS;
  const caps = envCaps(env);
  const tmux = env['TMUX'] ? (opts.tmux ?? (() => tmuxClient(timeoutMs)))() : Promise.resolve(null);
  const itermNamed = namesItermImages(env) !== null;
  const query = '\x1b[16t\x1b[14t' + (itermNamed ? '\x1b]1337;ReportCellSize\x07' : '') + '\x1b[c';
  const first = await ask(io, query, hasDa1, timeoutMs);
  const r = parseReplies(first.replies);
  caps.answered = r.da1 !== null;
  if (r.da1 === null) caps.notes.push(`no answer to DA1 (CSI c) within ${timeoutMs} ms`);
  else {
    caps.sixel = r.da1.includes(4);
    caps.notes.push(`DA1 answer ${r.da1.join(';')}: ${caps.sixel ? 'sixel (4)' : 'no sixel (no 4)'}`);
  }
  const columns = io.stdout.columns || 80;
  const rows = io.stdout.rows || 24;
  if (r.itermCell) {
    caps.cell = saneCell({ width: r.itermCell.width * r.itermCell.scale, height: r.itermCell.height * r.itermCell.scale });
    if (caps.cell) caps.notes.push(`cell ${caps.cell.width}×${caps.cell.height} px (iTerm2 ReportCellSize)`);
  }
  if (!caps.cell && r.cell) {
    caps.cell = saneCell(r.cell);
    if (caps.cell) caps.notes.push(`cell ${caps.cell.width}×${caps.cell.height} px (CSI 16 t)`);
  }
  if (!caps.cell && r.window) {
    caps.cell = saneCell({ width: Math.floor(r.window.width / columns), height: Math.floor(r.window.height / rows) });
    if (caps.cell) caps.notes.push(`cell ${caps.cell.width}×${caps.cell.height} px (CSI 14 t over ${columns}×${rows})`);
  }
  if (!caps.cell && caps.sixel) {
    const probe = probeQuery(columns, rows);
    const query = opts.probeScreen ? `\x1b[?1049h${probe.query}\x1b[?1049l` : probe.query;
    const second = await ask(io, query, (s) => parseReplies(s).cursor.length > 0, timeoutMs);
    const at = parseReplies(second.replies).cursor[0];
    caps.cell = at ? cellFromProbe(at, probe.width, probe.height) : null;
    caps.notes.push(caps.cell ? `cell ${caps.cell.width}×${caps.cell.height} px (measured with a blank sixel)` : 'cell size not reported nor measured');
  }
  caps.tmux = await tmux;
  if (caps.tmux) {
    caps.notes.push(`inside tmux ${caps.tmux.version}, client terminal ${caps.tmux.client}: sixel only where tmux draws it (3.4+ built with sixel)`);
  }
  return caps;
}
