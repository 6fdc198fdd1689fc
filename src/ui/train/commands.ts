/**
 * What each keymap command does: the trainer command it sends (if any) and the UI action it
 * records. Kept apart from the input hook so the rules (send stop once, λ never below 0,
 * pause or resume by state) are plain functions of the state.
 */
import { assertNever } from '../../protocol/messages.js';
import { runGenerateCommand } from '../generate/generate-commands.js';
import type { KeyAction } from '../keymap.js';
import type { CommandContext } from '../command-context.js';
import type { UiState } from '../state/reducer.js';
import { hasClassLoss, targetLambda, trainerFinished, wantsPaused } from '../state/selectors.js';

export const LAMBDA_STEP = 0.5;

export type { CommandContext } from '../command-context.js';

export function runCommand(command: KeyAction, ctx: CommandContext): void {
  const { state, client, dispatch } = ctx;
  switch (command) {
    case 'pause-resume': {
      if (!canSteer(state)) return;
      // From what the user last saw or asked for, not the trainer's last answer: that may not
      // have arrived yet, and toggling it would turn a quick second press into a repeat.
      const pause = !wantsPaused(state);
      client.send({ type: pause ? 'pause' : 'resume' });
      dispatch({ type: 'ui/pause-requested', paused: pause });
      return;
    }
    case 'checkpoint':
      if (!canSteer(state) || state.checkpointRequested) return;
      client.send({ type: 'checkpoint' });
      dispatch({ type: 'ui/checkpoint-requested' });
      return;
    case 'lambda-down':
    case 'lambda-up': {
      if (!canSteer(state) || (state.start !== null && !hasClassLoss(state.start.model))) return;
      const current = targetLambda(state);
      if (current === null) return;
      const delta = command === 'lambda-up' ? LAMBDA_STEP : -LAMBDA_STEP;
      const lambda = Math.max(0, Math.round((current + delta) * 1000) / 1000);
      if (lambda === current) return;
      client.send({ type: 'set-lambda', lambda });
      dispatch({ type: 'ui/lambda-requested', lambda });
      return;
    }
    case 'smoothing':
      dispatch({ type: 'ui/toggle-smoothing' });
      return;
    case 'generate-view':
    case 'train-view':
    case 'value-prev':
    case 'value-next':
    case 'field-prev':
    case 'field-next':
    case 'new-seed':
    case 'lock-noise':
    case 'interpolate':
    case 'save-grid':
    case 'save-face':
    case 'generate-model':
    case 'zoom-face':
      runGenerateCommand(command, ctx);
      return;
    case 'epoch-prev':
    case 'epoch-next':
      dispatch({ type: 'ui/scrub', delta: command === 'epoch-next' ? 1 : -1 });
      return;
    case 'help':
      dispatch({ type: 'ui/toggle-help' });
      return;
    case 'leave':
      // A watcher does not own the trainer: closing the viewer must not stop it.
      ctx.exit();
      return;
    case 'stop-trainer':
      // Stays open (App exits on 'done') so the watcher sees the final checkpoint land.
      if (state.stopping || trainerFinished(state)) return;
      client.send({ type: 'stop' });
      dispatch({ type: 'ui/stop-requested' });
      return;
    case 'quit':
      // First press: ask for a clean stop (final checkpoint) and wait for 'done' / 'exited'.
      // Second press, or nothing left to stop: leave now.
      if (state.stopping || trainerFinished(state)) {
        ctx.exit();
        return;
      }
      client.send({ type: 'stop' });
      dispatch({ type: 'ui/stop-requested' });
      return;
    default:
      // A new keymap command must be handled here: the compiler says so.
      assertNever(command);
  }
}

/** Steering makes sense only while a trainer runs and is not being stopped. */
function canSteer(state: UiState): boolean {
  return state.start !== null && !state.stopping && !trainerFinished(state);
}
