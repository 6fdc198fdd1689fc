/**
 * When whatever reads our output goes away (`train … | head -3`, or the terminal itself: a
 * closed tmux pane or a dropped SSH connection), writes fail with EPIPE or EIO. Left
 * alone that is an uncaught error: a stack trace, and a trainer killed between checkpoints, its
 * run shown as crashed. Instead a command may say what closing means for it (a trainer stops
 * after a final checkpoint, as on Ctrl+C); every other command simply ends, quietly.
 */
let closed = false;
let onClose: (() => void) | null = null;

export function stdoutClosed(): boolean {
  return closed;
}

const GONE = new Set(['EPIPE', 'EIO', 'ERR_STREAM_DESTROYED']);

/** Installs the handling on an output stream (stdout, stderr); once per stream. */
export function watchStdout(stream: NodeJS.WriteStream = process.stdout, exit: (code: number) => void = process.exit): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (!GONE.has(err.code ?? '')) throw err;
    if (closed) return;
    closed = true;
    if (onClose) onClose();
    else exit(0);
  });
}

/** While registered, a closed stdout calls `fn` instead of ending the process. */
export function whenStdoutCloses(fn: () => void): () => void {
  onClose = fn;
  return () => {
    if (onClose === fn) onClose = null;
  };
}
