/**
 * The root component: holds the state (via useTrainer's reducer), turns keys into commands,
 * picks the view, and exits when a requested stop has finished. Views below it are pure
 * functions of state and size.
 */
import { useCallback, useContext, useEffect, useMemo, useRef } from 'react';
import { useApp, useInput, type Key } from 'ink';
import type { TrainerClient } from '../../protocol/client.js';
import { runCommand } from './commands.js';
import { TooSmall } from '../components/too-small.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { DEFAULT_MIN_INTERVAL_MS, useTrainer } from '../hooks/use-trainer.js';
import { keyActionFor, type ClientRole } from '../keymap.js';
import { splitKeys } from './split-keys.js';
import { useEpochSample } from '../hooks/use-epoch-sample.js';
import { reducer } from '../state/reducer.js';
import { keyContext } from '../state/selectors.js';
import { isTooSmall, usableRows } from './layout.js';
import { preloadBlockFaces } from '../preview/block-faces.js';
import { resolvePreview, TerminalContext, type PreviewMode } from '../preview/mode.js';
import { applyTheme, type ThemeName } from '../theme.js';
import { seedChoices, type GenerateOptions } from '../generate/generate-commands.js';
import { generateDrawing, withPredrawnFaces, type DrawTarget } from '../generate/generate-predraw.js';
import { PlaceholderContext } from '../preview/placeholders.js';
import { GenerateView, type GenerateLink } from '../generate/generate-view.js';
import { HelpOverlay } from '../views/help-overlay.js';
import { TrainView } from './train-view.js';

export interface AppProps {
  /** The trainer shown and commanded: a worker thread, or a run watched from elsewhere. */
  client: TrainerClient;
  /** The preview setting (auto, native, blocks, off), resolved here against the terminal. */
  preview: PreviewMode;
  /** Wall clock in epoch ms (tests pin it); Date.now when absent. */
  now?: () => number;
  /** Width in cells (tests pin it); otherwise stdout's, following resizes. */
  columns?: number;
  /** Height in rows (tests pin it); otherwise stdout's, following resizes. */
  rows?: number;
  /** Least ms between frames, default 100 (more when frames cost more); 0: every message at once. */
  flushMs?: number;
  /** Share of a core the UI may spend drawing (0.05 when absent). */
  cpuBudget?: number;
  /** Seeds for generate requests (tests pin it). */
  randomSeed?: () => number;
  /** Environment used to pick the preview renderer and honour NO_COLOR (tests pin it). */
  env?: NodeJS.ProcessEnv;
  /** The saved colour theme; dark when absent. */
  theme?: ThemeName;
  /** The generate view's first choices (saved or given), and where its picks are remembered. */
  generate?: GenerateOptions;
  /** 'watcher' for a run started elsewhere: q then leaves the trainer running. Default 'owner'. */
  role?: ClientRole;
  /** The client can draw from the model that ships with the package (the generate view's m). */
  shipped?: boolean;
}

const NO_LABELS: string[] = [];
const defaultSeed = () => Math.floor(Math.random() * 2 ** 31);

export function App({ client, preview, now = Date.now, columns, rows, flushMs = DEFAULT_MIN_INTERVAL_MS, cpuBudget, randomSeed = defaultSeed, env, theme = 'dark', generate, role = 'owner', shipped = false }: AppProps) {
  // Before any child renders: components read their colours from the theme module.
  applyTheme(theme, env ?? process.env);
  const { exit } = useApp();
  // The generate view's new faces arrive with their half-blocks drawn: one frame, not two.
  const drawAt = useRef<DrawTarget | null>(null);
  const fed = useMemo(() => withPredrawnFaces(client, (grid) => (drawAt.current ? generateDrawing(grid, drawAt.current) : null)), [client]);
  const drawsImages = useContext(PlaceholderContext);
  const [state, dispatch] = useTrainer(fed, { minIntervalMs: flushMs, now, ...(cpuBudget !== undefined ? { cpuBudget } : {}) });
  // The generate view's saved colours from its first frame: seeded during this render (React
  // renders again before drawing). Only once it is open: its first visit may pick the shipped model.
  const seeding = state.view === 'generate' ? seedChoices(state, generate, randomSeed) : null;
  if (seeding) dispatch(seeding);
  const size = useTerminalSize({ ...(columns !== undefined ? { columns } : {}), ...(rows !== undefined ? { rows } : {}) });
  const caps = useContext(TerminalContext);
  const resolved = useMemo(() => resolvePreview(preview, env ?? process.env, caps), [preview, env, caps]);
  drawAt.current = state.view === 'generate' ? { size, resolved, interpolate: state.generate.interpolate, drawsImages } : null;
  // While the trainer loads its data, not when the first faces arrive mid-training.
  useEffect(() => {
    if (resolved.kind === 'blocks') void preloadBlockFaces();
  }, [resolved.kind]);
  useEffect(() => {
    if (shipped) dispatch({ type: 'ui/generate', action: { type: 'set', patch: { shippedAvailable: true } } });
  }, [shipped, dispatch]);
  const requestIds = useRef(0);
  const scrubbed = useEpochSample(
    state.start?.runDir ?? null,
    state.scrub === null ? null : (state.epochSamples[state.scrub] ?? null),
    state.start?.sampleRows ?? NO_LABELS,
  );

  // The input handler reads the latest state through a ref, so it never acts on a stale
  // snapshot between a dispatch and the next render.
  const stateRef = useRef(state);
  stateRef.current = state;

  const onInput = useCallback(
    (input: string, key: Key) => {
      const current = stateRef.current;
      if (current.help && key.escape) {
        dispatch({ type: 'ui/close-help' });
        return;
      }
      for (const [one, oneKey] of splitKeys(input, key)) {
        const command = keyActionFor(one, oneKey, stateRef.current.view, role, keyContext(stateRef.current));
        if (command === null) continue;
        runCommand(command, {
          state: stateRef.current,
          client,
          dispatch: (action) => {
            // Keep the ref current so the next key of the same chunk sees this one's effect.
            stateRef.current = reducer(stateRef.current, action);
            dispatch(action);
          },
          exit,
          nextRequestId: () => ++requestIds.current,
          randomSeed,
        });
      }
    },
    [client, dispatch, exit, randomSeed, role],
  );
  useInput(onInput);

  // The generate view asks for faces itself when its layout or source changes.
  const generateLink = useMemo<GenerateLink>(
    () => ({
      send: (command) => client.send(command),
      dispatch: (action) => {
        stateRef.current = reducer(stateRef.current, action);
        dispatch(action);
      },
      nextRequestId: () => ++requestIds.current,
      randomSeed,
      latest: () => stateRef.current,
    }),
    [client, dispatch, randomSeed],
  );

  // A requested stop is over when the trainer says it is done or its thread has exited.
  useEffect(() => {
    if (state.stopping && (state.done !== null || state.exited !== null)) exit();
  }, [state.stopping, state.done, state.exited, exit]);

  if (isTooSmall(size)) return <TooSmall columns={size.columns} rows={size.rows} />;
  if (state.help) {
    return <HelpOverlay width={size.columns} height={usableRows(size.rows)} start={state.start} view={state.view} role={role} context={keyContext(state)} />;
  }
  if (state.view === 'generate') {
    return <GenerateView state={state} preview={resolved} size={size} link={generateLink} {...(generate ? { options: generate } : {})} />;
  }
  return <TrainView state={state} preview={resolved} size={size} now={state.now} role={role} scrubbed={scrubbed} />;
}
