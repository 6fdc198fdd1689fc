/** Parsing of the MLDS `tags.csv`: one `<id>,<hair> hair <eyes> eyes` line per face. */
import { DatasetError } from './dataset.js';

export interface TagEntry {
  /** The image is `images/<id>.jpg`. */
  id: string;
  hair: string;
  eyes: string;
  /** 1-based line in tags.csv, for messages. */
  line: number;
}

export interface ParsedTags {
  entries: TagEntry[];
  /** Lines dropped under skipBad: malformed or repeating an earlier id. */
  skippedLines: number;
  warnings: string[];
}

// The id must be usable as a file name, so no separators or whitespace; colours are single words.
const LINE = /^([^,\s/\\]+)\s*,\s*([A-Za-z]+)\s+hair\s+([A-Za-z]+)\s+eyes\s*$/;
const SKIP_HINT = '(use --skip-bad to skip such lines)';

/** Shortens a bad line so the message stays one readable line. */
function quote(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Parses the text of a tags.csv. Blank lines are ignored and CRLF is accepted. A malformed line
 * or a repeated id throws a DatasetError naming the line, unless `skipBad` is set, in which case
 * such lines are counted into one warning.
 */
export function parseTags(text: string, opts: { skipBad?: boolean; file?: string } = {}): ParsedTags {
  const file = opts.file ?? 'tags.csv';
  const entries: TagEntry[] = [];
  const firstLineOfId = new Map<string, number>();
  let malformed = 0;
  let duplicates = 0;
  let firstBad: string | null = null;

  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const lineNo = i + 1;
    const m = LINE.exec(raw.trim());
    if (!m) {
      const problem = `${file}:${lineNo}: expected '<id>,<colour> hair <colour> eyes', got '${quote(raw)}'`;
      if (!opts.skipBad) throw new DatasetError(`${problem} ${SKIP_HINT}`);
      malformed++;
      firstBad ??= problem;
      continue;
    }
    const [, id, hair, eyes] = m;
    const earlier = firstLineOfId.get(id);
    if (earlier !== undefined) {
      const problem = `${file}:${lineNo}: id '${id}' already appears on line ${earlier}`;
      if (!opts.skipBad) throw new DatasetError(`${problem} ${SKIP_HINT}`);
      duplicates++;
      firstBad ??= problem;
      continue;
    }
    firstLineOfId.set(id, lineNo);
    entries.push({ id, hair: hair.toLowerCase(), eyes: eyes.toLowerCase(), line: lineNo });
  }

  if (entries.length === 0) {
    const why = malformed + duplicates > 0 ? 'has no usable lines' : 'is empty';
    throw new DatasetError(
      `${file} ${why}: it needs one '<id>,<colour> hair <colour> eyes' line per image`,
    );
  }

  const warnings: string[] = [];
  const skippedLines = malformed + duplicates;
  if (skippedLines > 0) {
    const parts = [
      malformed > 0 ? `${malformed} malformed` : '',
      duplicates > 0 ? `${duplicates} with a repeated id` : '',
    ].filter(Boolean);
    warnings.push(`skipped ${skippedLines} bad line${skippedLines === 1 ? '' : 's'} in ${file} (${parts.join(', ')}); first: ${firstBad}`);
  }
  return { entries, skippedLines, warnings };
}
