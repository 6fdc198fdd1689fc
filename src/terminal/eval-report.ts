/** What `eval` prints: the JSON summary's shape, and the table a person reads. */
import type { Scores } from '../judge/score.js';
import type { Accuracy } from '../judge/reference.js';

export interface EvalSummary extends Scores {
  type: 'eval';
  source:
    | { kind: 'generator'; checkpoint: string; model: string; width: number; step: number; epoch: number; conditional: boolean; weights?: 'averaged' | 'raw' }
    | { kind: 'faces'; dir: string };
  data: { source: string; dir: string | null; count: number };
  judge: { origin: string; dir: string; about: string; heldOut: Accuracy & { count: number } };
  count: number;
  seed: number;
}

const pct = (v: number) => (Number.isFinite(v) ? `${Math.round(v * 100)}%` : '–');
const fix = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '–');

export function evalReport(s: EvalSummary): string {
  const lines: string[] = [];
  const src = s.source;
  lines.push(
    src.kind === 'generator'
      ? `${src.checkpoint === 'shipped' ? 'the shipped model' : src.checkpoint}: ${src.model} ×${src.width}, step ${src.step} (epoch ${src.epoch})${src.weights ? `, ${src.weights} G` : ''}`
      : `faces in ${src.dir}`,
  );
  const j = s.judge;
  lines.push(
    `judge: ${j.origin}, trained on ${j.about}; on its held-out faces hair ${pct(j.heldOut.hairAcc)}, eyes ${pct(j.heldOut.eyesAcc)}, both ${pct(j.heldOut.bothAcc)}`,
  );
  if (s.pairs.length > 0) {
    lines.push(`${s.count} faces per pair, seed ${s.seed}`, '');
    const w = Math.max(10, ...s.pairs.map((p) => p.pair.length));
    lines.push(`${'pair'.padEnd(w)}  hair  eyes  both  diversity   real faces: hair  eyes  both`);
    for (const p of s.pairs) {
      lines.push(
        `${p.pair.padEnd(w)}  ${pct(p.hairAcc).padStart(4)}  ${pct(p.eyesAcc).padStart(4)}  ${pct(p.bothAcc).padStart(4)}  ${fix(p.diversity).padStart(9)}               ${pct(p.ceiling.hairAcc).padStart(4)}  ${pct(p.ceiling.eyesAcc).padStart(4)}  ${pct(p.ceiling.bothAcc).padStart(4)}`,
      );
    }
    const a = s.accuracy!;
    const c = s.ceiling!;
    lines.push(
      `${'all'.padEnd(w)}  ${pct(a.hairAcc).padStart(4)}  ${pct(a.eyesAcc).padStart(4)}  ${pct(a.bothAcc).padStart(4)}  ${fix(s.diversity).padStart(9)}               ${pct(c.hairAcc).padStart(4)}  ${pct(c.eyesAcc).padStart(4)}  ${pct(c.bothAcc).padStart(4)}`,
      '',
    );
  } else {
    lines.push(`${s.faces} faces, seed ${s.seed}`, '');
    lines.push(`diversity ${fix(s.diversity)} (real faces: 1; one face for every z: 0)`);
  }
  lines.push(`Fréchet distance ${fix(s.frechet, 1)} (real faces of the same count: ${fix(s.frechetFloor, 1)}; lower is better)`);
  return lines.join('\n') + '\n';
}
