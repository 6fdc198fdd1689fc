/**
 * Ctrl+C, SIGTERM and SIGHUP (but see hang-up.ts) ask a trainer to stop after a final checkpoint; a second one, later,
 * forces the exit. The handlers stay registered for the whole run because conf's atomic writer
 * (when-exit) re-raises every signal right after its own cleanup: without a listener of ours that
 * echo would kill the process before the checkpoint is written. Echoes arrive within a millisecond
 * of the first signal; a person's second press comes far later.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const ECHO_MS = 300;

export type StopSignal = (typeof SIGNALS)[number];

/** signals: which ones stop; a dashboard leaves SIGHUP out (a hang-up carries on: hang-up.ts). */
export function onStopSignals(stop: () => void, force: () => void, signals: readonly StopSignal[] = SIGNALS): () => void {
  let first = 0;
  const handler = () => {
    const now = Date.now();
    if (first === 0) {
      first = now;
      stop();
    } else if (now - first > ECHO_MS) force();
  };
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}
