import { afterEach, describe, expect, it } from 'vitest';
import chalk from 'chalk';
import { App } from '../../src/ui/train/app.js';
import type { ThemeName } from '../../src/ui/theme.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { checkpointEvent, startEvent, stepEvent, T0 } from '../helpers/fixtures.js';
import { renderTui, settle, type Tui } from '../helpers/render-tui.js';

let tui: Tui | null = null;
afterEach(() => {
  tui?.unmount();
  tui = null;
});

const REASON = 'wasm: tfjs-node not installed (npm i @tensorflow/tfjs-node to use native TensorFlow)';
/** SGR colour codes: 16 colours, bright, 256 and 24-bit, foreground and background. */
const COLOUR = /\x1b\[(?:3[0-7]|9[0-7]|4[0-7]|10[0-7]|[34]8;[25];[\d;]+)m/;

async function busy(columns: number, rows: number, opts: { theme?: ThemeName; preview?: 'blocks' | 'off' } = {}) {
  const client = new FakeTrainerClient();
  tui = renderTui(
    <App client={client} preview={opts.preview ?? 'off'} flushMs={0} now={() => T0 + 3_600_000} env={{}} {...(opts.theme ? { theme: opts.theme } : {})} />,
    { columns, rows },
  );
  client.emit(startEvent({ backendReason: REASON }));
  for (let i = 1; i <= 700; i++) client.emit(stepEvent(i));
  client.emit({ type: 'epoch', time: T0 + 3_600_000 - 120_000, epoch: 1, step: 574, sample: null });
  client.emit(checkpointEvent());
  await settle();
  return { client, t: tui };
}

describe('monitor details', () => {
  it('names the last finished epoch in the progress line when there is room', async () => {
    const { t } = await busy(160, 48);
    const progress = t.text().split('\n').find((l) => l.includes('ETA'))!;
    expect(progress).toContain('epoch 2/250');
    expect(progress).toContain('epoch 1 done 2 min ago');
    expect(progress).toContain('total 700/');
    t.unmount();
    // At 80 columns the bar keeps its room and the extras go.
    const narrow = (await busy(80, 24)).t;
    const line = narrow.text().split('\n').find((l) => l.includes('ETA'))!;
    expect(line).not.toContain('done');
    expect(line).toMatch(/█{10,}|[█░]{10,}/);
  });

  it('says why this backend in the wide layout and in the help overlay', async () => {
    const { t } = await busy(160, 48, { preview: 'blocks' });
    expect(t.text()).toContain(REASON.slice(0, 60));
    await t.press('?');
    const help = t.text();
    expect(help).toContain('this run');
    expect(help).toContain('wasm (cpu) · --backend auto');
    expect(help).toContain('npm i @tensorflow/tfjs-node');
  });

  it('has no colour codes with the mono theme, and colours with the dark one', async () => {
    const level = chalk.level;
    // Colours as on a truecolor terminal, whatever stdout the tests run with.
    chalk.level = 3;
    try {
      const dark = (await busy(100, 30, { theme: 'dark' })).t;
      expect(dark.lastFrame()).toMatch(COLOUR);
      dark.unmount();
      const mono = (await busy(100, 30, { theme: 'mono' })).t;
      expect(mono.text()).toContain('D 0.');
      expect(mono.lastFrame()).not.toMatch(COLOUR);
    } finally {
      chalk.level = level;
    }
  });
});
