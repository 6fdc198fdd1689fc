/**
 * `npm run bench -- --quality`: what the training-time judgement costs, as a share of training.
 * Times the judgement of a generator of the given model and width (median of 5, after one to
 * warm up), a few training steps of the same model, and puts the judgement beside one epoch of the
 * data set: the share a run pays when it judges at every epoch end. The trainer also caps it at
 * QUALITY_BUDGET by skipping judgements (epochs of small data sets); this says whether it has to.
 */
import { isConditional, type ModelKind } from '../../engine/config.js';
import { selectBackend } from '../../backend/choose-backend.js';
import { loadFaces } from '../../data/resolve-data.js';
import { choosePairs, referenceFor } from '../../judge/evaluate.js';
import { obtainJudge } from '../../judge/obtain-judge.js';
import { QUALITY_BUDGET, QUALITY_FACES, QualityMonitor } from '../../judge/quality-monitor.js';
import { buildModels } from '../../engine/models/index.js';
import { benchTraining } from './train-bench.js';

export interface QualityBenchResult {
  data: string;
  faces: number;
  model: ModelKind;
  width: number;
  batch: number;
  judgeMs: number;
  msPerStep: number;
  stepsPerEpoch: number;
  /** Judgement ÷ (epoch + judgement). */
  share: number;
  budget: number;
}

export async function benchQuality(o: { model: ModelKind; width: number; batch: number; dataDir: string | null; backend: 'auto' }): Promise<QualityBenchResult> {
  await selectBackend(o.backend);
  const ds = await loadFaces(o.dataDir);
  const judge = await obtainJudge(ds);
  const pairs = choosePairs(ds, judge, null, isConditional(o.model), null);
  const ref = referenceFor(ds, judge, pairs, QUALITY_FACES, 1);
  const q = new QualityMonitor({ judge, ref, pairs, count: QUALITY_FACES, seed: 1 });
  const { g, d } = buildModels(o.model, { width: o.width, nHair: ds.hairVocab.length, nEyes: ds.eyesVocab.length, discriminatorNorm: true, seed: 1 });
  d.params.dispose();
  const vocab = isConditional(o.model) ? { hairVocab: ds.hairVocab, eyesVocab: ds.eyesVocab, attributes: ds.attributes } : null;
  const times: number[] = [];
  let faces = 0;
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    faces = q.judge(g, vocab, i, 1).faces;
    if (i > 0) times.push(performance.now() - t);
  }
  g.params.dispose();
  judge.net.params.dispose();
  times.sort((a, b) => a - b);
  const judgeMs = times[Math.floor(times.length / 2)]!;
  const train = await benchTraining({ model: o.model, loss: 'gan', backend: o.backend, width: o.width, batch: o.batch, steps: 10, profile: false, prefetch: true });
  const stepsPerEpoch = Math.max(1, Math.floor(ds.count / o.batch));
  const epochMs = train.msPerStep * stepsPerEpoch;
  return {
    data: ds.source === 'drawn' ? `drawn faces (${ds.count})` : `${ds.dir} (${ds.count})`,
    faces,
    model: o.model,
    width: o.width,
    batch: o.batch,
    judgeMs: Math.round(judgeMs),
    msPerStep: Math.round(train.msPerStep),
    stepsPerEpoch,
    share: Math.round((judgeMs / (epochMs + judgeMs)) * 10000) / 10000,
    budget: QUALITY_BUDGET,
  };
}
