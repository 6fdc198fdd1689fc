import * as tf from '@tensorflow/tfjs';
import { benchTraining } from '/work/main/dist/bench/train-bench.js';
Error.stackTraceLimit = 60; const counts = new Map();
const orig = tf.getKernel;
// wrap after backend registration: run one bench step with a stack sampler on Identity
process.env.ANIME_GAN_NATIVE ??= '1';
const { selectBackend } = await import('/work/main/dist/engine/backend.js');
await selectBackend('wasm');
const cfg = tf.getKernel('Identity', 'wasm');
const inner = cfg.kernelFunc;
cfg.kernelFunc = (a) => { const s = new Error().stack.split('\n').slice(2).filter(l=>!/Engine\.|kernelFunc|scopedRun|tidy|Object\.|anonymous|at \/work/.test(l)).slice(0,5).map(l=>l.trim().replace(/\(.*node_modules\//,'(')).join(' < '); counts.set(s, (counts.get(s)??0)+1); return inner(a); };
await benchTraining({ model: 'dcgan', loss: 'gan', backend: 'wasm', width: 0.25, batch: 16, steps: 1 });
console.log([...counts.entries()].sort((a,b)=>b[1]-a[1]).slice(0,8));
