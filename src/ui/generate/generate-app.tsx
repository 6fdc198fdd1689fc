/**
 * The root of the standalone `anime-gan-tui generate` on a terminal: the generate view alone,
 * fed by a generator thread through the same TrainerClient interface as the dashboard, with the
 * same keymap (less the way back to a training view that does not exist here).
 */
import { useCallback, useContext, useEffect, useMemo, useRef } from 'react';
import { useApp, useInput, type Key } from 'ink';
import type { TrainerClient } from '../../protocol/client.js';
import { runCommand } from '../train/commands.js';
import { TooSmall } from '../components/too-small.js';
import { seedChoices, type GenerateOptions } from './generate-commands.js';
import { DeferredDispatch } from './generate-deferred.js';
import { generateDrawing, generatePreview, withPredrawnFaces, type DrawTarget } from './generate-predraw.js';
import { PlaceholderContext } from '../preview/placeholders.js';
import { preloadBlockFaces } from '../preview/block-faces.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { useTrainer } from '../hooks/use-trainer.js';
import { keyActionFor } from '../keymap.js';
import { splitKeys } from '../train/split-keys.js';
import { isTooSmall, usableRows } from '../train/layout.js';
import { resolvePreview, TerminalContext, type PreviewMode } from '../preview/mode.js';
import { desiredRequest, sameAsk } from './generate-state.js';
import { generateSource } from './generate-source.js';
import { reducer, type UiInput, type UiState } from '../state/reducer.js';
import { keyContext } from '../state/selectors.js';
import { applyTheme, type ThemeName } from '../theme.js';
import { GenerateView, type GenerateLink } from './generate-view.js';
import { HelpOverlay } from '../views/help-overlay.js';

export interface GenerateAppProps {
  /** The generator thread the view asks for faces, behind the dashboard's TrainerClient interface. */
  client: TrainerClient;
  /** The preview setting (auto, native, blocks, off), resolved here against the terminal. */
  preview: PreviewMode;
  /** First choices (saved or given as flags) and where picks are remembered; none when absent. */
  options?: GenerateOptions;
  /** The saved colour theme; dark when absent. */
  theme?: ThemeName;
  /** Width in cells (tests pin it); otherwise stdout's, following resizes. */
  columns?: number;
  /** Height in rows (tests pin it); otherwise stdout's, following resizes. */
  rows?: number;
  /** Seeds for new noise (tests pin it); otherwise random. */
  randomSeed?: () => number;
  /** Environment used to pick the preview renderer and honour NO_COLOR; process.env when absent. */
  env?: NodeJS.ProcessEnv;
}

const defaultSeed = () => Math.floor(Math.random() * 2 ** 31);

/** Faces are on their way, or about to be asked for: the screen may wait for them. */
function awaitsFaces(state: UiState): boolean {
  const g = state.generate;
  if (g.pendingId !== null) return true;
  const source = generateSource(state);
  const want = source ? desiredRequest(g, source.conditional) : null;
  return want !== null && !sameAsk(want, g.result?.request);
}
const stillClock = () => 0;

export function GenerateApp({ client, preview, options, theme = 'dark', columns, rows, randomSeed = defaultSeed, env }: GenerateAppProps) {
  applyTheme(theme, env ?? process.env);
  const { exit } = useApp();
  const size = useTerminalSize({ ...(columns !== undefined ? { columns } : {}), ...(rows !== undefined ? { rows } : {}) });
  const caps = useContext(TerminalContext);
  const resolved = useMemo(() => resolvePreview(preview, env ?? process.env, caps), [preview, env, caps]);
  // Read by the predrawing client when faces arrive, so they are drawn at the size shown then.
  const drawsImages = useContext(PlaceholderContext);
  const now = useRef<DrawTarget>({ size, resolved, interpolate: false, drawsImages });
  const release = useRef(() => {});
  const predrawn = useMemo(() => withPredrawnFaces(client, (grid) => generateDrawing(grid, now.current), () => release.current()), [client]);
  // A generator sends a message per key press at most: each is applied at once, no pacing. The
  // clock stands still: nothing here shows the time, and each tick would redraw the screen.
  const [state, rawDispatch] = useTrainer(predrawn, { minIntervalMs: 0, now: stillClock });
  // Saved colours from the first frame that knows the generator's: seeded during this render
  // (React renders again before drawing), not in an effect after a frame with the defaults.
  const seeding = seedChoices(state, options, randomSeed);
  if (seeding) rawDispatch(seeding);
  // terminal-image loads while the generator does, not when the first faces are back.
  useEffect(() => {
    if (generatePreview(resolved).kind === 'blocks') void preloadBlockFaces();
  }, [resolved]);
  const requestIds = useRef(0);

  // Every change goes through the ref at once, so the next key sees it; the screen's copy of a
  // key that asked for faces may wait for them (generate-deferred.ts).
  const deferred = useMemo(() => new DeferredDispatch(rawDispatch), [rawDispatch]);
  release.current = () => deferred.flush();
  const stateRef = useRef(state);
  stateRef.current = deferred.held().reduce(reducer, state);
  now.current = { size, resolved, interpolate: stateRef.current.generate.interpolate, drawsImages };
  useEffect(() => () => deferred.dispose(), [deferred]);
  const dispatch = useCallback(
    (action: UiInput) => {
      stateRef.current = reducer(stateRef.current, action);
      deferred.push(action, action.type === 'ui/generate' && awaitsFaces(stateRef.current));
    },
    [deferred],
  );
  const link = useMemo<GenerateLink>(
    () => ({ send: (c) => client.send(c), dispatch, nextRequestId: () => ++requestIds.current, randomSeed, latest: () => stateRef.current }),
    [client, dispatch, randomSeed],
  );

  const onInput = useCallback(
    (input: string, key: Key) => {
      if (stateRef.current.help && key.escape) {
        dispatch({ type: 'ui/close-help' });
        return;
      }
      for (const [one, oneKey] of splitKeys(input, key)) {
        const command = keyActionFor(one, oneKey, 'generate', 'owner', keyContext(stateRef.current));
        // There is no training view to go back to.
        if (command === null || command === 'train-view') continue;
        runCommand(command, { state: stateRef.current, client, dispatch, exit, nextRequestId: link.nextRequestId, randomSeed });
      }
    },
    [client, dispatch, exit, link, randomSeed],
  );
  useInput(onInput);

  // q asks the generator thread to stop; it says 'exited' when it has.
  useEffect(() => {
    if (state.stopping && state.exited !== null) exit();
  }, [state.stopping, state.exited, exit]);

  if (isTooSmall(size)) return <TooSmall columns={size.columns} rows={size.rows} />;
  if (state.help) return <HelpOverlay width={size.columns} height={usableRows(size.rows)} view="generate" context={keyContext(state)} />;
  return <GenerateView state={state} preview={resolved} size={size} link={link} standalone {...(options ? { options } : {})} />;
}
