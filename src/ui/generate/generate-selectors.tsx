/**
 * The generate view's fields: the run's two attributes (hair and eyes for MLDS, labelled with the
 * names its tags file gives; B's too in A→B), noise lock, spread, chosen face,
 * with the focused one marked ◀ ▶; and under them the focused field's values (the run's whole
 * colour list, the chosen one highlighted), so what ←/→ will do is on screen.
 */
import { Text } from 'ink';
import { truncate } from '../format.js';
import type { GenerateField, GenerateState } from './generate-state.js';
import type { GenerateSource } from './generate-source.js';
import { color } from '../theme.js';

const colourName = (c: string | null) => c ?? 'random';

interface FieldProps {
  /** The field's name, dimmed before its value ("hair", "spread"). */
  label: string;
  /** The current choice, as shown. */
  value: string;
  /** The field ←/→ change: drawn highlighted between arrows. */
  focused: boolean;
}

function Field({ label, value, focused }: FieldProps) {
  if (!focused) {
    return (
      <Text>
        <Text color={color('dim')}>{label} </Text>
        {value}
      </Text>
    );
  }
  return (
    <Text>
      <Text color={color('accent')}>{label} ◀ </Text>
      <Text color={color('accent')} bold inverse>
        {value}
      </Text>
      <Text color={color('accent')}> ▶</Text>
    </Text>
  );
}

export interface GenerateSelectorsProps {
  /** The generate view's state: the choices, the focused field, locked noise, A→B. */
  g: GenerateState;
  /** What the faces are drawn from: its model and the attributes' names and values. */
  source: GenerateSource;
  /** Cells across; what only explains gives way first. */
  width: number;
}

/** Cells a field takes: "spread 1.00", or "spread ◀ 1.00 ▶" when focused. */
function fieldWidth(label: string, value: string, focused: boolean): number {
  return label.length + value.length + (focused ? 5 : 1);
}

/**
 * One line, or two in A→B (A's fields, then B's), each fitted to `width`: what only explains
 * gives way (the unconditional model's note gets shorter, B's hint goes, free noise, the
 * default, goes unsaid) so the fields that ←/→ change stay on screen.
 */
export function GenerateSelectors({ g, source, width }: GenerateSelectorsProps) {
  const f = (field: GenerateField) => g.field === field;
  const count = g.result?.labels.length ?? 0;
  const face = count ? `${g.selected + 1}/${count}` : '—';
  const spread = g.truncation.toFixed(2);
  const noise = g.locked ? 'locked' : 'free';
  const commonWidth = (showNoise: boolean) =>
    (showNoise ? 2 + 'noise '.length + noise.length : 0) + 2 + fieldWidth('spread', spread, f('spread')) + 2 + fieldWidth('face', face, f('face'));
  const common = (showNoise: boolean) => (
    <>
      {showNoise ? (
        <>
          <Text color={color('dim')}>{'  noise '}</Text>
          <Text color={g.locked ? color('warn') : undefined}>{noise}</Text>
        </>
      ) : null}
      {'  '}
      <Field label="spread" value={spread} focused={f('spread')} />
      {'  '}
      <Field label="face" value={face} focused={f('face')} />
    </>
  );
  if (!source.conditional) {
    const [a, b] = source.attributes;
    const notes = [` ${source.model}: no ${a} or ${b} choice (unconditional)`, ` ${source.model}: no ${a}/${b} choice`, ' unconditional', ''];
    // No noise state either: with no colours to change, locking the noise would keep nothing.
    const note = notes.find((n) => n.length + commonWidth(false) <= width) ?? '';
    return (
      <Text wrap="truncate-end">
        <Text color={color('dim')}>{note}</Text>
        {common(false)}
      </Text>
    );
  }
  const [nameA, nameB] = source.attributes;
  const coloursWidth = (hair: string | null, eyes: string | null, hairField: GenerateField, eyesField: GenerateField) =>
    fieldWidth(nameA, colourName(hair), f(hairField)) + 2 + fieldWidth(nameB, colourName(eyes), f(eyesField));
  const lead = g.interpolate ? 3 : 1;
  const showNoise = g.locked || lead + coloursWidth(g.hair, g.eyes, 'hair', 'eyes') + commonWidth(true) <= width;
  const lineA = (
    <Text wrap="truncate-end">
      {g.interpolate ? <Text color={color('title')}>{' A '}</Text> : ' '}
      <Field label={nameA} value={colourName(g.hair)} focused={f('hair')} />
      {'  '}
      <Field label={nameB} value={colourName(g.eyes)} focused={f('eyes')} />
      {common(showNoise)}
    </Text>
  );
  if (!g.interpolate) return lineA;
  const hints = [`  (seed ${g.seedB ?? '—'}; r draws another)`, `  (seed ${g.seedB ?? '—'})`, ''];
  const hint = hints.find((h) => lead + coloursWidth(g.hairB, g.eyesB, 'hairB', 'eyesB') + h.length <= width) ?? '';
  return (
    <>
      {lineA}
      <Text wrap="truncate-end">
        <Text color={color('title')}>{' B '}</Text>
        <Field label={nameA} value={colourName(g.hairB)} focused={f('hairB')} />
        {'  '}
        <Field label={nameB} value={colourName(g.eyesB)} focused={f('eyesB')} />
        <Text color={color('dim')}>{hint}</Text>
      </Text>
    </>
  );
}

/** The focused field's values, or what it does. */
export function FieldChoices({ g, source, width }: GenerateSelectorsProps) {
  const field = g.field;
  if (field === 'spread') {
    return (
      <Text color={color('dim')} wrap="truncate-end">
        {truncate(` spread scales z's spread (${g.truncation.toFixed(2)}×): lower gives plainer, safer faces; higher, wilder ones`, width)}
      </Text>
    );
  }
  if (field === 'face') {
    const label = g.result?.labels[g.selected];
    const [nameA, nameB] = source.attributes;
    const colours = label && label[0] !== null ? ` (${label[0]} ${nameA}, ${label[1]} ${nameB})` : '';
    return (
      <Text color={color('dim')} wrap="truncate-end">
        {truncate(` face ${g.selected + 1}${colours}: S saves it alone, s saves them all`, width)}
      </Text>
    );
  }
  const vocab = field === 'hair' || field === 'hairB' ? source.hairVocab : source.eyesVocab;
  const list: Array<string | null> = [null, ...vocab];
  const chosen = Math.max(0, list.indexOf(g[field]));
  const what = source.attributes[field.startsWith('hair') ? 0 : 1];
  const prefix = ` ${what}${field.endsWith('B') ? ' B' : ''}: `;
  // A window over the list that keeps the chosen value on screen.
  const words = list.map(colourName);
  let from = 0;
  const fits = (a: number, b: number) => prefix.length + words.slice(a, b + 1).join(' ').length + 4 <= width;
  while (from < chosen && !fits(from, chosen)) from++;
  let to = chosen;
  while (to + 1 < words.length && fits(from, to + 1)) to++;
  return (
    <Text wrap="truncate-end">
      <Text color={color('dim')}>{prefix}</Text>
      {from > 0 ? <Text color={color('dim')}>… </Text> : null}
      {words.slice(from, to + 1).map((w, k) => (
        <Text key={w}>
          {k > 0 ? ' ' : ''}
          {from + k === chosen ? (
            <Text color={color('accent')} bold inverse>
              {w}
            </Text>
          ) : (
            <Text color={color('dim')}>{w}</Text>
          )}
        </Text>
      ))}
      {to + 1 < words.length ? <Text color={color('dim')}> …</Text> : null}
    </Text>
  );
}
