import { describe, expect, it } from 'vitest';
import { fakeTerminal } from '../../src/dev/fake-terminal.js';
import { runTrainUi } from '../../src/ui/train/run-train-ui.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { doneEvent, startEvent } from '../helpers/fixtures.js';
import { tick, waitFor } from '../helpers/render-tui.js';

describe('runTrainUi', () => {
  it('uses the alternate screen, quits through stop, and restores the terminal', async () => {
    const client = new FakeTrainerClient();
    const { out: stdout, input: stdin, streams } = fakeTerminal(100, 30, { record: true });
    const done = runTrainUi(client, {
      ...streams,
      preview: 'off',
      patchConsole: false,
    });
    await tick(50);
    expect(stdout.chunks[0]).toContain('\x1b[?1049h');
    client.emit(startEvent());
    await waitFor(() => stdout.chunks.join('').includes('run 2026-11-28-0712'), 'the start frame');
    stdin.write('q');
    await waitFor(() => client.sent.length > 0, 'stop');
    expect(client.sent).toEqual([{ type: 'stop' }]);
    client.emit(doneEvent());
    await done;
    expect(stdout.chunks.at(-1)).toContain('\x1b[?1049l');
    expect(client.listenerCount).toBe(0);
  });
});
