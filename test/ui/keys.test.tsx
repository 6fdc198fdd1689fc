import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/train/app.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { doneEvent, startEvent, stepEvent, T0 } from '../helpers/fixtures.js';
import { renderTui, settle, type Tui, waitFor } from '../helpers/render-tui.js';

let tui: Tui | null = null;
afterEach(() => {
  tui?.unmount();
  tui = null;
});

async function started(model: 'acgan' | 'dcgan' | 'projection' = 'acgan') {
  const client = new FakeTrainerClient();
  let seed = 100;
  tui = renderTui(
    <App client={client} preview="blocks" flushMs={0} env={{}} randomSeed={() => seed++} now={() => T0} />,
    { columns: 100, rows: 30 },
  );
  client.emit(startEvent({ model, ...(model === 'dcgan' ? { sampleRows: [] } : {}) }));
  client.emit(stepEvent(1));
  await settle();
  return { client, t: tui };
}

describe('keys', () => {
  it('space pauses, and after the pause event resumes', async () => {
    const { client, t } = await started();
    await t.press(' ');
    expect(client.sent).toEqual([{ type: 'pause' }]);
    expect(t.text()).toMatch(/\d img\/s/);
    client.emit({ type: 'pause', time: T0, step: 1 });
    await settle();
    expect(t.text()).toContain('paused');
    expect(t.text()).toContain('space resume');
    // No speed for a trainer that is not stepping.
    expect(t.text()).toContain('— img/s');
    await t.press(' ');
    expect(client.sent.at(-1)).toEqual({ type: 'resume' });
  });

  it('c asks for a checkpoint once until it is written', async () => {
    const { client, t } = await started();
    await t.press('c');
    await t.press('c');
    expect(client.sentTypes()).toEqual(['checkpoint']);
    expect(t.text()).toContain('checkpointing');
  });

  it('[ and ] change λ by 0.5, never below 0, shown when confirmed', async () => {
    const { client, t } = await started();
    await t.press(']');
    expect(client.sent).toEqual([{ type: 'set-lambda', lambda: 5.5 }]);
    expect(t.text()).toContain('λ 5.0 → 5.5');
    client.emit({ type: 'lambda', time: T0, step: 2, lambda: 5.5 });
    await settle();
    expect(t.text()).toContain('λ 5.5');
    for (let i = 0; i < 12; i++) await t.press('[');
    const lambdas = client.sent.filter((c) => c.type === 'set-lambda').map((c) => (c as { lambda: number }).lambda);
    expect(lambdas).toEqual([5.5, 5, 4.5, 4, 3.5, 3, 2.5, 2, 1.5, 1, 0.5, 0]);
  });

  it('λ keys do nothing for DCGAN', async () => {
    const { client, t } = await started('dcgan');
    await t.press(']');
    expect(client.sent).toEqual([]);
    expect(t.text()).not.toContain('λ');
  });

  it('λ keys do nothing for the projection model either: it has no class loss to weigh', async () => {
    const { client, t } = await started('projection');
    await t.press(']');
    await t.press('[');
    expect(client.sent).toEqual([]);
    expect(t.text()).not.toContain('λ');
  });

  it('s toggles smoothing', async () => {
    const { t } = await started();
    expect(t.text()).toContain('EMA 0.9');
    await t.press('s');
    expect(t.text()).toContain('losses · raw');
  });

  it('q sends stop once, says so, and exits on done', async () => {
    const { client, t } = await started();
    let exited = false;
    void t.instance.waitUntilExit().then(() => (exited = true));
    await t.press('q');
    await t.press('q'.toUpperCase());
    expect(client.sentTypes()).toEqual(['stop']);
    expect(t.text()).toContain('stopping — writing final checkpoint…');
    expect(exited).toBe(false);
    client.emit(doneEvent());
    await waitFor(() => exited, 'exit after done');
  });

  it('Ctrl+C takes the same path, exiting when the worker exits', async () => {
    const { client, t } = await started();
    let exited = false;
    void t.instance.waitUntilExit().then(() => (exited = true));
    await t.press('\x03');
    expect(client.sentTypes()).toEqual(['stop']);
    client.push({ type: 'exited', code: 0 });
    await waitFor(() => exited, 'exit after exited');
  });

  it('a second q forces exit', async () => {
    const { client, t } = await started();
    let exited = false;
    void t.instance.waitUntilExit().then(() => (exited = true));
    await t.press('q');
    await t.press('q');
    expect(client.sentTypes()).toEqual(['stop']);
    await waitFor(() => exited, 'forced exit');
  });

  it('keys that arrive in one chunk count one by one ("qq" = stop, then force)', async () => {
    const { client, t } = await started();
    let exited = false;
    void t.instance.waitUntilExit().then(() => (exited = true));
    await t.press('qq');
    expect(client.sentTypes()).toEqual(['stop']);
    await waitFor(() => exited, 'forced exit');
  });

  it('two Ctrl+C in one chunk are two presses: stop, then force', async () => {
    const { client, t } = await started();
    let exited = false;
    void t.instance.waitUntilExit().then(() => (exited = true));
    await t.press('\x03\x03');
    expect(client.sentTypes()).toEqual(['stop']);
    await waitFor(() => exited, 'forced exit');
  });

  it('q after training finished exits without a stop', async () => {
    const { client, t } = await started();
    client.emit(doneEvent({ reason: 'completed' }));
    await settle();
    expect(t.text()).toContain('training completed');
    let exited = false;
    void t.instance.waitUntilExit().then(() => (exited = true));
    await t.press('q');
    expect(client.sent).toEqual([]);
    await waitFor(() => exited, 'exit');
  });
});
