/** What a key's command acts on; shared by the dashboard's commands and the generate view's. */
import type { TrainerClient } from '../protocol/client.js';
import type { UiInput, UiState } from './state/reducer.js';

export interface CommandContext {
  state: UiState;
  client: TrainerClient;
  dispatch: (input: UiInput) => void;
  /** Ends the Ink app. */
  exit: () => void;
  /** Fresh request ids and seeds (injectable so tests are deterministic). */
  nextRequestId: () => number;
  randomSeed: () => number;
}
