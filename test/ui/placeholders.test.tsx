import { describe, expect, it } from 'vitest';
import { FakeTerminalOut, fakeTerminal } from '../../src/dev/fake-terminal.js';
import { stripVTControlCharacters } from 'node:util';
import { placeholderLines, substitute, substitutingStream } from '../../src/ui/preview/placeholders.js';
import { runTrainUi } from '../../src/ui/train/run-train-ui.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { doneEvent, faceGrid, startEvent } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/render-tui.js';

const PRIVATE_USE = /[\ue000-\uf8ff]/;

describe('preview placeholders', () => {
  it('swaps each stand-in run for its line, and leaves other text alone', () => {
    const line = '\x1b[38;2;1;2;3m\x1b[48;2;4;5;6m▄▄▄\x1b[39m\x1b[49m';
    const [a, b] = placeholderLines([line, 'xyz'], 3);
    expect(stripVTControlCharacters(a!)).toHaveLength(3);
    expect(a).not.toBe(b);
    expect(substitute(`label ${a}\n      ${b}!`)).toBe(`label ${line}\n      xyz!`);
    expect(substitute('plain text')).toBe('plain text');
    // A run that Ink had to cut short cannot hold the whole line: blanks, never half a colour.
    expect(substitute(a!.slice(0, 2))).toBe('  ');
    // Fresh stand-ins each time, so a frame that changed only its faces still differs.
    expect(placeholderLines([line], 3)[0]).not.toBe(a);
  });

  it('passes everything but write through to the stream', () => {
    const out = new FakeTerminalOut(100, 30, { record: true });
    const wrapped = substitutingStream(out as unknown as NodeJS.WriteStream);
    expect(wrapped.columns).toBe(100);
    let resized = false;
    wrapped.on('resize', () => (resized = true));
    out.emit('resize');
    expect(resized).toBe(true);
    const [stand] = placeholderLines(['#'], 1);
    wrapped.write(`a${stand}b`);
    expect(out.chunks).toEqual(['a#b']);
  });

  it('draws the faces in the terminal while Ink only ever sees stand-ins', async () => {
    const client = new FakeTrainerClient();
    const { out: stdout, input: stdin, streams } = fakeTerminal(100, 30, { record: true });
    const done = runTrainUi(client, {
      ...streams,
      preview: 'blocks',
      patchConsole: false,
      env: { COLORTERM: 'truecolor' },
    });
    client.emit(startEvent());
    client.push({ type: 'sample-grid', step: 50, epoch: 1, grid: faceGrid(3, 8, ['aqua/orange', 'black/yellow', 'blonde/purple']) });
    await waitFor(() => stdout.chunks.some((c) => c.includes('▄')), 'the faces', 10_000);
    const written = stdout.chunks.join('');
    expect(written).not.toMatch(PRIVATE_USE);
    expect(written).toMatch(/\x1b\[48;2;\d+;\d+;\d+m/);
    const frame = stripVTControlCharacters(stdout.chunks.filter((c) => c.includes('▄')).at(-1)!);
    const faceRows = frame.split('\n').filter((l) => l.includes('▄'));
    expect(faceRows[0]).toMatch(/^aqua\/orange\s+▄+ ▄+/);
    // Every face line is as wide as Ink laid it out.
    expect(new Set(faceRows.map((l) => l.trimEnd().length)).size).toBe(1);
    stdin.write('q');
    await waitFor(() => client.sent.length > 0, 'stop');
    client.emit(doneEvent());
    await done;
  });
});
