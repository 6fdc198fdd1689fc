/**
 * What a person (or a watcher, or a signal) asks of a running trainer: pause, resume, checkpoint,
 * stop. Requests only set flags and wake a paused loop; the loop acts on them between steps, so a
 * step is never cut in half.
 */
export class TrainerControls {
  paused = false;
  stopRequested = false;
  checkpointRequested = false;
  private wake: (() => void) | null = null;

  /** True when this call paused the trainer (false when it already was, or is stopping). */
  pause(): boolean {
    if (this.paused || this.stopRequested) return false;
    this.paused = true;
    return true;
  }

  /** True when this call resumed a paused trainer. */
  resume(): boolean {
    if (!this.paused) return false;
    this.paused = false;
    this.poke();
    return true;
  }

  requestCheckpoint(): void {
    this.checkpointRequested = true;
    this.poke();
  }

  stop(): void {
    this.stopRequested = true;
    this.poke();
  }

  /** Takes a pending checkpoint request, if any. */
  takeCheckpointRequest(): boolean {
    const asked = this.checkpointRequested;
    this.checkpointRequested = false;
    return asked;
  }

  /** Resolves on the next request (resume, stop or checkpoint). */
  async nextRequest(): Promise<void> {
    // A paused trainer waits on nothing but this promise. In a background trainer every other
    // handle is unref'd (the control socket, so that watchers cannot keep a finished run alive):
    // once the last watcher hung up, Node would find nothing left to do and exit mid-run, with
    // no final checkpoint and the lock left behind. The timer holds the process until a request.
    const hold = setInterval(() => {}, 1 << 30);
    await new Promise<void>((r) => (this.wake = r));
    clearInterval(hold);
    this.wake = null;
  }

  private poke(): void {
    this.wake?.();
  }
}
