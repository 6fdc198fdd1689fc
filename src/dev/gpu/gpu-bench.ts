/**
 * Training throughput on a GPU: the MLDS 2018 course report's DCGAN and the ResNet ACGAN at
 * width 1, batch 64, on one backend (webgpu unless --backend), as JSON lines, one per model.
 * run.sh runs it beside PyTorch with CUDA on the same machine (torch_dcgan_cuda.py).
 *
 *   node dist/dev/gpu/gpu-bench.js [--backend webgpu] [--steps 20] [--models dcgan,acgan-resnet]
 */
import { parseArgs } from 'node:util';
import { BACKEND_CHOICES, MODEL_KINDS, type BackendChoice, type ModelKind } from '../../engine/config.js';
import { benchTraining } from '../bench/train-bench.js';
import { firstLine } from '../../util/errors.js';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'webgpu' },
    steps: { type: 'string', default: '20' },
    models: { type: 'string', default: 'dcgan,acgan-resnet' },
    width: { type: 'string', default: '1' },
    batch: { type: 'string', default: '64' },
  },
});

function fail(message: string): never {
  process.stderr.write(`gpu-bench: ${message}\n`);
  process.exit(2);
}

const backend = values.backend as BackendChoice;
if (!BACKEND_CHOICES.includes(backend)) fail(`--backend must be one of ${BACKEND_CHOICES.join(', ')}`);
const models = values.models.split(',') as ModelKind[];
for (const m of models) if (!MODEL_KINDS.includes(m)) fail(`unknown model '${m}': use ${MODEL_KINDS.join(', ')}`);
const steps = Number(values.steps);
const width = Number(values.width);
const batch = Number(values.batch);
if (!Number.isInteger(steps) || steps < 1) fail('--steps must be a positive integer');

for (const model of models) {
  try {
    const r = await benchTraining({ model, loss: 'gan', backend, width, batch, steps });
    process.stdout.write(JSON.stringify(r) + '\n');
  } catch (err) {
    // One model failing (out of memory, a missing kernel) must not hide the other's figure.
    const message = firstLine(err);
    process.stdout.write(JSON.stringify({ bench: 'train', model, backend, width, batch, error: message }) + '\n');
  }
}
process.exit(0);
