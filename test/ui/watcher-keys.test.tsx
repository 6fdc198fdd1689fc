import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/train/app.js';
import type { ClientRole } from '../../src/ui/keymap.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { doneEvent, startEvent, stepEvent, T0 } from '../helpers/fixtures.js';
import { renderTui, settle, type Tui, waitFor } from '../helpers/render-tui.js';

let tui: Tui | null = null;
afterEach(() => {
  tui?.unmount();
  tui = null;
});

async function started(role: ClientRole, size = { columns: 120, rows: 30 }) {
  const client = new FakeTrainerClient();
  tui = renderTui(<App client={client} preview="off" flushMs={0} env={{}} now={() => T0} role={role} />, size);
  client.emit(startEvent());
  client.emit(stepEvent(1));
  await settle();
  let exited = false;
  void tui.instance.waitUntilExit().then(() => (exited = true));
  return { client, t: tui, exited: () => exited };
}

describe('watcher role', () => {
  it('q closes the viewer at once and leaves the trainer running', async () => {
    const { client, t, exited } = await started('watcher');
    await t.press('q');
    await waitFor(exited, 'exit');
    expect(client.sent).toEqual([]);
  });

  it('Ctrl+C does the same', async () => {
    const { client, t, exited } = await started('watcher');
    await t.press('\x03');
    await waitFor(exited, 'exit');
    expect(client.sent).toEqual([]);
  });

  it('X stops the trainer once and stays open until done', async () => {
    const { client, t, exited } = await started('watcher');
    await t.press('X');
    await t.press('X');
    expect(client.sentTypes()).toEqual(['stop']);
    expect(t.text()).toContain('stopping');
    expect(exited()).toBe(false);
    client.emit(doneEvent());
    await waitFor(exited, 'exit after done');
  });

  it('a second Space before the pause shows resumes: two quick presses end running, as the footer says', async () => {
    const { client, t } = await started('watcher');
    await t.press(' ');
    // The footer follows the press at once; the trainer's answer comes later (events file).
    expect(t.text()).toContain('space resume');
    await t.press(' ');
    expect(t.text()).toContain('space pause');
    expect(client.sentTypes()).toEqual(['pause', 'resume']);
    // The answers arrive late, one per frame: neither is taken for a newer wish.
    client.emit({ type: 'pause', time: T0, step: 1 });
    await settle();
    expect(t.text()).toContain('space pause');
    await t.press(' ');
    expect(client.sentTypes()).toEqual(['pause', 'resume', 'pause']);
    client.emit({ type: 'resume', time: T0, step: 1 });
    client.emit({ type: 'pause', time: T0, step: 1 });
    await settle();
    expect(t.text()).toContain('space resume');
    await t.press(' ');
    expect(client.sentTypes()).toEqual(['pause', 'resume', 'pause', 'resume']);
  });

  it("footer and help show the watcher's keys", async () => {
    const { t } = await started('watcher');
    const footer = t.text().trimEnd().split('\n').at(-1)!;
    expect(footer).toContain('q quit');
    expect(footer).toContain('X stop trainer');
    await t.press('?');
    expect(t.text()).toContain('Close this viewer at once; the trainer goes on.');
    expect(t.text()).not.toContain('Stop training after a final checkpoint, then exit.');
    expect(t.text()).not.toContain('SSH drop');
  });

  it('keeps g in the footer at 80 columns next to X, dropping lesser hints instead', async () => {
    const { t } = await started('watcher', { columns: 80, rows: 24 });
    const footer = t.text().trimEnd().split('\n').at(-1)!;
    expect(footer).toContain('g generate');
    expect(footer).toContain('space pause');
    expect(footer).toContain('? help');
    expect(footer).toContain('q quit');
    expect(footer).toContain('X stop trainer');
    expect([...footer].length).toBeLessThanOrEqual(80);
  });
});

describe('owner role', () => {
  it('q still sends stop and X does nothing', async () => {
    const { client, t, exited } = await started('owner');
    await t.press('X');
    expect(client.sent).toEqual([]);
    await t.press('q');
    expect(client.sentTypes()).toEqual(['stop']);
    expect(exited()).toBe(false);
    expect(t.text()).not.toContain('stop trainer');
  });

  it('has room at 80 columns for every main hint and c and λ', async () => {
    const { t } = await started('owner', { columns: 80, rows: 24 });
    const footer = t.text().trimEnd().split('\n').at(-1)!;
    expect(footer.trim()).toBe('space pause · c checkpoint · [ ] λ −/+ · g generate · ? help · q quit');
  });
});
