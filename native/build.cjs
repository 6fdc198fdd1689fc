'use strict';
/**
 * Builds the native CPU kernels with the system's C++ compiler against Node's own headers: the
 * addon uses only Node-API and opens OpenBLAS, libjpeg and oneDNN at run time, so it needs
 * neither node-gyp's header download (no network) nor a BLAS -dev package. oneDNN's headers
 * (Debian: libdnnl-dev) are used where present, for its C API's types; without them the addon
 * has no oneDNN convolutions.
 *
 * It runs as the package's install step, in a clone and in an installed package alike (the
 * sources ship inside the package). It never fails the install: a failure is written to
 * build/status.json, which `doctor` reads to say why the wasm kernels are in use, and the
 * program tries the build once more at its first run (src/backend/ensure-native.ts).
 *
 *   node native/build.cjs [OUT_DIR]     (default: native/build beside this file)
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const here = __dirname;
const names = [
  'adam.cc', 'addon.cc', 'blas.cc', 'conv.cc', 'epilogue.cc', 'jpeg.cc', 'matmul.cc', 'norm.cc', 'onednn.cc', 'onednn-api.cc', 'onednn-plan.cc',
  'parallel.cc', 'peak.cc', 'quiet.cc',
];
const sources = names.map((f) => path.join(here, 'src', f));
const outDir = path.resolve(process.argv[2] || path.join(here, 'build'));
const out = path.join(outDir, 'anime_gan_native.node');

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
  // macOS links an addon's Node-API symbols when Node loads it, not at build time.
  const platform = process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : [];
  try {
    execFileSync(
      cxx,
      ['-std=c++17', '-O3', ...extra, '-fPIC', '-shared', '-fvisibility=hidden', ...platform, `-I${include}`, ...sources, '-o', tmp, '-ldl', '-pthread'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    const stderr = err.stderr ? String(err.stderr).trim().split('\n')[0] : '';
    throw new Error(err.code === 'ENOENT' ? `no C++ compiler (${cxx})` : stderr || err.message.split('\n')[0]);
  }
  fs.renameSync(tmp, out);
}

function writeStatus(status) {
  const file = path.join(outDir, 'status.json');
  fs.writeFileSync(file, `${JSON.stringify({ ...status, node: process.versions.modules, at: new Date().toISOString() })}\n`);
}

function main() {
  if (process.platform === 'win32') throw new Error('not built on Windows');
  const include = headerDir();
  if (!include) throw new Error("Node's headers (node_api.h) were not found");
  fs.mkdirSync(outDir, { recursive: true });
  // Built on the machine that runs it, so this CPU's vector units are fair game for the loops
  // around sgemm (a build copied to an older CPU would fault; each install builds its own).
  // oneDNN's part compiles only against its headers; should they be of a version it does not
  // build with, the rest is built without it.
  const attempts = [
    ['native', ['-march=native']],
    ['native', ['-march=native', '-DANIME_GAN_NO_ONEDNN']],
    ['baseline', ['-DANIME_GAN_NO_ONEDNN']],
  ];
  let last;
  for (const [target, flags] of attempts) {
    try {
      compile(include, flags);
      return target;
    } catch (err) {
      last = err;
    }
  }
  throw last;
}

try {
  const target = main();
  writeStatus({ ok: true, target });
} catch (err) {
  const reason = err.message.split('\n')[0];
  try {
    fs.mkdirSync(outDir, { recursive: true });
    writeStatus({ ok: false, reason });
  } catch {
    // A read-only install folder: the first run builds into the user's cache instead.
  }
  process.stderr.write(`anime-gan-tui: native CPU kernels not built (${reason}); training will use the slower wasm kernels\n`);
}
