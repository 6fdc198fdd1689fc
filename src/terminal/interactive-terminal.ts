/**
 * Ink decides once, when it is first imported, whether it runs "in CI" (CI or
 * CONTINUOUS_INTEGRATION set), and then draws no frames at all until the app exits: right for a
 * build log, a blank screen for a person at a terminal who happens to have CI exported. The
 * dashboard and the generate view only open on a real terminal, so there the variables are
 * dropped before Ink is loaded. Plain-line and JSON output never load Ink and are unaffected.
 */
const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

/** Call before the first import of an Ink view. Returns the variables it dropped. */
export function letInkDrawOnTerminal(env: NodeJS.ProcessEnv = process.env): string[] {
  const dropped = CI_VARIABLES.filter((name) => name in env);
  for (const name of dropped) delete env[name];
  return dropped;
}
