import { describe, expect, it } from 'vitest';
import { letInkDrawOnTerminal } from '../../src/terminal/interactive-terminal.js';

describe('letInkDrawOnTerminal', () => {
  it('drops the variables that put Ink in build-log mode, and leaves the rest', () => {
    const env: NodeJS.ProcessEnv = { CI: 'true', CONTINUOUS_INTEGRATION: '1', TERM: 'xterm-256color' };
    expect(letInkDrawOnTerminal(env)).toEqual(['CI', 'CONTINUOUS_INTEGRATION']);
    expect(env).toEqual({ TERM: 'xterm-256color' });
    expect(letInkDrawOnTerminal(env)).toEqual([]);
  });
});
