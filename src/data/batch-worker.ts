/** The batch-prefetch thread: makes the batch at each position it is asked for. */
import { parentPort, workerData } from 'node:worker_threads';
import { Batcher, type Batch, type BatcherOptions, type BatcherState } from './batcher.js';
import type { FaceDataset } from './dataset.js';

export interface BatchWorkerData {
  /** Shared memory: the trainer's own bytes, not a copy. */
  pixels: Uint8Array;
  hair: Uint8Array;
  eyes: Uint8Array;
  count: number;
  opts: BatcherOptions;
}

export interface BatchRequest {
  id: number;
  state: BatcherState;
}

export interface BatchReply {
  id: number;
  batch: Batch;
}

if (parentPort) {
  const port = parentPort;
  const data = workerData as BatchWorkerData;
  // The batcher reads only the pixels and labels; names and warnings stay with the trainer.
  const ds: FaceDataset = { source: 'mlds', dir: null, count: data.count, pixels: data.pixels, hair: data.hair, eyes: data.eyes, hairVocab: [], eyesVocab: [], attributes: ['hair', 'eyes'], warnings: [] };
  const batcher = new Batcher(ds, data.opts);
  port.on('message', (req: BatchRequest) => {
    batcher.setState(req.state);
    const batch = batcher.next();
    const reply: BatchReply = { id: req.id, batch };
    // The arrays move to the trainer's thread rather than being copied.
    port.postMessage(reply, [batch.pixels.buffer, batch.hair.buffer, batch.eyes.buffer] as ArrayBuffer[]);
  });
}
