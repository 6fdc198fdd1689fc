/**
 * The numbers an export carries, named once for both of its forms: a CSV column and a TensorBoard
 * tag per metric of the step and quality events (src/protocol/events.ts). A metric a run does not
 * have (hair accuracy of a DCGAN, anything of a quality event before the judge existed) is left out.
 */
import type { QualityEvent, StepEvent, TrainerEvent } from '../protocol/events.js';

export interface Metric<E> {
  /** CSV column. */
  column: string;
  /** TensorBoard scalar tag, or null for a value TensorBoard has no chart for. */
  tag: string | null;
  get: (e: E) => number | boolean | undefined;
}

/** What an export carries of each step event. */
export const EXPORTED_STEP_METRICS: ReadonlyArray<Metric<StepEvent>> = [
  { column: 'd_loss', tag: 'd_loss', get: (e) => e.dLoss },
  { column: 'g_loss', tag: 'g_loss', get: (e) => e.gLoss },
  { column: 'd_real', tag: 'd_real', get: (e) => e.dReal },
  { column: 'd_fake', tag: 'd_fake', get: (e) => e.dFake },
  { column: 'img_per_sec', tag: 'img_per_sec', get: (e) => e.imgPerSec },
  { column: 'lambda', tag: 'lambda', get: (e) => e.lambda },
  { column: 'hair_acc_real', tag: 'accuracy/hair_real', get: (e) => e.hairAccReal },
  { column: 'eyes_acc_real', tag: 'accuracy/eyes_real', get: (e) => e.eyesAccReal },
  { column: 'hair_acc_fake', tag: 'accuracy/hair_fake', get: (e) => e.hairAccFake },
  { column: 'eyes_acc_fake', tag: 'accuracy/eyes_fake', get: (e) => e.eyesAccFake },
];

/** What an export carries of each quality event. */
export const EXPORTED_QUALITY_METRICS: ReadonlyArray<Metric<QualityEvent>> = [
  { column: 'faces', tag: null, get: (e) => e.faces },
  { column: 'frechet', tag: 'quality/frechet', get: (e) => e.frechet },
  { column: 'frechet_floor', tag: 'quality/frechet_floor', get: (e) => e.frechetFloor },
  { column: 'diversity', tag: 'quality/diversity', get: (e) => e.diversity },
  { column: 'hair_acc', tag: 'quality/hair_acc', get: (e) => e.hairAcc },
  { column: 'eyes_acc', tag: 'quality/eyes_acc', get: (e) => e.eyesAcc },
  { column: 'both_acc', tag: 'quality/both_acc', get: (e) => e.bothAcc },
  { column: 'best', tag: null, get: (e) => e.best },
  { column: 'judge_ms', tag: null, get: (e) => e.ms },
];

/** Step and quality events in the order they were recorded. */
export function metricEvents(events: readonly TrainerEvent[]): Array<StepEvent | QualityEvent> {
  return events.filter((e): e is StepEvent | QualityEvent => e.type === 'step' || e.type === 'quality');
}
