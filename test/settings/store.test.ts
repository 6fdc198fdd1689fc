import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSettings, saveSettings } from '../../src/settings/store.js';
import { DEFAULT_SETTINGS } from '../../src/settings/schema.js';
import { trainJobFromFlags } from '../../src/commands/train.js';

let dir: string;
let file: string;
const saved = process.env.ANIME_GAN_CONFIG_DIR;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'agt-settings-'));
  file = path.join(dir, 'config.json');
  process.env.ANIME_GAN_CONFIG_DIR = dir;
});
afterEach(() => {
  if (saved === undefined) delete process.env.ANIME_GAN_CONFIG_DIR;
  else process.env.ANIME_GAN_CONFIG_DIR = saved;
});

describe('settings store', () => {
  it('no file: the defaults, no warnings, the file path', () => {
    const loaded = loadSettings();
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.path).toBe(file);
  });

  it('keeps what was saved, across loads', () => {
    saveSettings(loadSettings(), { hair: 'blue', eyes: 'red' });
    saveSettings(loadSettings(), { width: 0.5 });
    const { settings, warnings } = loadSettings();
    expect(settings).toMatchObject({ hair: 'blue', eyes: 'red', width: 0.5, batch: DEFAULT_SETTINGS.batch });
    expect(warnings).toEqual([]);
  });

  it('a corrupt file: one warning, the defaults, and passing saves leave it alone', () => {
    writeFileSync(file, '{"width": 0.5,,');
    const loaded = loadSettings();
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).not.toContain('\n');
    expect(loaded.warnings[0]).toMatch(/unreadable.*config reset/);
    expect(loaded.warnings[0]).toContain(file);
    saveSettings(loaded, { hair: 'blue' });
    expect(readFileSync(file, 'utf8')).toBe('{"width": 0.5,,');
  });

  it('a file that is JSON but not an object counts as corrupt', () => {
    writeFileSync(file, '[1, 2]');
    const loaded = loadSettings();
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.corrupt).toBe(true);
    expect(loaded.warnings).toHaveLength(1);
  });

  it('an invalid value: a warning each, its default, the valid ones kept', () => {
    writeFileSync(file, JSON.stringify({ width: 'wide', model: 'gan9000', batch: 0.5, theme: 'light', hair: 3, lambda: null }));
    const loaded = loadSettings();
    expect(loaded.settings).toEqual({ ...DEFAULT_SETTINGS, theme: 'light', lambda: null });
    expect(loaded.ignored.sort()).toEqual(['batch', 'hair', 'model', 'width']);
    expect(loaded.warnings).toHaveLength(4);
    expect(loaded.warnings.find((w) => w.includes('width'))).toBe('saved setting width="wide" ignored: it must be a number from 0.01 to 4');
    for (const w of loaded.warnings) expect(w).not.toContain('\n');
  });

  it('a settings path that cannot be read: a warning and the defaults, never a crash', () => {
    mkdirSync(file); // a folder where the file should be
    const loaded = loadSettings();
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.store).toBeNull();
    expect(loaded.warnings).toHaveLength(1);
    expect(() => saveSettings(loaded, { hair: 'blue' })).not.toThrow();
  });
});

describe('train settings: flags > saved > defaults', () => {
  it('takes each value from the first place that has it', () => {
    writeFileSync(file, JSON.stringify({ model: 'dcgan', width: 0.5, batch: 16, lambda: 3, backend: 'cpu', dataDir: '/data/faces' }));
    const loaded = loadSettings();
    const job = trainJobFromFlags({ width: 0.125, backend: 'wasm' }, loaded, {});
    // Flags.
    expect(job.config.width).toBe(0.125);
    expect(job.backend).toBe('wasm');
    // Saved.
    expect(job.config.model).toBe('dcgan');
    expect(job.config.batch).toBe(16);
    expect(job.config.lambda).toBe(3);
    expect(job.dataDir).toBe('/data/faces');
    // Defaults.
    expect(job.config.loss).toBe('gan');
    expect(job.config.learningRate).toBe(2e-4);
  });

  it('a flag beats a saved value, which beats the default, for the data folder too', () => {
    writeFileSync(file, JSON.stringify({ dataDir: '/saved/faces' }));
    expect(trainJobFromFlags({ data: '/flag/faces' }, loadSettings(), {}).dataDir).toBe('/flag/faces');
    expect(trainJobFromFlags({}, loadSettings(), {}).dataDir).toBe('/saved/faces');
  });

  it('an invalid saved value falls back to the default', () => {
    writeFileSync(file, JSON.stringify({ batch: -4, model: 'acgan-resnet' }));
    const job = trainJobFromFlags({}, loadSettings(), {});
    expect(job.config.batch).toBe(DEFAULT_SETTINGS.batch);
    expect(job.config.model).toBe('acgan-resnet');
    // λ not saved: the model's own default.
    expect(job.config.lambda).toBe(5);
    expect(trainJobFromFlags({ model: 'acgan-split' }, loadSettings(), {}).config.lambda).toBe(1);
    // No class loss to weigh.
    expect(trainJobFromFlags({ model: 'projection' }, loadSettings(), {}).config.lambda).toBe(0);
  });

  it('the projection model takes no other loss than its hinge, and says where a saved one came from', () => {
    writeFileSync(file, JSON.stringify({ loss: 'wgan-gp' }));
    expect(() => trainJobFromFlags({ model: 'projection' }, loadSettings(), {})).toThrow(/hinge loss.*config set loss gan/);
    expect(() => trainJobFromFlags({ model: 'projection', loss: 'wgan-gp' }, loadSettings(), {})).toThrow(/hinge loss, not wgan-gp: leave --loss out$/);
    expect(trainJobFromFlags({ model: 'projection', loss: 'gan' }, loadSettings(), {}).config.loss).toBe('gan');
  });
});
