/**
 * Progress of a long step on stderr: redrawn in place on a terminal, one line per quarter
 * otherwise (so a log or CI output gets a few lines, not thousands).
 */
export function progressLine(what: string, write: (text: string) => void, tty = Boolean(process.stderr.isTTY)): (done: number, total: number) => void {
  let lastPct = -1;
  return (done, total) => {
    const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
    if (tty) {
      if (pct === lastPct) return;
      lastPct = pct;
      const bar = '█'.repeat(Math.round(pct / 5)).padEnd(20, '░');
      write(`\r${what} ${bar} ${pct}%${done >= total ? '\n' : ''}`);
      return;
    }
    const quarter = Math.floor(pct / 25);
    if (quarter === lastPct) return;
    lastPct = quarter;
    write(`${what}: ${done}/${total}\n`);
  };
}
