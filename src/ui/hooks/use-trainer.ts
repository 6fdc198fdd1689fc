/**
 * Subscribes the reducer to a TrainerClient. Messages are buffered and dispatched as one batch
 * per `flushMs`: a fast trainer sends far more step events than a person can read, and one
 * React render per batch (rather than per message) is what keeps the UI thread cheap.
 * flushMs 0 dispatches every message at once (tests).
 */
import { useEffect, useReducer, type Dispatch } from 'react';
import type { TrainerClient } from '../../protocol/client.js';
import type { WorkerMessage } from '../../protocol/messages.js';
import { initialState, reducer, type UiInput, type UiState } from '../state/reducer.js';

export const DEFAULT_FLUSH_MS = 100;

export function useTrainer(client: TrainerClient, flushMs = DEFAULT_FLUSH_MS): [UiState, Dispatch<UiInput>] {
  const [state, dispatch] = useReducer(reducer, undefined, initialState);
  useEffect(() => {
    let buffer: WorkerMessage[] = [];
    const flush = () => {
      if (buffer.length === 0) return;
      const messages = buffer;
      buffer = [];
      dispatch({ type: 'ui/batch', messages });
    };
    const unsubscribe = client.subscribe((message) => {
      if (flushMs <= 0) {
        dispatch(message);
        return;
      }
      buffer.push(message);
    });
    const timer = flushMs > 0 ? setInterval(flush, flushMs) : null;
    return () => {
      unsubscribe();
      if (timer !== null) clearInterval(timer);
    };
  }, [client, flushMs]);
  return [state, dispatch];
}
