import { describe, expect, it } from 'vitest';
import { checkCommand, checkCommandLine } from '../../src/protocol/commands.js';
import { parseEventLine } from '../../src/protocol/events.js';
import { checkWorkerMessage } from '../../src/protocol/messages.js';
import { BAD_COMMANDS } from '../helpers/bad-commands.js';

describe('commands are checked like the command line checks flags', () => {
  it('good commands pass, unknown fields are dropped', () => {
    expect(checkCommandLine('{"type":"set-lambda","lambda":2.5}')).toEqual({ ok: true, value: { type: 'set-lambda', lambda: 2.5 } });
    expect(checkCommandLine('{"type":"pause","extra":1}')).toEqual({ ok: true, value: { type: 'pause' } });
    const gen = checkCommand({ type: 'generate', requestId: 3, hair: 'blue', eyes: null, count: 4096, seed: 2 ** 31 - 1, truncation: 4, cols: 8, interpolate: { seedB: 0, hairB: null, eyesB: 'red' } });
    expect(gen.ok).toBe(true);
    expect(checkCommand({ type: 'set-lambda', lambda: 0 }).ok).toBe(true);
    expect(checkCommand({ type: 'set-lambda', lambda: 1000 }).ok).toBe(true);
  });

  it('every malformed command is refused in one line that says what to send', () => {
    expect(BAD_COMMANDS.length).toBeGreaterThan(200);
    for (const line of BAD_COMMANDS) {
      const r = checkCommandLine(line);
      // The one exception a schema cannot know: a colour the run has never seen (the trainer refuses it).
      if (line.includes('no-such-colour')) continue;
      expect(r.ok, line).toBe(false);
      if (r.ok) continue;
      expect(r.message, line).not.toMatch(/\n/);
      expect(r.message.length, line).toBeLessThan(300);
    }
  });

  it('refusals name the field, the range the CLI uses, and what came', () => {
    const lambda = checkCommandLine('{"type":"set-lambda","lambda":1e308}');
    expect(lambda).toEqual({ ok: false, message: expect.stringMatching(/^'set-lambda' command: lambda must be a number from 0 to 1000, got 1e\+308; e\.g\. \{"type":"set-lambda","lambda":2\.5\}$/) });
    const count = checkCommandLine('{"type":"generate","requestId":1,"hair":null,"eyes":null,"count":1.5,"seed":1,"truncation":1}');
    expect(count.ok || count.message).toMatch(/count must be a whole number from 1 to 4096, got 1\.5/);
    const missing = checkCommandLine('{"type":"set-lambda"}');
    expect(missing.ok || missing.message).toMatch(/lambda must be .*, got nothing/);
    const unknown = checkCommandLine('{"type":"explode"}');
    expect(unknown.ok || unknown.message).toMatch(/^unknown command type "explode": use one of pause, resume, checkpoint, set-lambda, stop, generate$/);
    const notJson = checkCommandLine('{"type":');
    expect(notJson.ok || notJson.message).toMatch(/^not a JSON command/);
  });
});

describe('events read from outside the process', () => {
  it('skips lines that are not events and reads a diverged step (null losses) as NaN', () => {
    expect(parseEventLine('{"type":"pause","time":1,"step":3}')).toEqual({ type: 'pause', time: 1, step: 3 });
    expect(parseEventLine('{"type":"pause","time":1}')).toBeNull();
    expect(parseEventLine('{"type":"nope","time":1}')).toBeNull();
    expect(parseEventLine('{"type":"warning","time":1,"message":5}')).toBeNull();
    expect(parseEventLine('not json')).toBeNull();
    const step = parseEventLine('{"type":"step","time":1,"step":2,"epoch":1,"stepInEpoch":2,"stepsPerEpoch":9,"lambda":1,"dLoss":null,"gLoss":0.5,"dReal":0.5,"dFake":0.5,"imgPerSec":3}');
    expect(step?.type === 'step' && Number.isNaN(step.dLoss)).toBe(true);
  });

  it('a malformed worker message becomes a warning instead of reaching the reducer', () => {
    const m = checkWorkerMessage({ type: 'event', event: { type: 'step', time: 1 } });
    expect(m).toMatchObject({ type: 'event', event: { type: 'warning', message: expect.stringMatching(/malformed 'event' message/) } });
    const grid = { rows: 1, cols: 1, width: 64, height: 64, pixels: new Uint8Array(64 * 64 * 3), rowLabels: [] };
    const ok = checkWorkerMessage({ type: 'sample-grid', step: 1, epoch: 1, grid });
    expect(ok.type === 'sample-grid' && ok.grid.pixels).toBe(grid.pixels);
  });
});
