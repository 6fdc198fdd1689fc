import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/app.js';
import { COMMANDS, displayKey, KEYMAP } from '../../src/ui/keymap.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { startEvent } from '../helpers/fixtures.js';
import { renderTui, settle, waitFor, type Tui } from '../helpers/render-tui.js';

let tui: Tui | null = null;
afterEach(() => {
  tui?.unmount();
  tui = null;
});

describe('help overlay', () => {
  it('lists every keymap entry of the training view and the global ones, and ? closes it', async () => {
    const client = new FakeTrainerClient();
    tui = renderTui(<App client={client} preview="off" flushMs={0} env={{}} />, { columns: 100, rows: 30 });
    client.emit(startEvent());
    await tui.press('?');
    const text = tui.text();
    // The generate view's keys are listed when ? is pressed there.
    for (const command of COMMANDS.filter((c) => KEYMAP[c].scope !== 'generate' && KEYMAP[c].role !== 'watcher')) {
      const binding = KEYMAP[command];
      expect(text).toContain(binding.description);
      for (const key of binding.keys) expect(text).toContain(displayKey(key));
    }
    await tui.press('?');
    expect(tui.text()).toContain('losses');
  });

  it('closes on Esc', async () => {
    const client = new FakeTrainerClient();
    tui = renderTui(<App client={client} preview="off" flushMs={0} env={{}} />, { columns: 100, rows: 30 });
    await tui.press('?');
    expect(tui.text()).toContain('keys · ? or Esc closes');
    tui.stdin.write('\x1b');
    await waitFor(() => !tui!.text().includes('keys · ? or Esc closes'), 'help to close');
    expect(tui.text()).not.toContain('keys · ? or Esc closes');
  });

  it('the footer shows the keymap labels', async () => {
    const client = new FakeTrainerClient();
    tui = renderTui(<App client={client} preview="off" flushMs={0} env={{}} />, { columns: 120, rows: 30 });
    client.emit(startEvent());
    await settle();
    const footer = tui.text().trimEnd().split('\n').at(-1)!;
    for (const command of COMMANDS.filter((c) => KEYMAP[c].footer === true && KEYMAP[c].scope !== 'generate' && KEYMAP[c].role !== 'watcher')) {
      expect(footer).toContain(`${displayKey(KEYMAP[command].keys[0]!)} `);
      expect(footer).toContain(KEYMAP[command].label);
    }
    expect(footer).toContain('[ ] λ −/+');
  });
});
