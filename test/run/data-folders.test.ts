/** Training on the data folders a user has: a plain folder of images, a tags file of their own. */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultConfig, type ModelKind } from '../../src/engine/config.js';
import { DatasetError } from '../../src/data/dataset.js';
import { makeFaces } from '../../src/engine/face-request.js';
import { loadGenerator } from '../../src/generate/load-generator.js';
import { parseEventLine, type StartEvent, type TrainerEvent } from '../../src/protocol/events.js';
import { RunFolder } from '../../src/run/run-folder.js';
import { preflightJob, startJob, type TrainJob } from '../../src/run/train-job.js';
import { writeImageFolder, writeMldsFolder } from '../data/mlds-fixture.js';
import { useWasm } from '../helpers/tf-backend.js';
import { tempDir } from '../helpers/tmp.js';
import { tinyJob } from '../helpers/trainer.js';

beforeAll(useWasm);
const root = tempDir('agt-data-folders-');

function job(model: ModelKind, run: string, dataDir: string): TrainJob {
  const tiny = tinyJob(path.join(root, run), 2);
  return { ...tiny, config: { ...defaultConfig(model), width: 0.0625, batch: 4, sampleEvery: 2 }, dataDir, dataFrom: 'flag' };
}

async function train(j: TrainJob): Promise<TrainerEvent[]> {
  await preflightJob(j);
  const events: TrainerEvent[] = [];
  const started = await startJob(j, { onEvent: (e) => events.push(e) });
  try {
    await started.trainer.run();
  } finally {
    started.trainer.dispose();
    started.release();
  }
  return events;
}

describe('a plain folder of images', () => {
  it('of mixed-size PNG and JPEG trains a DCGAN for a couple of steps', async () => {
    const fx = await writeImageFolder(path.join(root, 'plain'), { count: 64 });
    const events = await train(job('dcgan', 'dcgan-run', fx.dir));
    const start = events.find((e): e is StartEvent => e.type === 'start')!;
    expect(start.dataset).toMatchObject({ source: 'folder', dir: fx.dir, count: 64, hairVocab: [], eyesVocab: [] });
    expect(events.filter((e) => e.type === 'step').map((e) => e.type === 'step' && e.step)).toEqual([1, 2]);
    expect(events.find((e) => e.type === 'warning' && /resized \d+ images/.test(e.message))).toBeDefined();
    expect(new RunFolder(path.join(root, 'dcgan-run')).readInfo().dataset).toMatchObject({ source: 'folder', count: 64 });
  });

  it('is refused for a conditional model, before anything starts and again when the job starts', async () => {
    const fx = await writeImageFolder(path.join(root, 'plain-ac'), { count: 64 });
    const j = job('acgan', 'acgan-on-folder', fx.dir);
    const err = await preflightJob(j).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toMatch(/has no tags\.csv, so its images carry no labels for acgan to learn: add a tags file .* or use --model dcgan$/);
    await expect(startJob(j)).rejects.toThrow(/or use --model dcgan$/);
    expect(existsSync(path.join(root, 'acgan-on-folder'))).toBe(false);
  });
});

describe('a tags file naming other attributes', () => {
  const values = (i: number): [string, string] => [['long', 'short', 'bob'][i % 3]!, i % 2 ? 'smile' : 'open'];

  it('trains an ACGAN whose events, run.json and checkpoints carry the names', async () => {
    const fx = await writeMldsFolder(path.join(root, 'mouths'), { count: 64, attributes: ['hair', 'mouth'], values });
    const events = await train(job('acgan', 'acgan-mouths', fx.dir));
    const start = events.find((e): e is StartEvent => e.type === 'start')!;
    expect(start.dataset).toMatchObject({ source: 'mlds', attributes: ['hair', 'mouth'], hairVocab: ['bob', 'long', 'short'], eyesVocab: ['open', 'smile'] });
    // Sample rows are labelled with values, which need no names.
    expect(start.sampleRows.every((r) => /^(bob|long|short)\/(open|smile)$/.test(r))).toBe(true);
    expect(events.filter((e) => e.type === 'step')).toHaveLength(2);

    const run = new RunFolder(path.join(root, 'acgan-mouths'));
    expect(run.readInfo().dataset.attributes).toEqual(['hair', 'mouth']);
    const gen = await loadGenerator(run.checkpointsDir, null);
    try {
      expect(gen.vocab?.attributes).toEqual(['hair', 'mouth']);
      const faces = makeFaces(gen.g, gen.vocab, { hair: 'bob', eyes: 'smile', count: 2, seed: 1, truncation: 1 });
      expect(faces.labels).toEqual([['bob', 'smile'], ['bob', 'smile']]);
      expect(() => makeFaces(gen.g, gen.vocab, { hair: null, eyes: 'frown', count: 1, seed: 1, truncation: 1 })).toThrow(
        "unknown mouth 'frown': choose one of open, smile",
      );
    } finally {
      gen.dispose();
    }
  });

  it('with one value of an attribute is refused for an ACGAN, naming the file', async () => {
    const fx = await writeMldsFolder(path.join(root, 'one-mouth'), { count: 64, attributes: ['hair', 'mouth'], values: (i) => [values(i)[0], 'smile'] });
    await expect(preflightJob(job('acgan', 'one-mouth-run', fx.dir))).rejects.toThrow(
      `every face in ${fx.dir}/tags.csv has mouth 'smile': acgan learns to tell the values of each attribute apart and needs two or more: add faces with other mouth values, or use --model dcgan`,
    );
  });
});

describe('runs from before attribute names', () => {
  it('read as hair and eyes: run.json, and start events in events.jsonl', async () => {
    const run = new RunFolder(path.join(root, 'old-run'));
    const dataset = { source: 'mlds', dir: '/data/mlds', count: 36740, hairVocab: ['blue', 'red'], eyesVocab: ['green', 'red'] };
    await run.writeInfo({ format: 1, name: 'old-run', created: 1, config: defaultConfig('acgan'), dataset } as never);
    expect(JSON.parse(readFileSync(run.runJson, 'utf8')).dataset.attributes).toBeUndefined();
    expect(run.readInfo().dataset).toEqual({ ...dataset, attributes: ['hair', 'eyes'] });

    const start = JSON.parse(readFileSync(path.join(root, 'acgan-mouths', 'events.jsonl'), 'utf8').split('\n')[0]!);
    delete start.dataset.attributes;
    writeFileSync(run.eventsFile, JSON.stringify(start) + '\n');
    const [event] = run.readEvents();
    expect(event?.type === 'start' && event.dataset.attributes).toEqual(['hair', 'eyes']);
    expect(parseEventLine(JSON.stringify({ ...start, dataset: { ...start.dataset, attributes: ['hair'] } }))).toBeNull();
  });
});
