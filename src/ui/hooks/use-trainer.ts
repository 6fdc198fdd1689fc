/**
 * Subscribes the reducer to a TrainerClient and paces the screen.
 *
 * A fast trainer sends far more step events than anyone can read, and every Ink frame
 * re-lays-out and re-tokenises the whole screen (measured: ~7 ms at 80×24, ~18 ms at 160×48 on
 * a 2-core machine; previews pass through as plain stand-ins, see
 * preview/placeholders.ts, or they would cost ten times that). So messages are
 * buffered and applied as one batch per frame, and the frame interval adapts to what frames
 * cost: interval = cost / cpuBudget, never below minIntervalMs (10 fps) nor above 2 s. The
 * same loop advances the clock (elapsed, ETA, "3 min ago") once a second when idle, so an
 * idle dashboard costs one frame a second.
 *
 * A frame's cost is the main thread's busy time since the previous frame (its event loop
 * utilisation): the render and Ink's output, but also what a render timer misses, such as
 * receiving messages, garbage collection and drawing previews in the background. On a busy
 * machine that time stretches, and the dashboard draws less often, as it should.
 *
 * minIntervalMs 0 applies every message at once (tests).
 */
import { performance } from 'node:perf_hooks';
import { useEffect, useReducer, useRef, type Dispatch } from 'react';
import type { TrainerClient } from '../../protocol/client.js';
import type { WorkerMessage } from '../../protocol/messages.js';
import { initialState, reducer, type UiInput, type UiState } from '../state/reducer.js';

export interface PacingOptions {
  /** Shortest time between frames; 0 = no buffering. */
  minIntervalMs?: number;
  /** Share of one core the UI thread may spend drawing. */
  cpuBudget?: number;
  /** Wall clock, epoch ms. */
  now?: () => number;
}

export const DEFAULT_MIN_INTERVAL_MS = 100;
/**
 * Pacing aims well below the 10% of a core the dashboard may take: a frame's cost is only known
 * after it was drawn, so the share over a run wobbles around the target; and a trainer that
 * keeps every core busy loses whatever the dashboard takes (5% of one core on a 2-core machine
 * is 2.5% of its training speed). At 160×48 that is still several frames a second.
 */
export const DEFAULT_CPU_BUDGET = 0.05;
const MAX_INTERVAL_MS = 2000;
const CLOCK_MS = 1000;

/** Next frame's delay from the smoothed cost of a frame. */
export function frameInterval(costMs: number, minIntervalMs: number, cpuBudget: number): number {
  return Math.min(MAX_INTERVAL_MS, Math.max(minIntervalMs, costMs / cpuBudget));
}

/** The smoothed cost of a frame in milliseconds of main-thread time. */
export class FrameCost {
  ms = 0;
  record(sample: number): void {
    // Rises at once on a slow frame, falls gently.
    this.ms = sample > this.ms ? sample : 0.8 * this.ms + 0.2 * sample;
  }
}

export function useTrainer(
  client: TrainerClient,
  options: PacingOptions = {},
): [UiState, Dispatch<UiInput>, FrameCost] {
  const { minIntervalMs = DEFAULT_MIN_INTERVAL_MS, cpuBudget = DEFAULT_CPU_BUDGET, now = Date.now } = options;
  const [state, dispatch] = useReducer(reducer, undefined, () => initialState(now()));
  // Through a ref, so a caller passing a fresh arrow each render does not resubscribe.
  const clockRef = useRef(now);
  clockRef.current = now;
  const costRef = useRef<FrameCost | null>(null);
  costRef.current ??= new FrameCost();
  const frameCost = costRef.current;

  useEffect(() => {
    const now = () => clockRef.current();
    if (minIntervalMs <= 0) {
      const unsubscribe = client.subscribe((message) => dispatch({ type: 'ui/batch', messages: [message], now: now() }));
      const clock = setInterval(() => dispatch({ type: 'ui/batch', messages: [], now: now() }), CLOCK_MS);
      return () => {
        unsubscribe();
        clearInterval(clock);
      };
    }
    let buffer: WorkerMessage[] = [];
    let lastFrame = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let busy = performance.eventLoopUtilization();
    const tick = () => {
      const time = now();
      // Busy time since the last tick: the previous frame and everything around it.
      const next = performance.eventLoopUtilization();
      frameCost.record(performance.eventLoopUtilization(next, busy).active);
      busy = next;
      if (buffer.length > 0 || time - lastFrame >= CLOCK_MS) {
        const messages = buffer;
        buffer = [];
        dispatch({ type: 'ui/batch', messages, now: time });
        lastFrame = time;
      }
      timer = setTimeout(tick, frameInterval(frameCost.ms, minIntervalMs, cpuBudget));
    };
    timer = setTimeout(tick, minIntervalMs);
    const unsubscribe = client.subscribe((message) => {
      buffer.push(message);
      // Faces someone pressed a key for are shown at once, not at the next paced frame:
      // the generate view promises a new grid within 150 ms of the key.
      if (message.type === 'generated') {
        if (timer !== null) clearTimeout(timer);
        tick();
      }
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [client, minIntervalMs, cpuBudget, frameCost]);

  return [state, dispatch, frameCost];
}
