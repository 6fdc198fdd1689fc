/** One readable line per trainer event, for pipes, CI and logs (the Keras-style non-TTY output). */
import { DEFAULT_ATTRIBUTES, type TrainerEvent } from '../protocol/events.js';
import { assertNever } from '../protocol/messages.js';
import { hasClassifier } from '../protocol/vocabulary.js';

const pct = (v: number | undefined) => (v === undefined ? '–' : `${Math.round(v * 100)}%`);
const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3));

/**
 * A line for each event, naming the class attributes as the run's start event did: steps and
 * quality lines carry numbers only, so a follower of the stream keeps the names (see plainLines).
 */
export function plainLine(e: TrainerEvent, attributes: readonly [string, string] = DEFAULT_ATTRIBUTES): string | null {
  const [nameA, nameB] = attributes;
  switch (e.type) {
    case 'start': {
      const { dataset } = e;
      const labels =
        dataset.hairVocab.length > 0 ? ` (${dataset.hairVocab.length} ${dataset.attributes[0]} × ${dataset.eyesVocab.length} ${dataset.attributes[1]})` : '';
      const data =
        dataset.source === 'drawn'
          ? `${dataset.count} built-in drawn faces (point --data or ANIME_GAN_DATA at a folder of images for real ones)`
          : `${dataset.count} faces from ${dataset.dir}${labels}`;
      const recipe = [
        e.emaBeta ? `samples drawn by averaged G (β ${e.emaBeta})` : '',
        e.learningRateG !== undefined || e.learningRateD !== undefined ? `lr G ${e.learningRateG ?? e.learningRate} D ${e.learningRateD ?? e.learningRate}` : '',
        e.diffAugment?.length ? `D's inputs augmented (${e.diffAugment.join(', ')}; p ${e.diffAugmentP ?? 1})` : '',
        e.reuseFake ? 'one G forward a step' : '',
      ].filter((x) => x !== '');
      return [
        `${e.resumed ? 'resuming' : 'starting'} run ${e.run} (${e.runDir}) · ${e.model} ×${e.width} · ${e.loss} · batch ${e.batch}${hasClassifier(e.model) ? ` · λ ${e.lambda}` : e.model === 'projection' ? ' · hinge loss, classes projected into D' : ''}`,
        `backend ${e.backend}: ${e.device} (${e.backendReason})`,
        `data: ${data} · ${e.stepsPerEpoch} steps/epoch · steps ${e.startStep + 1}–${e.totalSteps}`,
        ...(recipe.length ? [recipe.join(' · ')] : []),
      ].join('\n');
    }
    case 'step': {
      const cls =
        e.hairAccReal === undefined
          ? ''
          : ` · ${nameA} ${pct(e.hairAccReal)}/${pct(e.hairAccFake)} ${nameB} ${pct(e.eyesAccReal)}/${pct(e.eyesAccFake)} (real/fake)`;
      return `epoch ${e.epoch} step ${e.step} (${e.stepInEpoch}/${e.stepsPerEpoch}) · D ${num(e.dLoss)} G ${num(e.gLoss)} · D(x) ${num(e.dReal)} D(G(z)) ${num(e.dFake)}${cls}${e.augmentP === undefined ? '' : ` · aug p ${e.augmentP.toFixed(2)}`} · ${e.imgPerSec.toFixed(1)} img/s`;
    }
    case 'epoch':
      return `epoch ${e.epoch} done at step ${e.step}${e.sample ? ` · samples ${e.sample}` : ''}`;
    case 'sample':
      return null;
    case 'checkpoint':
      // 'stop' is the checkpoint every run ends with, completed or stopped.
      return `checkpoint (${e.reason === 'stop' ? 'final' : e.reason}) step ${e.step} → ${e.path}`;
    case 'quality': {
      const acc = e.bothAcc === undefined ? '' : ` · ${nameA} ${pct(e.hairAcc)} ${nameB} ${pct(e.eyesAcc)} both ${pct(e.bothAcc)}`;
      return `quality after epoch ${e.epoch}: Fréchet ${num(e.frechet)} (real ${num(e.frechetFloor)}) · diversity ${num(e.diversity)}${acc}${e.best ? ' · best so far' : ''}`;
    }
    case 'lambda':
      return `λ set to ${e.lambda} at step ${e.step}`;
    case 'pause':
      return `paused at step ${e.step}`;
    case 'resume':
      return `resumed at step ${e.step}`;
    case 'warning':
      return `warning: ${e.message}`;
    case 'error':
      return `error: ${e.message}`;
    case 'done':
      return `done (${e.reason}) at step ${e.step}, epoch ${e.epoch}${e.lastCheckpoint ? ` · last checkpoint ${e.lastCheckpoint}` : ''}`;
    default:
      return assertNever(e);
  }
}

/** plainLine for a stream of events: the attribute names come from the last start event seen (or `from`, before one). */
export function plainLines(from: readonly [string, string] = DEFAULT_ATTRIBUTES): (e: TrainerEvent) => string | null {
  let attributes = from;
  return (e) => {
    if (e.type === 'start') attributes = e.dataset.attributes;
    return plainLine(e, attributes);
  };
}
