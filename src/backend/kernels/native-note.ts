/** One line for `doctor`: which CPU kernels train here, and why, with the fix when they are the slow ones. */
import { nativeOrigin, nativeStatus } from './native-addon.js';
import { buildScript } from './native-location.js';

export function nativeNote(): string {
  const status = nativeStatus();
  const origin = nativeOrigin();
  if (status.ok && 'location' in origin) {
    const where = origin.location.origin === 'install' ? 'built at install' : 'built at first run';
    return `native kernels in use (${where}: ${origin.location.path}; ${status.library})`;
  }
  const reason = status.ok ? '' : status.reason;
  if (reason.startsWith('switched off')) return `native kernels ${reason}: the wasm kernels train, several times slower`;
  if (reason.startsWith('no OpenBLAS')) return `native kernels not in use: ${reason}`;
  return (
    `native kernels not in use (${reason}): the wasm kernels train, several times slower; ` +
    `fix: install a C++ compiler (Debian: apt-get install g++ libopenblas0-pthread libjpeg62-turbo-dev), then node ${buildScript}`
  );
}
