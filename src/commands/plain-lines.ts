/** One readable line per trainer event, for pipes, CI and logs (the Keras-style non-TTY output). */
import type { TrainerEvent } from '../protocol/events.js';
import { assertNever } from '../protocol/messages.js';
import { hasClassifier } from '../protocol/vocabulary.js';

const pct = (v: number | undefined) => (v === undefined ? '–' : `${Math.round(v * 100)}%`);
const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3));

export function plainLine(e: TrainerEvent): string | null {
  switch (e.type) {
    case 'start': {
      const data =
        e.dataset.source === 'drawn'
          ? `${e.dataset.count} built-in drawn faces (point --data or ANIME_GAN_DATA at an MLDS folder for real ones)`
          : `${e.dataset.count} faces from ${e.dataset.dir}`;
      return [
        `${e.resumed ? 'resuming' : 'starting'} run ${e.run} (${e.runDir}) · ${e.model} ×${e.width} · ${e.loss} · batch ${e.batch}${hasClassifier(e.model) ? ` · λ ${e.lambda}` : e.model === 'projection' ? ' · hinge loss, classes projected into D' : ''}`,
        `backend ${e.backend}: ${e.device} (${e.backendReason})`,
        `data: ${data} · ${e.stepsPerEpoch} steps/epoch · steps ${e.startStep + 1}–${e.totalSteps}`,
      ].join('\n');
    }
    case 'step': {
      const cls =
        e.hairAccReal === undefined
          ? ''
          : ` · hair ${pct(e.hairAccReal)}/${pct(e.hairAccFake)} eyes ${pct(e.eyesAccReal)}/${pct(e.eyesAccFake)} (real/fake)`;
      return `epoch ${e.epoch} step ${e.step} (${e.stepInEpoch}/${e.stepsPerEpoch}) · D ${num(e.dLoss)} G ${num(e.gLoss)} · D(x) ${num(e.dReal)} D(G(z)) ${num(e.dFake)}${cls} · ${e.imgPerSec.toFixed(1)} img/s`;
    }
    case 'epoch':
      return `epoch ${e.epoch} done at step ${e.step}${e.sample ? ` · samples ${e.sample}` : ''}`;
    case 'sample':
      return null;
    case 'checkpoint':
      // 'stop' is the checkpoint every run ends with, completed or stopped.
      return `checkpoint (${e.reason === 'stop' ? 'final' : e.reason}) step ${e.step} → ${e.path}`;
    case 'quality': {
      const acc = e.bothAcc === undefined ? '' : ` · hair ${pct(e.hairAcc)} eyes ${pct(e.eyesAcc)} both ${pct(e.bothAcc)}`;
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
