/**
 * Splits what a control-socket client sends into lines without trusting it: a line longer than
 * the limit is reported once and then skipped as it streams in, so a client that sends 50 MB
 * without a newline costs no more memory than one that sends a short command.
 */
export type LineItem = { kind: 'line'; text: string } | { kind: 'too-long' };

export class CommandLines {
  private parts: Buffer[] = [];
  private size = 0;
  /** Inside a line that was already reported as too long: skip up to its newline. */
  private skipping = false;

  constructor(private readonly maxBytes: number) {}

  /** The complete lines (and too-long reports) that `chunk` finishes, in order. */
  push(chunk: Buffer): LineItem[] {
    const out: LineItem[] = [];
    let from = 0;
    while (from < chunk.length) {
      const nl = chunk.indexOf(0x0a, from);
      const end = nl < 0 ? chunk.length : nl;
      if (!this.skipping) {
        const piece = chunk.subarray(from, end);
        if (this.size + piece.length > this.maxBytes) {
          // Report now, not at the newline: a client may never send one.
          out.push({ kind: 'too-long' });
          this.parts = [];
          this.size = 0;
          this.skipping = true;
        } else if (piece.length > 0) {
          // A copy, so the socket's chunk is not kept alive by a few bytes of it.
          this.parts.push(Buffer.from(piece));
          this.size += piece.length;
        }
      }
      if (nl < 0) break;
      if (!this.skipping) {
        const text = Buffer.concat(this.parts, this.size).toString('utf8');
        if (text.trim()) out.push({ kind: 'line', text });
      }
      this.parts = [];
      this.size = 0;
      this.skipping = false;
      from = nl + 1;
    }
    return out;
  }
}
