/**
 * Parsing of a tags file: one `<id>,<value> <attribute> <value> <attribute>` line per face, the
 * MLDS `12,blue hair red eyes` or any other pair of attributes (`12,long hair smile mouth`). The
 * attribute names come from the file and must be the same two on every line.
 */
import { DatasetError } from './dataset.js';

export interface TagEntry {
  /** The image is `images/<id>.<ext>`. */
  id: string;
  /** The first attribute's value (hair colour in MLDS): the fields keep MLDS names, as elsewhere. */
  hair: string;
  /** The second attribute's value. */
  eyes: string;
  /** 1-based line in the tags file, for messages. */
  line: number;
}

export interface ParsedTags {
  entries: TagEntry[];
  /** The two attribute names, as the lines spell them (lower case). */
  attributes: [string, string];
  /** Lines dropped under skipBad: malformed, repeating an earlier id, or naming other attributes. */
  skippedLines: number;
  warnings: string[];
}

// The id must be usable as a file name, so no separators or whitespace; values and names are
// single words (letters, digits, - and _), so a line splits one way only.
const WORD = '[\\p{L}\\p{N}_-]+';
const LINE = new RegExp(`^([^,\\s/\\\\]+)\\s*,\\s*(${WORD})\\s+(${WORD})\\s+(${WORD})\\s+(${WORD})\\s*$`, 'u');
export const TAG_FORMAT = "'<id>,<value> <attribute> <value> <attribute>' (like '12,blue hair red eyes')";
const SKIP_HINT = '(fix or delete the line, or use --skip-bad to skip such lines)';

/** Shortens a bad line so the message stays one readable line. */
function quote(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Parses the text of a tags file. Blank lines are ignored and CRLF is accepted. A malformed line,
 * a repeated id or a line naming other attributes than the first line throws a DatasetError
 * naming the file and line, unless `skipBad` is set, in which case such lines are counted into
 * one warning.
 */
export function parseTags(text: string, opts: { skipBad?: boolean; file?: string } = {}): ParsedTags {
  const file = opts.file ?? 'tags.csv';
  const entries: TagEntry[] = [];
  const firstLineOfId = new Map<string, number>();
  let names: { a: string; b: string; line: number } | null = null;
  let malformed = 0;
  let duplicates = 0;
  let otherNames = 0;
  let firstBad: string | null = null;
  const bad = (problem: string): void => {
    if (!opts.skipBad) throw new DatasetError(`${problem} ${SKIP_HINT}`);
    firstBad ??= problem;
  };

  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const lineNo = i + 1;
    const m = LINE.exec(raw.trim());
    if (!m) {
      bad(`${file}:${lineNo}: expected ${TAG_FORMAT}, got '${quote(raw)}'`);
      malformed++;
      continue;
    }
    const [, id, valueA, nameA, valueB, nameB] = m as unknown as [string, string, string, string, string, string];
    const a = nameA.toLowerCase();
    const b = nameB.toLowerCase();
    if (a === b) {
      bad(`${file}:${lineNo}: names '${a}' twice; a line gives two different attributes, like '12,blue hair red eyes'`);
      malformed++;
      continue;
    }
    // The first good line fixes the attributes; one model learns exactly two of them.
    names ??= { a, b, line: lineNo };
    if (a !== names.a || b !== names.b) {
      bad(`${file}:${lineNo}: names '${a}' and '${b}', but line ${names.line} named '${names.a}' and '${names.b}' (every line gives the same two attributes, in the same order)`);
      otherNames++;
      continue;
    }
    const earlier = firstLineOfId.get(id);
    if (earlier !== undefined) {
      bad(`${file}:${lineNo}: id '${id}' already appears on line ${earlier}`);
      duplicates++;
      continue;
    }
    firstLineOfId.set(id, lineNo);
    entries.push({ id, hair: valueA.toLowerCase(), eyes: valueB.toLowerCase(), line: lineNo });
  }

  if (entries.length === 0 || names === null) {
    const why = malformed + duplicates + otherNames > 0 ? 'has no usable lines' : 'is empty';
    throw new DatasetError(`${file} ${why}: it needs one ${TAG_FORMAT} line per image`);
  }

  const warnings: string[] = [];
  const skippedLines = malformed + duplicates + otherNames;
  if (skippedLines > 0) {
    const parts = [
      malformed > 0 ? `${malformed} malformed` : '',
      duplicates > 0 ? `${duplicates} with a repeated id` : '',
      otherNames > 0 ? `${otherNames} naming other attributes` : '',
    ].filter(Boolean);
    warnings.push(`skipped ${skippedLines} bad line${skippedLines === 1 ? '' : 's'} in ${file} (${parts.join(', ')}); first: ${firstBad}`);
  }
  return { entries, attributes: [names.a, names.b], skippedLines, warnings };
}
