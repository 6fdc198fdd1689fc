/** The installed package's own folder (two levels above src/util/… and dist/util/…). */
import { fileURLToPath } from 'node:url';

export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
