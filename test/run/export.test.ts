/** exportRun on run folders written by test/helpers/export-run.ts: what each file holds. */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportRun, ExportError } from '../../src/run/export.js';
import { FRAME_MS, LAST_FRAME_MS, SHEET_MAX_WIDTH, writeContactSheet, writeSamplesGif } from '../../src/run/export-gif.js';
import type { EpochGrid } from '../../src/run/export-grids.js';
import { IMAGE_TAG } from '../../src/run/export-tensorboard.js';
import { RunFolder } from '../../src/run/run-folder.js';
import { decodeEvent, readTfRecords, type EventFields } from '../../src/run/tfevents.js';
import { stepEvent } from '../helpers/fixtures.js';
import { GRID, writeFixtureRun } from '../helpers/export-run.js';
import { tempDir } from '../helpers/tmp.js';

const root = tempDir('agt-export-');

function csvRows(file: string): string[][] {
  return readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
}

function tensorboardEvents(out: string): EventFields[] {
  const dir = path.join(out, 'tensorboard');
  const files = readdirSync(dir);
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(/^events\.out\.tfevents\.\d+\..+$/);
  return readTfRecords(readFileSync(path.join(dir, files[0]!))).map(decodeEvent);
}

/** step → value of one tag, in file order. */
function series(events: EventFields[], tag: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const e of events) for (const v of e.summary?.value ?? []) if (v.tag === tag && 'simple_value' in v) out.push([e.step ?? 0, v.simple_value]);
  return out;
}

describe('a run of 3 epochs (4 steps each, then 1 more) with quality judgements', () => {
  const dir = path.join(root, 'three');
  const out = path.join(root, 'three-out');
  let result: Awaited<ReturnType<typeof exportRun>>;
  beforeAll(async () => {
    await writeFixtureRun(dir);
    // A stale event file from an earlier export elsewhere: it would chart every point twice.
    mkdirSync(path.join(out, 'tensorboard'), { recursive: true });
    writeFileSync(path.join(out, 'tensorboard', 'events.out.tfevents.1.otherhost'), 'old');
    result = await exportRun(new RunFolder(dir), out);
  });

  it('says what it wrote', () => {
    expect(result.files.map((f) => f.file)).toEqual(['metrics.csv', 'samples.gif', 'contact-sheet.png', expect.stringMatching(/^tensorboard\/events\.out\.tfevents\./)]);
    for (const f of result.files) expect(f.bytes).toBe(readFileSync(path.join(out, f.file)).length);
    expect(result.skipped).toEqual([]);
    expect(result.warnings).toEqual([]);
    // No temp files or probes left behind.
    expect(readdirSync(out).sort()).toEqual(['contact-sheet.png', 'metrics.csv', 'samples.gif', 'tensorboard']);
  });

  it('metrics.csv: 13 step rows and 3 quality rows, each quality row after its epoch\'s last step', () => {
    const [head, ...rows] = csvRows(path.join(out, 'metrics.csv'));
    expect(head!.slice(0, 4)).toEqual(['kind', 'step', 'epoch', 'time']);
    expect(rows).toHaveLength(16);
    expect(rows.map((r) => r[0]).join(' ')).toBe('step step step step quality step step step step quality step step step step quality step');
    const frechet = head!.indexOf('frechet');
    expect(rows.filter((r) => r[0] === 'quality').map((r) => [r[1], r[frechet]])).toEqual([
      ['4', '100'],
      ['8', '50'],
      ['12', String(100 / 3)],
    ]);
  });

  it('samples.gif: one labelled frame per epoch grid, looping, the last frame held longer', async () => {
    const meta = await sharp(path.join(out, 'samples.gif'), { animated: true }).metadata();
    expect(meta.format).toBe('gif');
    expect(meta.pages).toBe(3); // latest.png and step previews are not epoch grids
    expect(meta.loop).toBe(0);
    expect(meta.delay).toEqual([FRAME_MS, FRAME_MS, LAST_FRAME_MS]);
    // The grid plus a caption strip above it and the row labels to its left.
    expect(meta.width).toBeGreaterThan(GRID.cols * GRID.face);
    expect(meta.pageHeight).toBeGreaterThan(GRID.rows * GRID.face);
    // Frames differ (the fixture's faces change each epoch).
    const frame = (page: number) => sharp(path.join(out, 'samples.gif'), { page }).raw().toBuffer();
    expect((await frame(0)).equals(await frame(2))).toBe(false);
  });

  it('contact-sheet.png: the 3 grids at full size, 2 across, each with its caption', async () => {
    const meta = await sharp(path.join(out, 'contact-sheet.png')).metadata();
    expect(meta.format).toBe('png');
    const gridW = GRID.cols * GRID.face;
    const gridH = GRID.rows * GRID.face;
    expect(meta.width).toBe(2 * gridW + 8);
    expect(meta.height).toBeGreaterThan(2 * gridH + 8);
    expect(meta.height).toBeLessThan(2 * (gridH + 40) + 8);
  });

  it('tensorboard: the file version first, then every step\'s scalars, the judgements and the grids, each at its step', () => {
    const events = tensorboardEvents(out);
    expect(events[0]).toMatchObject({ file_version: 'brain.Event:2' });
    expect(events[0]!.summary).toBeUndefined();
    const steps = Array.from({ length: 13 }, (_, i) => i + 1);
    for (const tag of ['d_loss', 'g_loss', 'd_real', 'd_fake', 'img_per_sec', 'lambda', 'accuracy/hair_real', 'accuracy/eyes_real', 'accuracy/hair_fake', 'accuracy/eyes_fake']) {
      expect(series(events, tag).map(([s]) => s), tag).toEqual(steps);
    }
    expect(series(events, 'd_loss')[4]![1]).toBeCloseTo(stepEvent(5).dLoss, 6);
    expect(series(events, 'quality/frechet')).toEqual([[4, 100], [8, 50], [12, expect.closeTo(100 / 3, 4)]]);
    for (const tag of ['quality/frechet_floor', 'quality/diversity', 'quality/hair_acc', 'quality/eyes_acc', 'quality/both_acc']) {
      expect(series(events, tag).map(([s]) => s), tag).toEqual([4, 8, 12]);
    }
    const images = events.flatMap((e) => (e.summary?.value ?? []).filter((v) => v.tag === IMAGE_TAG).map((v) => ({ step: e.step, v })));
    expect(images.map((i) => i.step)).toEqual([4, 8, 12]);
    const first = images[0]!.v as { image: { width: number; height: number; colorspace: number; encoded_image_string: Uint8Array } };
    expect([first.image.width, first.image.height, first.image.colorspace]).toEqual([GRID.cols * GRID.face, GRID.rows * GRID.face, 3]);
    expect(Buffer.from(first.image.encoded_image_string).equals(readFileSync(path.join(dir, 'samples', 'epoch-0001.png')))).toBe(true);
    // Steps never go back in the file.
    const order = events.map((e) => e.step ?? 0);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});

it('a run resumed after a crash: the CSV keeps both recordings of a step, TensorBoard the later one', async () => {
  const dir = path.join(root, 'resumed');
  const { events } = await writeFixtureRun(dir, { epochs: 1, extraSteps: 2, quality: false });
  const start = events[0]!;
  const again = [start, stepEvent(5, { stepsPerEpoch: 4, dLoss: 9 }), stepEvent(6, { stepsPerEpoch: 4, dLoss: 9 })];
  appendFileSync(path.join(dir, 'events.jsonl'), again.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const out = path.join(root, 'resumed-out');
  await exportRun(new RunFolder(dir), out);
  const rows = csvRows(path.join(out, 'metrics.csv')).slice(1);
  expect(rows.map((r) => r[1])).toEqual(['1', '2', '3', '4', '5', '6', '5', '6']);
  expect(series(tensorboardEvents(out), 'd_loss').map(([s, v]) => [s, s > 4 ? v : 0])).toEqual([[1, 0], [2, 0], [3, 0], [4, 0], [5, 9], [6, 9]]);
  // One epoch grid: a one-frame GIF and a one-tile sheet.
  const gif = await sharp(path.join(out, 'samples.gif'), { animated: true }).metadata();
  expect([gif.format, gif.pages ?? 1]).toEqual(['gif', 1]);
  const sheet = await sharp(path.join(out, 'contact-sheet.png')).metadata();
  expect(sheet.width).toBe(GRID.cols * GRID.face);
});

it('a run without epoch grids gets metrics.csv and TensorBoard scalars, and says why the pictures were skipped', async () => {
  const dir = path.join(root, 'no-grids');
  await writeFixtureRun(dir, { epochs: 0, extraSteps: 3, grids: false });
  const out = path.join(root, 'no-grids-out');
  const result = await exportRun(new RunFolder(dir), out);
  expect(result.files.map((f) => f.file)).toEqual(['metrics.csv', expect.stringMatching(/^tensorboard\//)]);
  expect(result.skipped.map((s) => s.file)).toEqual(['samples.gif', 'contact-sheet.png']);
  expect(result.skipped[0]!.reason).toMatch(/no epoch grids in .*samples\/.*not finished an epoch/);
  expect(existsSync(path.join(out, 'samples.gif'))).toBe(false);
  const events = tensorboardEvents(out);
  expect(series(events, 'd_loss').map(([s]) => s)).toEqual([1, 2, 3]);
  expect(events.some((e) => e.summary?.value.some((v) => v.tag === IMAGE_TAG))).toBe(false);
});

it('a damaged epoch grid is left out with a warning; the others are exported', async () => {
  const dir = path.join(root, 'damaged');
  await writeFixtureRun(dir);
  writeFileSync(path.join(dir, 'samples', 'epoch-0002.png'), 'half a png');
  const result = await exportRun(new RunFolder(dir), path.join(root, 'damaged-out'));
  expect(result.warnings).toEqual([expect.stringMatching(/epoch-0002\.png: not a readable PNG/)]);
  const meta = await sharp(path.join(root, 'damaged-out', 'samples.gif'), { animated: true }).metadata();
  expect(meta.pages).toBe(2);
});

it('refuses a run with no recorded steps, and an export folder it cannot write, in one line', async () => {
  const dir = path.join(root, 'empty');
  await writeFixtureRun(dir, { epochs: 0, extraSteps: 0, grids: false });
  await expect(exportRun(new RunFolder(dir), path.join(root, 'empty-out'))).rejects.toThrow(ExportError);
  await expect(exportRun(new RunFolder(dir), path.join(root, 'empty-out'))).rejects.toThrow(/^nothing to export from .*empty: its events.jsonl records no steps; train it first/);
  const good = path.join(root, 'three');
  const notAFolder = path.join(root, 'a-file');
  writeFileSync(notAFolder, 'x');
  await expect(exportRun(new RunFolder(good), path.join(notAFolder, 'out'))).rejects.toThrow(/^cannot write the export to .*a-file\/out \((ENOTDIR|EEXIST)\): give --out DIR/);
});

it('the contact sheet of many large grids is scaled down to fit its width', async () => {
  const file = path.join(root, 'big-grid.png');
  await sharp({ create: { width: 512, height: 512, channels: 3, background: '#336699' } }).png().toFile(file);
  const grids: EpochGrid[] = Array.from({ length: 25 }, (_, i) => ({ epoch: i + 1, file, step: (i + 1) * 574, time: null, rowLabels: [] }));
  const sheet = await writeContactSheet(grids, path.join(root, 'big-sheet.png'));
  expect(sheet.across).toBe(5);
  expect(sheet.tileWidth).toBeLessThan(512);
  const meta = await sharp(path.join(root, 'big-sheet.png')).metadata();
  expect(meta.width).toBe(sheet.width);
  expect(meta.width).toBeLessThanOrEqual(SHEET_MAX_WIDTH);
  expect(meta.width).toBe(5 * sheet.tileWidth + 4 * 8);
});

it('a DCGAN grid gets no label column; labels from tags.csv are drawn whatever characters they hold', async () => {
  const dir = path.join(root, 'labels');
  await writeFixtureRun(dir, { epochs: 2, quality: false });
  const file = (n: number) => path.join(dir, 'samples', `epoch-000${n}.png`);
  const grid = (n: number, rowLabels: string[]): EpochGrid => ({ epoch: n, file: file(n), step: null, time: null, rowLabels });
  const plain = await writeSamplesGif([grid(1, []), grid(2, [])], path.join(root, 'dcgan.gif'));
  expect(plain.width).toBe(GRID.cols * GRID.face);
  const odd = await writeSamplesGif([grid(1, ['a<b/"c"', "d&e/f'g"]), grid(2, ['x/y', 'z/w'])], path.join(root, 'odd.gif'));
  expect(odd.width).toBeGreaterThan(GRID.cols * GRID.face);
  const meta = await sharp(path.join(root, 'odd.gif'), { animated: true }).metadata();
  expect([meta.pages, meta.width]).toEqual([2, odd.width]);
});
