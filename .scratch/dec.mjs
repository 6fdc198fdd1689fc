import sharp from 'sharp';
import { readFile } from 'node:fs/promises';
sharp.concurrency(1); sharp.cache(false);
const dir = '/work/shared/data/anime-faces-mlds/images/';
const N = 3000;
const files = Array.from({ length: N }, (_, i) => dir + (i + 5000) + '.jpg');
const variants = {
  read: async (f) => readFile(f),
  current: async (f) => sharp(await readFile(f)).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true }),
  bufRaw: async (f) => sharp(await readFile(f)).raw().toBuffer({ resolveWithObject: true }),
  pathRaw: async (f) => sharp(f).raw().toBuffer({ resolveWithObject: true }),
};
for (const [name, fn] of Object.entries(variants)) {
  const ru0 = process.resourceUsage(); const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => { while (next < N) await fn(files[next++]); }));
  const ru1 = process.resourceUsage();
  console.log(name, 'wall ms/img', ((performance.now() - t0) / N).toFixed(3), 'cpu ms/img', (((ru1.userCPUTime - ru0.userCPUTime) + (ru1.systemCPUTime - ru0.systemCPUTime)) / 1000 / N).toFixed(3), 'sys', ((ru1.systemCPUTime - ru0.systemCPUTime) / 1000 / N).toFixed(3));
}
for (const across of [16, 64]) {
  const ru0 = process.resourceUsage(); const t0 = performance.now();
  const groups = [];
  for (let i = 0; i < N; i += across * across / across * 16) groups.push(files.slice(i, i + 256));
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => { while (next < groups.length) { const g = groups[next++]; const bufs = await Promise.all(g.map((f) => readFile(f))); await sharp(bufs, { join: { across } }).raw().toBuffer({ resolveWithObject: true }); } }));
  const ru1 = process.resourceUsage();
  console.log('join', across, 'wall ms/img', ((performance.now() - t0) / N).toFixed(3), 'cpu ms/img', (((ru1.userCPUTime - ru0.userCPUTime) + (ru1.systemCPUTime - ru0.systemCPUTime)) / 1000 / N).toFixed(3));
}
