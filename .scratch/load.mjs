import { loadMlds } from '/work/main/dist/engine/data/mlds.js';
const t0 = performance.now();
const cacheDir = process.argv[2] === 'nocache' ? null : process.argv[2];
const ds = await loadMlds('/work/shared/data/anime-faces-mlds', { cacheDir });
const ms = performance.now() - t0;
const ru = process.resourceUsage();
console.log(JSON.stringify({ faces: ds.count ?? ds.pixels?.length / 12288, ms: Math.round(ms), rssMB: Math.round(process.memoryUsage().rss / 2**20), maxRssMB: Math.round(ru.maxRSS / 1024), cpuUserS: ru.userCPUTime / 1e6, cpuSysS: ru.systemCPUTime/1e6 }));
