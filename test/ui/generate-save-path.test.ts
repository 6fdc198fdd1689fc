import { describe, expect, it } from 'vitest';
import { pathToShow } from '../../src/ui/generate/generate-save.js';

describe('the path a saved PNG is shown with', () => {
  it('is relative to the working folder for a run inside it', () => {
    expect(pathToShow('/home/u/proj/checkpoints/r/generated/seed-1.png', '/home/u/proj')).toBe('checkpoints/r/generated/seed-1.png');
  });

  it('is absolute for a run elsewhere, a sibling folder included', () => {
    expect(pathToShow('/data/runs/r/generated/seed-1.png', '/home/u/proj')).toBe('/data/runs/r/generated/seed-1.png');
    expect(pathToShow('/home/u/proj2/generated/seed-1.png', '/home/u/proj')).toBe('/home/u/proj2/generated/seed-1.png');
  });
});
