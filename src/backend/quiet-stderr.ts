/**
 * Native libraries write warnings straight to file descriptor 2, past Node's streams: Dawn, for
 * one, prints that it reduced a few pipeline limits, or could not load Vulkan, every time it
 * starts. Those lines mean nothing to a user (`doctor` already says whether a GPU was found), so
 * while a native library starts, fd 2 goes to a temporary file (through the native addon); after,
 * its known chatter is dropped and anything else — a real error — is written out as it came.
 * Without the addon nothing is held back.
 */
import { nativeModule } from './kernels/native-addon.js';

/** Dawn's start-up warnings that say nothing a user can act on. */
const CHATTER = [/artificially reduced/i, /Couldn't load Vulkan/i, /Couldn't load the Vulkan/i];

/**
 * `text` without the chatter: a matching line goes, with the indented `at …` lines Dawn puts
 * after a warning to say where in its own source it came from.
 */
export function dropChatter(text: string, patterns: RegExp[] = CHATTER): string {
  const kept: string[] = [];
  let dropping = false;
  for (const line of text.split('\n')) {
    if (dropping && /^\s+at\s/.test(line)) continue;
    dropping = patterns.some((p) => p.test(line));
    if (!dropping) kept.push(line);
  }
  return kept.join('\n').replace(/^\n+/, '');
}

export async function withQuietStderr<T>(fn: () => Promise<T>): Promise<T> {
  const addon = nativeModule();
  const capturing = addon !== null && addon.captureStderr();
  try {
    return await fn();
  } finally {
    if (capturing) {
      const rest = dropChatter(addon.releaseStderr());
      if (rest.trim() !== '') process.stderr.write(rest.endsWith('\n') ? rest : `${rest}\n`);
    }
  }
}
