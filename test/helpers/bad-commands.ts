/**
 * A few hundred lines a trainer's control socket must refuse, each with one error line: broken
 * JSON, wrong shapes and types, unknown commands, and every field of every command pushed out of
 * range (huge, negative, fractional, non-finite, of the wrong type, missing).
 */
const GOOD_GENERATE = { type: 'generate', requestId: 1, hair: null, eyes: null, count: 4, seed: 7, truncation: 1 };

/** Values no numeric field takes. */
const NOT_NUMBERS: unknown[] = ['x', '', '5', null, true, false, [], [1], {}, { n: 1 }, 'NaN', 'Infinity'];

/** Per field: values out of its range (JSON cannot say NaN or ∞, but 1e999 parses to ∞). */
const OUT_OF_RANGE: Record<string, unknown[]> = {
  requestId: [-1, 1.5, 2 ** 60, -0.5],
  count: [0, -1, 1.5, 4097, 1e9, 1e308, -1e308, 0.0001],
  seed: [-1, 2 ** 31, 0.5, 1e12, -(2 ** 31)],
  truncation: [0, -1, 4.0001, 1e308, -0.0001],
  cols: [0, -3, 2.5, 1e9],
};

function lines(): string[] {
  const out: string[] = [
    'hello',
    '{',
    '{"type":',
    '[1,2',
    'null',
    '42',
    '"pause"',
    '[]',
    'true',
    '{}',
    '{"type":5}',
    '{"type":null}',
    '{"type":"PAUSE"}',
    '{"type":"rm -rf"}',
    '{"type":"unknown"}',
    '{"type":["pause"]}',
    '{"type":{"type":"pause"}}',
    '{"lambda":2}',
    '{"type":"set-lambda"}',
    '{"type":"generate"}',
    '{"type":"set-lambda","lambda":1e308}',
    '{"type":"set-lambda","lambda":1e999}',
    '{"type":"set-lambda","lambda":-1e999}',
    '{"type":"set-lambda","lambda":-3}',
    '{"type":"set-lambda","lambda":1000.5}',
    '{"type":"set-lambda","lambda":-0.0001}',
    '\u0000\u0001\u0002',
    '{"type":"pause"',
    '\ufeff{"type":"pause"}',
  ];
  for (const v of NOT_NUMBERS) out.push(JSON.stringify({ type: 'set-lambda', lambda: v }));
  for (const [field, values] of Object.entries(OUT_OF_RANGE)) {
    for (const v of [...values, ...NOT_NUMBERS]) out.push(JSON.stringify({ ...GOOD_GENERATE, [field]: v }));
    out.push(`{"type":"generate","requestId":1,"hair":null,"eyes":null,"count":4,"seed":7,"truncation":1,"${field}":1e999}`);
  }
  for (const field of ['requestId', 'count', 'seed', 'truncation', 'hair', 'eyes']) {
    const { [field]: _gone, ...rest } = GOOD_GENERATE as Record<string, unknown>;
    out.push(JSON.stringify(rest));
  }
  for (const colour of [5, '', 'x'.repeat(65), [], {}, true, 'no-such-colour']) {
    out.push(JSON.stringify({ ...GOOD_GENERATE, hair: colour }));
    out.push(JSON.stringify({ ...GOOD_GENERATE, eyes: colour }));
  }
  for (const interpolate of ['x', 5, null, [], {}, { seedB: -1, hairB: null, eyesB: null }, { seedB: 1.5, hairB: null, eyesB: null }, { seedB: 1, hairB: 7, eyesB: null }]) {
    out.push(JSON.stringify({ ...GOOD_GENERATE, interpolate }));
  }
  for (const seedB of [...OUT_OF_RANGE.seed!, ...NOT_NUMBERS]) out.push(JSON.stringify({ ...GOOD_GENERATE, interpolate: { seedB, hairB: null, eyesB: null } }));
  for (const lambda of [-1e-9, 1000.000001, 1e4, -1e308, 2 ** 53]) out.push(JSON.stringify({ type: 'set-lambda', lambda }));
  // A line cut short (a client killed mid-write) is never valid JSON.
  for (const good of [JSON.stringify(GOOD_GENERATE), '{"type":"set-lambda","lambda":2.5}']) {
    for (let n = 1; n < good.length; n++) out.push(good.slice(0, n));
  }
  return out;
}

export const BAD_COMMANDS: readonly string[] = lines();
