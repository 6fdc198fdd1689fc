/** Class vocabularies (the values of each attribute, hair and eye colours in MLDS) built from the labels the data carries. */
import { DatasetError } from './dataset.js';

export interface Labels {
  vocab: string[];
  /** Index into vocab per face. */
  index: Uint8Array;
}

/** Maps each label to its position in the alphabetically sorted set of distinct labels. */
export function buildLabels(values: readonly string[], attribute: string, file = 'tags.csv'): Labels {
  const vocab = [...new Set(values)].sort();
  // Labels are stored one byte per face.
  if (vocab.length > 256) {
    throw new DatasetError(`${file} has ${vocab.length} different ${attribute} values; at most 256 are supported: merge some of them`);
  }
  const position = new Map(vocab.map((name, i) => [name, i]));
  const index = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) index[i] = position.get(values[i]!)!;
  return { vocab, index };
}

/** One warning naming every value so rare that a conditional model will hardly learn it. */
export function rareValueWarnings(
  vocab: readonly string[],
  index: Uint8Array,
  attribute: string,
  minCount: number,
): string[] {
  const counts = new Array<number>(vocab.length).fill(0);
  for (const i of index) counts[i]!++;
  const rare = vocab.flatMap((name, i) => (counts[i]! < minCount ? [`'${name}' (${counts[i]})`] : []));
  if (rare.length === 0) return [];
  const which = rare.length === 1 ? `${attribute} ${rare[0]} appears` : `${attribute} ${rare.join(', ')} appear`;
  return [`${which} on fewer than ${minCount} faces: the model will hardly learn ${rare.length === 1 ? 'it' : 'them'}`];
}
