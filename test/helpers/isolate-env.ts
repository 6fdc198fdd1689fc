/**
 * Runs before every test file: saved settings, the list of remembered runs, control sockets and face caches go
 * to this file's own temp folders, never to the user's real ones (where a real trainer may listen).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const root = mkdtempSync(path.join(os.tmpdir(), 'agt-env-'));
process.env.ANIME_GAN_CONFIG_DIR = path.join(root, 'config');
// Loading a data folder writes a face cache; tests' folders must not fill the user's cache.
process.env.ANIME_GAN_CACHE = path.join(root, 'cache');
// mkdtemp makes it 0700 and ours: a socket folder the control server accepts.
process.env.XDG_RUNTIME_DIR = root;
afterAll(() => rmSync(root, { recursive: true, force: true }));
