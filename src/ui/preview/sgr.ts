/**
 * Rewrites the colour escapes of a line of half-block cells. chalk (through terminal-image)
 * opens and closes both colours around every cell ("bg fg ▄ close close"), five escapes where
 * two or fewer do: a line is rewritten to set a colour only where it changes and to close both
 * at its end, which halves what the terminal receives and what Ink tokenises wherever it sees
 * the lines. Cells the caller marks as gaps become plain blanks.
 */

const TOKEN = /\x1b\[([0-9;]*)m|\x1b|[^\x1b]/gu;

export function compactSgr(line: string, isGap: (cell: number) => boolean = () => false): string {
  const colours: Colours = { fg: null, bg: null };
  let shownFg: string | null = null;
  let shownBg: string | null = null;
  let out = '';
  let cell = 0;
  for (const m of line.matchAll(TOKEN)) {
    const params = m[1];
    if (params !== undefined) {
      applySgr(colours, params);
      continue;
    }
    const gap = isGap(cell++);
    const fg = gap ? null : colours.fg;
    const bg = gap ? null : colours.bg;
    if (fg !== shownFg) out += fg === null ? '\x1b[39m' : `\x1b[${fg}m`;
    if (bg !== shownBg) out += bg === null ? '\x1b[49m' : `\x1b[${bg}m`;
    shownFg = fg;
    shownBg = bg;
    out += gap ? ' ' : m[0];
  }
  if (shownFg !== null) out += '\x1b[39m';
  if (shownBg !== null) out += '\x1b[49m';
  return out;
}

interface Colours {
  fg: string | null;
  bg: string | null;
}

/** Applies one SGR's parameters to the current colours; chalk sends one attribute per SGR. */
function applySgr(c: Colours, params: string): void {
  if (isOneExtendedColour(params)) c[params[0] === '3' ? 'fg' : 'bg'] = params;
  else if (!params.includes(';')) applyCode(c, params === '' ? 0 : Number(params), params);
  else {
    // A compound SGR ("0;31"): take its codes one by one, keeping extended colours whole.
    const parts = params.split(';');
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k]!;
      const width = p === '38' || p === '48' ? (parts[k + 1] === '2' ? 5 : parts[k + 1] === '5' ? 3 : 1) : 1;
      const code = parts.slice(k, k + width).join(';');
      if (width > 1) c[p === '38' ? 'fg' : 'bg'] = code;
      else applyCode(c, Number(p), p);
      k += width - 1;
    }
  }
}

/** "38;2;r;g;b" or "48;5;n" and nothing more. */
function isOneExtendedColour(params: string): boolean {
  if (!(params.startsWith('38;') || params.startsWith('48;'))) return false;
  const semicolons = params.split(';').length - 1;
  return semicolons === (params[3] === '2' ? 4 : 2);
}

function applyCode(c: Colours, n: number, text: string): void {
  if (n === 0) c.fg = c.bg = null;
  else if (n === 39) c.fg = null;
  else if (n === 49) c.bg = null;
  else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) c.fg = text;
  else if ((n >= 40 && n <= 47) || (n >= 100 && n <= 107)) c.bg = text;
}
