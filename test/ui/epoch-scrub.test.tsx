import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/train/app.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { startEvent, stepEvent, T0 } from '../helpers/fixtures.js';
import { renderTui, settle, type Tui, waitFor } from '../helpers/render-tui.js';
import { tempDir } from '../helpers/tmp.js';

const runDir = tempDir('agt-scrub-');

/** A one-face grid of a single colour, written where the trainer writes epoch grids. */
async function writeGrid(epoch: number, rgb: [number, number, number]): Promise<string> {
  const rel = `samples/epoch-${String(epoch).padStart(4, '0')}.png`;
  await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
    .png()
    .toFile(path.join(runDir, rel));
  return rel;
}

let rel1 = '';
let rel2 = '';
beforeAll(async () => {
  mkdirSync(path.join(runDir, 'samples'), { recursive: true });
  rel1 = await writeGrid(1, [255, 0, 0]);
  rel2 = await writeGrid(2, [0, 0, 255]);
});

let tui: Tui | null = null;
afterEach(() => {
  tui?.unmount();
  tui = null;
});

const title = () => tui!.text().split('\n').find((line) => line.includes('samples ·')) ?? '';

describe('epoch scrubber', () => {
  it('←/→ step through the saved epoch grids, then back to the live one', async () => {
    const client = new FakeTrainerClient();
    tui = renderTui(<App client={client} preview="blocks" flushMs={0} env={{}} now={() => T0} />, { columns: 120, rows: 36 });
    client.emit(startEvent({ runDir, sampleRows: ['red'] }));
    client.emit(stepEvent(1));
    client.emit({ type: 'epoch', time: T0, epoch: 1, step: 574, sample: rel1 });
    client.emit({ type: 'epoch', time: T0, epoch: 2, step: 1148, sample: rel2 });
    await settle();
    expect(title()).toContain('samples · fixed z');

    tui.stdin.write('\x1b[D');
    await waitFor(() => title().includes('epoch 2 · ←/→') && !tui!.text().includes('reading…'), 'epoch 2 grid');
    const second = tui.lastFrame();
    tui.stdin.write('\x1b[D');
    await waitFor(() => title().includes('epoch 1 · ←/→') && !tui!.text().includes('reading…'), 'epoch 1 grid');
    // Different colours, so the drawn faces differ.
    expect(tui.lastFrame()).not.toEqual(second);
    await tui.press('\x1b[D');
    expect(title()).toContain('epoch 1 · ←/→');

    await tui.press('\x1b[C');
    expect(title()).toContain('epoch 2 · ←/→');
    await tui.press('\x1b[C');
    expect(title()).toContain('samples · fixed z');
    expect(client.sent).toEqual([]);
  });
});
