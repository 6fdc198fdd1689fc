/**
 * Where a resumed trainer starts from: the run's newest checkpoint that reads back whole, checked
 * against the settings and the data it is asked to continue with. A checkpoint that cannot
 * continue this run is refused with what differs, before any model is built. And when a run
 * blows up, how to go on from its last good checkpoint.
 */
import { learningRates, type TrainConfig } from './config.js';
import type { FaceDataset } from '../data/dataset.js';
import type { TrainerEvent } from '../protocol/events.js';
import { AppError, type ExitCode } from '../util/errors.js';
import type { Recorder, SavedTraining } from './recorder.js';
import { incompatibility } from './trainer-state.js';

export class TrainerError extends AppError {
  constructor(message: string, exitCode: ExitCode = 1) {
    super(message, exitCode);
  }
}

export interface ResumePoint {
  /** The settings to train with: the saved ones (a resume continues the same run) plus the overrides. */
  config: TrainConfig;
  saved: SavedTraining | null;
}

export async function findResumePoint(
  recorder: Recorder,
  dataset: FaceDataset,
  config: TrainConfig,
  overrides: Partial<TrainConfig>,
  onEvent: (event: TrainerEvent) => void,
): Promise<ResumePoint> {
  const warn = (message: string) => onEvent({ type: 'warning', time: Date.now(), message });
  const saved = await recorder.latestCheckpoint((msg) => warn(`skipped ${msg}`));
  // Killed before its first checkpoint: the run starts over from step 0 with its own settings.
  if (!saved) {
    warn(`${recorder.dir} has no checkpoint yet: starting it again from step 0`);
    return { config, saved: null };
  }
  const state = saved.meta.extra;
  // Exit code 2: the request, not the run, is at fault; the run is intact and resumes with the right settings.
  const diff = incompatibility(state.config, config);
  if (diff) throw new TrainerError(`cannot resume ${recorder.dir}: ${diff}`, 2);
  if (state.hairVocab.join() !== dataset.hairVocab.join() || state.eyesVocab.join() !== dataset.eyesVocab.join()) {
    const [nameA, nameB] = state.dataset?.attributes ?? dataset.attributes;
    throw new TrainerError(
      `cannot resume ${recorder.dir}: its classes (${state.hairVocab.length} ${nameA}, ${state.eyesVocab.length} ${nameB}) differ from this dataset's; use the data it was trained on`,
      2,
    );
  }
  return { config: { ...state.config, ...overrides }, saved };
}

/** What to say when training blew up: where the last good state is and how to go on from it. */
export function divergedMessage(what: string, lastCheckpoint: string | null, runDir: string, config: TrainConfig): string {
  const { g, d } = learningRates(config);
  // Both halved: one flag where the two are the same, the two flags where they differ.
  const lr = g === d ? `--lr ${g / 2}` : `--lr-g ${g / 2} --lr-d ${d / 2}`;
  return lastCheckpoint
    ? `${what}: training stopped and nothing was saved after ${lastCheckpoint}; continue from it with a lower learning rate: anime-gan-tui train --run ${runDir} --resume ${lr}`
    : `${what} before any checkpoint: start again with a lower learning rate (${lr})`;
}
