import { describe, expect, it } from 'vitest';
import { stripVTControlCharacters } from 'node:util';
import { fakeTerminal } from '../../src/dev/fake-terminal.js';
import { runTrainUi } from '../../src/ui/train/run-train-ui.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { doneEvent, faceGrid, startEvent, stepEvent } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/render-tui.js';

const SIXEL = /\x1bP0;1;0q/g;

describe('sixel faces in the dashboard', () => {
  it('sends each face row once, keeps it through frames that change other lines, and sends new faces anew', async () => {
    const client = new FakeTrainerClient();
    // A terminal that answers nothing: detection gives up after its time-out; sixel as asked.
    const { out: stdout, input: stdin, streams } = fakeTerminal(160, 48, { record: true });
    const done = runTrainUi(client, { ...streams, preview: 'sixel', patchConsole: false, env: { TERM: 'xterm', COLORTERM: 'truecolor' } });
    const sixels = () => stdout.chunks.join('').match(SIXEL)?.length ?? 0;
    // Kept until the dashboard subscribes, after detection, as the worker's client does.
    client.inject({ type: 'event', event: startEvent() });
    client.inject({ type: 'sample-grid', step: 50, epoch: 1, grid: faceGrid(3, 8, ['aqua/orange', 'black/yellow', 'blonde/purple']) });
    await waitFor(() => sixels() > 0, 'the faces', 10_000);
    await new Promise((r) => setTimeout(r, 300));
    // One image per face row.
    expect(sixels()).toBe(3);
    const written = stdout.chunks.join('');
    expect(stripVTControlCharacters(written)).not.toMatch(/[\ue000-\ue3ff]/);
    // The row labels are text, left of the images.
    expect(stripVTControlCharacters(written)).toMatch(/aqua\/orange/);

    // Training goes on: the charts' lines change, the faces are not sent again.
    const before = stdout.chunks.length;
    for (let s = 51; s < 60; s++) client.emit(stepEvent(s));
    await waitFor(() => stdout.chunks.slice(before).join('').includes('59'), 'a frame with the new step', 5_000);
    expect(sixels()).toBe(3);

    client.push({ type: 'sample-grid', step: 100, epoch: 2, grid: faceGrid(3, 8, ['aqua/orange', 'black/yellow', 'blonde/purple']) });
    await waitFor(() => sixels() === 6, 'the new faces', 10_000);

    stdin.write('q');
    await waitFor(() => client.sent.length > 0, 'stop');
    client.emit(doneEvent());
    await done;
  });
});
