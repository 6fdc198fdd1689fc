import { beforeAll, expect, it } from 'vitest';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { Trainer } from '../../src/engine/trainer.js';
import { defaultConfig } from '../../src/engine/config.js';
import type { StepEvent, TrainerEvent } from '../../src/protocol/events.js';
import { drawFaces } from '../../src/engine/data/drawn-faces.js';
import { RunFolder } from '../../src/run/run-folder.js';
import { useWasm } from '../helpers/tf-backend.js';
import { tempDir } from '../helpers/tmp.js';

beforeAll(useWasm);

it('an ACGAN on drawn faces learns to draw the hair and eye colours it is asked for', async () => {
  const dir = path.join(tempDir(), 'learn');
  mkdirSync(dir);
  const events: TrainerEvent[] = [];
  const ds = drawFaces(1024, 1);
  const trainer = await Trainer.create({
    config: { ...defaultConfig('acgan'), width: 0.0625, batch: 16, lambda: 5, learningRate: 1e-3, sampleEvery: 10_000 },
    dataset: ds,
    run: new RunFolder(dir),
    backend: { name: 'wasm', device: 'test', reason: 'test', requested: 'wasm' },
    until: { steps: 200 },
    onEvent: (e) => events.push(e),
  });
  await trainer.run();
  trainer.dispose();
  const steps = events.filter((e): e is StepEvent => e.type === 'step');
  const mean = (xs: StepEvent[], k: 'hairAccFake' | 'eyesAccFake') => xs.reduce((a, e) => a + e[k]!, 0) / xs.length;
  const first = steps.slice(0, 25);
  const last = steps.slice(-50);
  // Chance is 1/12 for hair and 1/10 for eyes: D's classifier must recognise the asked-for
  // colours in G's faces far more often than that.
  expect(mean(first, 'hairAccFake')).toBeLessThan(0.2);
  expect(mean(last, 'hairAccFake')).toBeGreaterThan(0.4);
  expect(mean(last, 'eyesAccFake')).toBeGreaterThan(0.4);
}, 300_000);
