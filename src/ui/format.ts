/** Text formatting shared by the views: durations, numbers, widths. Pure functions only. */
import { homedir } from 'node:os';
import { isAbsolute, relative, sep } from 'node:path';

/** 3725 s → "01:02:05"; beyond 99 hours → "4d 03h". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--:--';
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86400);
  if (days >= 4) return `${days}d ${pad2(Math.floor((s % 86400) / 3600))}h`;
  const h = Math.floor(s / 3600);
  return `${pad2(h)}:${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`;
}

/** How long ago, coarse: "just now", "42 s ago", "3 min ago", "2 h ago". */
export function formatAgo(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 5) return 'just now';
  if (seconds < 60) return `${Math.floor(seconds)} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400 * 2) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** A loss or probability: fixed width-ish, never "NaN" in disguise. */
export function formatNumber(x: number | undefined | null, digits = 3): string {
  if (x === undefined || x === null) return '—';
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e5 || abs < 10 ** -digits)) return x.toExponential(1);
  return x.toFixed(digits);
}

/** 0.9312 → "93%". */
export function formatPercent(x: number | undefined | null): string {
  if (x === undefined || x === null || !Number.isFinite(x)) return '—';
  return `${Math.round(x * 100)}%`;
}

/** Learning rate the way people write it: 0.0002 → "2e-4". */
export function formatRate(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x >= 0.01) return String(Number(x.toPrecision(3)));
  const [mantissa, exponent] = x.toExponential().split('e');
  return `${Number(Number(mantissa).toPrecision(3))}e${Number(exponent)}`;
}

/** Throughput: 2.53 → "2.5", 412.3 → "412". */
export function formatThroughput(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  return x >= 100 ? String(Math.round(x)) : x.toFixed(1);
}

export function formatInt(n: number): string {
  return n.toLocaleString('en-US');
}

/** Cut a plain string to `width` cells with an ellipsis (labels are ASCII colour names). */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  if (width === 1) return '…';
  return `${text.slice(0, width - 1)}…`;
}

/**
 * Word-wraps plain text into lines of at most `width` cells. A word longer than a line (a long
 * path) is cut across lines rather than cut off, so nothing of the text is lost.
 */
export function wrapText(text: string, width: number): string[] {
  const room = Math.max(1, width);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (let word of paragraph.split(/ +/).filter((w) => w.length > 0)) {
      if (line.length > 0 && line.length + 1 + word.length <= room) {
        line += ' ' + word;
        continue;
      }
      if (line.length > 0) lines.push(line);
      while (word.length > room) {
        lines.push(word.slice(0, room));
        word = word.slice(room);
      }
      line = word;
    }
    lines.push(line);
  }
  return lines;
}

/** Pad or cut to exactly `width` cells. */
export function fit(text: string, width: number): string {
  return truncate(text, width).padEnd(width);
}

/**
 * A folder as the person at the terminal can use it: relative to where they stand when it lies
 * below it, with ~ for their home, else as it is.
 */
export function displayPath(dir: string, cwd = process.cwd(), home = homedir()): string {
  if (!isAbsolute(dir)) return dir;
  const rel = relative(cwd, dir);
  if (rel === '') return '.';
  if (!rel.startsWith('..') && !isAbsolute(rel)) return rel;
  if (home && (dir === home || dir.startsWith(home + sep))) return '~' + dir.slice(home.length);
  return dir;
}
