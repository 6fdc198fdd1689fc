/**
 * Holds back the screen update of a key that asked for new faces, for up to HOLD_MS: when the
 * faces come back sooner, the key's changes and the faces reach the screen in one frame.
 *
 * Why: a frame of the generate view costs this thread ~50 ms on a 2-core machine (Ink re-reads
 * every coloured cell), and while it draws "drawing…" the generator's answer waits in the queue
 * behind it. Held back, the thread is free when the answer comes. The state the next key sees is
 * never held back (the caller keeps its own copy current); only React's copy, which drives the
 * screen, is.
 */
import type { UiInput } from '../state/reducer.js';

/** Longer than a 4×4 grid takes at width 1 on two cores, short enough to read as an answer to the key. */
export const HOLD_MS = 120;

export class DeferredDispatch {
  private queue: UiInput[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly dispatch: (input: UiInput) => void,
    private readonly holdMs = HOLD_MS,
  ) {}

  /** Passes `input` on, or (hold) queues it until flush() or the timer; order is kept either way. */
  push(input: UiInput, hold: boolean): void {
    if (!hold) {
      this.flush();
      this.dispatch(input);
      return;
    }
    this.queue.push(input);
    this.timer ??= setTimeout(() => this.flush(), this.holdMs);
  }

  /** What is held: the newest state is the screen's with these applied. */
  held(): readonly UiInput[] {
    return this.queue;
  }

  /** Everything held, now (before the answer it waited for is applied). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const queued = this.queue;
    this.queue = [];
    for (const input of queued) this.dispatch(input);
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
  }
}
