/**
 * train's flags for the averaged generator, D's input augmentations, the two learning rates and
 * one G forward: checked, taken from saved preferences when not given, and the measured recipe
 * (docs/models.md) when neither says otherwise.
 */
import { describe, expect, it } from 'vitest';
import { trainJobFromFlags } from '../../src/commands/train.js';
import { learningRates } from '../../src/engine/config.js';
import { DEFAULT_SETTINGS, SETTING_CHECKS, type Settings } from '../../src/settings/schema.js';
import type { LoadedSettings } from '../../src/settings/store.js';
import { UsageError } from '../../src/util/errors.js';

function saved(settings: Partial<Settings> = {}): LoadedSettings {
  return { settings: { ...DEFAULT_SETTINGS, ...settings }, warnings: [], path: 'test', store: null, ignored: [], corrupt: false };
}

describe('train flags for the recipe', () => {
  it('default to the measured recipe: two rates, the average at 0.99, no augmentation, two G forwards', () => {
    const { config, explicit } = trainJobFromFlags({}, saved(), {});
    expect(config).toMatchObject({ learningRateG: 1e-4, learningRateD: 4e-4, emaBeta: 0.99, diffAugment: [], diffAugmentP: 1, reuseFake: false });
    expect(learningRates(config)).toEqual({ g: 1e-4, d: 4e-4 });
    // Defaults are not flags: a resume keeps the run's own rates.
    expect(explicit).toEqual({});
    // --lr is one rate for both; one network's own flag still wins for that network.
    expect(learningRates(trainJobFromFlags({ lr: 2e-4 }, saved(), {}).config)).toEqual({ g: 2e-4, d: 2e-4 });
    expect(learningRates(trainJobFromFlags({ lr: 2e-4, lrD: 3e-4 }, saved(), {}).config)).toEqual({ g: 2e-4, d: 3e-4 });
    expect(learningRates(trainJobFromFlags({ lrG: 5e-5 }, saved(), {}).config)).toEqual({ g: 5e-5, d: 4e-4 });
  });

  it('take each flag, and saved preferences where no flag is given', () => {
    const flags = { emaBeta: 0.999, diffAugment: 'cutout, translation', diffAugmentP: 'ada', reuseFake: true, lrG: 1e-4, lrD: 4e-4 };
    const { config, explicit } = trainJobFromFlags(flags, saved(), {});
    expect(config).toMatchObject({ emaBeta: 0.999, diffAugment: ['translation', 'cutout'], diffAugmentP: 'ada', reuseFake: true, learningRateG: 1e-4, learningRateD: 4e-4 });
    // On a resume the rates given replace the run's.
    expect(explicit).toEqual({ learningRateG: 1e-4, learningRateD: 4e-4 });
    const prefs = saved({ emaBeta: 0.99, diffAugment: 'colour', diffAugmentP: 0.3, reuseFake: true });
    expect(trainJobFromFlags({}, prefs, {}).config).toMatchObject({ emaBeta: 0.99, diffAugment: ['colour'], diffAugmentP: 0.3, reuseFake: true });
    expect(trainJobFromFlags({ emaBeta: 0, diffAugment: 'none', diffAugmentP: '1' }, prefs, {}).config).toMatchObject({ emaBeta: 0, diffAugment: [], diffAugmentP: 1 });
  });

  it('--lr sets both rates: on a resume it replaces any own rate of either network', () => {
    const { config, explicit } = trainJobFromFlags({ lr: 1e-3 }, saved(), {});
    expect(config.learningRate).toBe(1e-3);
    expect(explicit).toEqual({ learningRate: 1e-3, learningRateG: undefined, learningRateD: undefined });
    expect(trainJobFromFlags({ lr: 1e-3, lrD: 2e-3 }, saved(), {}).explicit).toEqual({ learningRate: 1e-3, learningRateG: undefined, learningRateD: 2e-3 });
  });

  it('refuse what cannot be trained, in words that name the flag', () => {
    const cases: Array<[Parameters<typeof trainJobFromFlags>[0], RegExp]> = [
      [{ emaBeta: 1 }, /--ema-beta must be below 1/],
      [{ emaBeta: -0.1 }, /--ema-beta/],
      [{ diffAugment: 'translation,zoom' }, /--diff-augment must be/],
      [{ diffAugmentP: '1.5' }, /--diff-augment-p/],
      [{ diffAugmentP: 'sometimes' }, /--diff-augment-p/],
      [{ lrD: 0 }, /--lr-d/],
      [{ model: 'projection', diffAugment: 'translation,colour' }, /projection model takes no colour/],
      [{ loss: 'wgan-gp', diffAugment: 'cutout', diffAugmentP: 'ada' }, /ada goes with the gan loss/],
    ];
    for (const [flags, why] of cases) {
      expect(() => trainJobFromFlags(flags, saved(), {}), JSON.stringify(flags)).toThrow(UsageError);
      expect(() => trainJobFromFlags(flags, saved(), {}), JSON.stringify(flags)).toThrow(why);
    }
  });

  it('take a saved ADA without complaint while augmentation is off, whatever the loss', () => {
    expect(trainJobFromFlags({ loss: 'wgan-gp' }, saved({ diffAugmentP: 'ada' }), {}).config.diffAugment).toEqual([]);
  });

  it('saved preferences are checked as flags are', () => {
    expect(SETTING_CHECKS.emaBeta(0.999)).toBeNull();
    expect(SETTING_CHECKS.emaBeta(1)).not.toBeNull();
    expect(SETTING_CHECKS.diffAugment('translation,cutout')).toBeNull();
    expect(SETTING_CHECKS.diffAugment(null)).toBeNull();
    expect(SETTING_CHECKS.diffAugment('zoom')).not.toBeNull();
    expect(SETTING_CHECKS.diffAugmentP('ada')).toBeNull();
    expect(SETTING_CHECKS.diffAugmentP(0.4)).toBeNull();
    expect(SETTING_CHECKS.diffAugmentP(2)).not.toBeNull();
    expect(SETTING_CHECKS.reuseFake(true)).toBeNull();
    expect(SETTING_CHECKS.reuseFake('yes')).not.toBeNull();
  });
});
