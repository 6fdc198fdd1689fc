'use strict';
/**
 * Builds the addon with the system's C++ compiler against Node's own headers: it uses only
 * Node-API and opens OpenBLAS at run time, so it needs neither node-gyp's header download (no
 * network) nor a BLAS -dev package. A failure exits non-zero, which npm treats as "optional
 * dependency not installed", never as a failed install.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const here = __dirname;
const sources = ['addon.cc', 'blas.cc', 'conv.cc', 'epilogue.cc', 'jpeg.cc', 'matmul.cc', 'norm.cc', 'parallel.cc'].map((f) => path.join(here, 'src', f));
const out = path.join(here, 'build', 'anime_gan_native.node');

function headerDir() {
  const candidates = [
    process.env.npm_config_nodedir && path.join(process.env.npm_config_nodedir, 'include', 'node'),
    path.resolve(process.execPath, '..', '..', 'include', 'node'),
    path.join(os.homedir(), '.cache', 'node-gyp', process.versions.node, 'include', 'node'),
    '/usr/include/node',
    '/usr/local/include/node',
  ];
  return candidates.find((dir) => dir && fs.existsSync(path.join(dir, 'node_api.h')));
}

function compile(include, extra) {
  const tmp = `${out}.${process.pid}.tmp`;
  const cxx = process.env.CXX || 'c++';
  execFileSync(
    cxx,
    ['-std=c++17', '-O3', ...extra, '-fPIC', '-shared', '-fvisibility=hidden', `-I${include}`, ...sources, '-o', tmp, '-ldl', '-pthread'],
    { stdio: 'inherit' },
  );
  fs.renameSync(tmp, out);
}

function main() {
  if (process.platform === 'win32') throw new Error('not built on Windows');
  const include = headerDir();
  if (!include) throw new Error("Node's headers (node_api.h) were not found");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  try {
    // Built where it runs, so the vector units of this CPU are fair game for the loops around sgemm.
    compile(include, ['-march=native']);
  } catch {
    compile(include, []);
  }
}

try {
  main();
} catch (err) {
  process.stderr.write(`anime-gan-native: not built (${err.message.split('\n')[0]}); the wasm kernels will be used\n`);
  process.exitCode = 1;
}
