/**
 * Judges on disk, one per data set: trained once on first use and reused after. A data set is
 * known by a fingerprint of its content (labels, vocabularies and a hash of every face), not its
 * path, so a moved or copied folder keeps its judge, and the judge that ships with the package for
 * the MLDS set is found for anyone's copy of it.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { assignParams, latestCheckpoint, paramEntries, snapshotTensors, writeCheckpoint } from '../engine/checkpoint.js';
import type { FaceDataset } from '../data/dataset.js';
import { defaultCacheDir } from '../util/paths.js';
import { SHIPPED_DIR } from '../generate/shipped-model.js';
import { judgeNet, JUDGE_FEATURES, JUDGE_NF, type JudgeNet } from './judge-net.js';
import { faceHash, HELD_OUT_SHARE } from './judge-split.js';
import type { JudgeTrainOptions } from './judge-train.js';

/** Bumped when the net, its training or the split change: older judges are then retrained. */
export const JUDGE_VERSION = 1;

/** What a judge's checkpoint says about itself. */
export interface JudgeMeta {
  judgeVersion: number;
  fingerprint: string;
  hairVocab: string[];
  eyesVocab: string[];
  nf: number;
  features: number;
  heldOutShare: number;
  training: JudgeTrainOptions;
  /** Accuracy on the held-out real faces, all of them. */
  heldOut: { count: number; hairAcc: number; eyesAcc: number; bothAcc: number };
  /** What it was trained on, for people: "MLDS (36,740 faces)". */
  about: string;
}

export interface StoredJudge {
  net: JudgeNet;
  meta: JudgeMeta;
  dir: string;
  /** Where it came from: this machine's cache, or the package. */
  origin: 'cache' | 'shipped';
}

export function datasetFingerprint(ds: FaceDataset): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ v: JUDGE_VERSION, count: ds.count, hair: ds.hairVocab, eyes: ds.eyesVocab }));
  h.update(ds.hair.subarray(0, ds.count));
  h.update(ds.eyes.subarray(0, ds.count));
  const hashes = new Uint32Array(ds.count);
  for (let i = 0; i < ds.count; i++) hashes[i] = faceHash(ds.pixels, i);
  h.update(new Uint8Array(hashes.buffer));
  return h.digest('hex').slice(0, 24);
}

export function judgeCacheRoot(cacheDir: string = defaultCacheDir()): string {
  return path.join(cacheDir, 'judges');
}

/** The shipped judges live beside the shipped generator: checkpoints/shipped/judges/<fingerprint>. */
export const SHIPPED_JUDGES = path.join(SHIPPED_DIR, 'judges');

/** The judge for a fingerprint: this machine's cache first, then the package's. */
export async function findJudge(fingerprint: string, cacheRoot: string = judgeCacheRoot(), shippedRoot: string = SHIPPED_JUDGES): Promise<StoredJudge | null> {
  for (const [root, origin] of [[cacheRoot, 'cache'], [shippedRoot, 'shipped']] as const) {
    const dir = path.join(root, fingerprint);
    if (!existsSync(dir)) continue;
    const found = await latestCheckpoint<JudgeMeta>(dir);
    if (!found || found.meta.extra?.judgeVersion !== JUDGE_VERSION) continue;
    const meta = found.meta.extra;
    const net = judgeNet({ nHair: meta.hairVocab.length, nEyes: meta.eyesVocab.length, seed: meta.training.seed });
    assignParams(net.params, found.values);
    return { net, meta, dir: found.dir, origin };
  }
  return null;
}

export async function saveJudge(
  net: JudgeNet,
  meta: Omit<JudgeMeta, 'judgeVersion' | 'nf' | 'features' | 'heldOutShare'>,
  root: string,
): Promise<{ dir: string; meta: JudgeMeta }> {
  const full: JudgeMeta = { judgeVersion: JUDGE_VERSION, nf: JUDGE_NF, features: JUDGE_FEATURES, heldOutShare: HELD_OUT_SHARE, ...meta };
  const tensors = await snapshotTensors(paramEntries(net.params));
  const dir = await writeCheckpoint(path.join(root, meta.fingerprint), { step: 0, epoch: meta.training.epochs, time: Date.now(), keep: true, extra: full }, tensors);
  return { dir, meta: full };
}
