/** The installed package's own folder (three levels above src/engine/… and dist/engine/…). */
import { fileURLToPath } from 'node:url';

export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
