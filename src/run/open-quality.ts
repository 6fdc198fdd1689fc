/**
 * The judge a training run uses for its quality events: found for the data set (cached or
 * shipped) or trained once before the first step, with its progress on the status line. A judge
 * that cannot be had costs the run its quality panel, never the run.
 */
import { isConditional, type TrainConfig } from '../engine/config.js';
import type { FaceDataset } from '../data/dataset.js';
import { choosePairs, referenceFor } from '../judge/evaluate.js';
import { obtainJudge } from '../judge/obtain-judge.js';
import { QUALITY_FACES, QualityMonitor } from '../judge/quality-monitor.js';
import type { RunFolder } from './run-folder.js';
import { firstLine } from '../util/errors.js';

export async function openQuality(ds: FaceDataset, config: TrainConfig, run: RunFolder, resume: boolean, onStatus?: (text: string) => void): Promise<QualityMonitor | null> {
  try {
    let lastPct = -1;
    const judge = await obtainJudge(ds, {
      onProgress: (done, total) => {
        const pct = Math.floor((done / total) * 100);
        if (pct === lastPct) return;
        lastPct = pct;
        onStatus?.(`training the judge for this data set (once: cached after) ${pct}%`);
      },
    });
    onStatus?.('judging real faces for reference…');
    const pairs = choosePairs(ds, judge, null, isConditional(config.model), null);
    const ref = referenceFor(ds, judge, pairs, QUALITY_FACES, config.seed);
    // The best of the run's earlier sessions stays the one to beat.
    const earlier = resume ? run.readEvents().flatMap((e) => (e.type === 'quality' && Number.isFinite(e.frechet) ? [e.frechet] : [])) : [];
    return new QualityMonitor({ judge, ref, pairs, count: QUALITY_FACES, seed: config.seed }, earlier.length ? Math.min(...earlier) : null);
  } catch (err) {
    // Said among the data's warnings, which the trainer reports right after its start.
    ds.warnings.push(`no quality judgements for this run: ${firstLine(err)}`);
    return null;
  }
}
