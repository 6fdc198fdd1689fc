/**
 * Batches of training faces: shuffled anew each epoch, optionally augmented, scaled to [-1, 1].
 * Every random choice derives from (seed, epoch, step), so the batch at any point of a run can be
 * reproduced from its position alone, and a resumed run sees exactly the batches it would have.
 */
import { type FaceDataset } from './dataset.js';
import { FACE_BYTES } from '../util/face.js';
import { copyFace, transformFace } from './augment.js';
import { mixSeed, Rng } from '../util/rng.js';

export interface BatcherOptions {
  batch: number;
  seed: number;
  /** Random horizontal flip (p = 0.5) and rotation (uniform ±10°) of every face. */
  augment: boolean;
}

export interface Batch {
  /** [batch, 64, 64, 3] in [-1, 1] (x / 127.5 − 1). */
  pixels: Float32Array;
  /** [batch] index into the dataset's hairVocab. */
  hair: Int32Array;
  /** [batch] index into the dataset's eyesVocab. */
  eyes: Int32Array;
  /** 1-based epoch this batch belongs to. */
  epoch: number;
  /** 1-based position of this batch in its epoch. */
  stepInEpoch: number;
}

/** Where the batcher stands; plain numbers so it can go into a checkpoint as JSON. */
export interface BatcherState {
  /** 0-based index of the current epoch. */
  epoch: number;
  /** Batches already taken from the current epoch. */
  position: number;
}

const MAX_ROTATION = (10 * Math.PI) / 180;
// Distinct salts keep the shuffle and the augmentation streams independent.
const SHUFFLE_SALT = 0x5f1e;
const AUGMENT_SALT = 0xa06e;

export class Batcher {
  readonly batch: number;
  readonly stepsPerEpoch: number;
  private readonly seed: number;
  private readonly augment: boolean;
  private epoch = 0;
  private position = 0;
  private order: Uint32Array | null = null;
  private orderEpoch = -1;

  constructor(
    private readonly ds: FaceDataset,
    opts: BatcherOptions,
  ) {
    if (!Number.isInteger(opts.batch) || opts.batch < 1) throw new RangeError(`batch must be a positive integer, got ${opts.batch}`);
    if (ds.count < 1) throw new RangeError('cannot batch an empty dataset');
    this.batch = opts.batch;
    this.seed = opts.seed;
    this.augment = opts.augment;
    // A set smaller than one batch still gives one step per epoch, its faces repeated.
    this.stepsPerEpoch = Math.max(1, Math.floor(ds.count / opts.batch));
  }

  getState(): BatcherState {
    return { epoch: this.epoch, position: this.position };
  }

  setState(state: BatcherState): void {
    if (!Number.isInteger(state.epoch) || state.epoch < 0 || !Number.isInteger(state.position) || state.position < 0) {
      throw new RangeError(`invalid batcher state ${JSON.stringify(state)}`);
    }
    this.epoch = state.epoch + Math.floor(state.position / this.stepsPerEpoch);
    this.position = state.position % this.stepsPerEpoch;
  }

  /** Positions the batcher after `steps` batches from the start of the run. */
  seekStep(steps: number): void {
    this.setState({ epoch: 0, position: steps });
  }

  next(): Batch {
    const { batch, ds } = this;
    const order = this.orderFor(this.epoch);
    const pixels = new Float32Array(batch * FACE_BYTES);
    const hair = new Int32Array(batch);
    const eyes = new Int32Array(batch);
    const rng = this.augment ? new Rng(mixSeed(this.seed, AUGMENT_SALT, this.epoch, this.position)) : null;
    const start = this.position * batch;
    for (let i = 0; i < batch; i++) {
      const face = order[(start + i) % ds.count];
      hair[i] = ds.hair[face];
      eyes[i] = ds.eyes[face];
      if (rng) {
        const flip = rng.next() < 0.5;
        const angle = (rng.next() * 2 - 1) * MAX_ROTATION;
        transformFace(ds.pixels, face, pixels, i, flip, angle);
      } else {
        copyFace(ds.pixels, face, pixels, i);
      }
    }
    const result: Batch = { pixels, hair, eyes, epoch: this.epoch + 1, stepInEpoch: this.position + 1 };
    this.position++;
    if (this.position === this.stepsPerEpoch) {
      this.position = 0;
      this.epoch++;
    }
    return result;
  }

  /** The epoch's permutation of face indices (Fisher-Yates), built once per epoch. */
  private orderFor(epoch: number): Uint32Array {
    if (this.order && this.orderEpoch === epoch) return this.order;
    const n = this.ds.count;
    const order = this.order ?? new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const rng = new Rng(mixSeed(this.seed, SHUFFLE_SALT, epoch));
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    this.order = order;
    this.orderEpoch = epoch;
    return order;
  }
}
