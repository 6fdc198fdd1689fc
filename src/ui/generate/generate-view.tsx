/**
 * The generate view: pick hair and eyes, reroll or lock the noise, scale its spread, walk from
 * face A to face B, save what you like. It draws from whatever generator the client reaches
 * (the dashboard's trainer, or a checkpoint loaded by the standalone `generate`): the source
 * says which, and nothing else here cares.
 *
 * The grid's shape comes from the terminal size; when it, the choices or the source change, the
 * view asks for the faces its choices stand for (keys ask at once, from the key handler).
 */
import { useContext, useEffect, useMemo, useRef } from 'react';
import { Box, Text } from 'ink';
import { FacePreview, previewFit } from '../components/face-preview.js';
import { Footer } from '../components/footer.js';
import { FieldChoices, GenerateSelectors } from './generate-selectors.js';
import { Badge } from '../components/header.js';
import { SectionTitle } from '../components/section-title.js';
import { STATUS_MAX_LINES, StatusLine, statusLines, statusRows, wrapStatus, type StatusLines } from '../components/status-line.js';
import { syncGenerate, type GenerateIo, type GenerateOptions } from './generate-commands.js';
import { GENERATE_IMAGE_WORTH, generateBoxes, generateLayout } from './generate-layout.js';
import { FaceZoom } from './face-zoom.js';
import { PlaceholderContext } from '../preview/placeholders.js';
import { maxStatusRows } from '../train/layout.js';
import { generatePreview } from './generate-predraw.js';
import type { TerminalSize } from '../hooks/use-terminal-size.js';
import type { KeyAction } from '../keymap.js';
import type { ResolvedPreview } from '../preview/mode.js';
import { generateSource, type GenerateSource } from './generate-source.js';
import type { GenerateNote, GenerateState, GenerateShape } from './generate-state.js';
import type { UiState } from '../state/reducer.js';
import { currentStep, keyContext, runStatus } from '../state/selectors.js';
import { color } from '../theme.js';
import { truncate } from '../format.js';

export interface GenerateLink extends GenerateIo {
  /** A new noise seed: for the first faces and for each r. */
  randomSeed: () => number;
  /** The newest state, which the screen's may lag behind (key updates held back for a frame). */
  latest?: () => UiState;
}

export interface GenerateViewProps {
  /** The app's state; the view reads its generate part, and the run's start for the header. */
  state: UiState;
  /** How faces are drawn (kitty placeholders, half-blocks or nothing), resolved for this terminal. */
  preview: ResolvedPreview;
  /** The terminal's size in cells: how many faces are asked for, and the layout. */
  size: TerminalSize;
  /** How the view asks for faces; without it the view only shows what it has. */
  link?: GenerateLink;
  /** First choices (saved or given as flags) and where picks are remembered; none when absent. */
  options?: GenerateOptions;
  /** The standalone `generate`: no training view to go back to. */
  standalone?: boolean;
}

/**
 * Labels under the faces: random colours (grid) or A … B (strip), the chosen face marked; each
 * cut to leave a blank before the next face's ("blonde/purple" is as wide as a 12-cell face).
 */
function faceLabels(g: GenerateState, room: number): string[] {
  return (g.result?.labels ?? []).map((_, i) => {
    const text = faceLabel(g, i);
    return truncate(i === g.selected ? `▸${text || `face ${i + 1}`}` : text, room);
  });
}

/** What face `i`'s label says, unmarked and uncut: '' when its colours are all in the selectors. */
function faceLabel(g: GenerateState, i: number): string {
  const labels = g.result?.labels ?? [];
  const ask = g.result?.request;
  if (ask?.interpolate !== undefined) return i === 0 ? 'A' : i === labels.length - 1 ? 'B' : '';
  const [hair, eyes] = labels[i] ?? [];
  // Only what was left to chance is worth a label: a fixed colour is in the selectors above.
  return [ask?.hair === null ? hair : null, ask?.eyes === null ? eyes : null].filter((c) => c != null).join('/');
}

function noteLines(note: GenerateNote, width: number): StatusLines {
  const text = note.short !== undefined && note.text.length > width - 1 ? note.short : note.text;
  return { lines: wrapStatus(text, width, STATUS_MAX_LINES), role: note.role };
}

function headerText(state: UiState, source: GenerateSource | null): string {
  if (!source) return 'anime-gan-tui · generate';
  const width = source.width === 1 ? '' : ` ×${source.width}`;
  if (source.shipped) {
    const back = state.start ? ' · m: this run' : '';
    return `generate · shipped model · ${source.shipped}${back} · ${source.backend}`;
  }
  const which = source.weights ? ` · ${source.weights} G` : '';
  const weights = source.checkpoint
    ? `checkpoint step ${source.checkpoint.step} (epoch ${source.checkpoint.epoch})${which}`
    : `live weights, step ${currentStep(state)}${which}`;
  return `generate · run ${source.run} · ${source.model}${width} · ${weights} · ${source.backend}`;
}

function title(g: GenerateState): string {
  const drawing = g.pendingId !== null ? ' · drawing…' : '';
  if (g.interpolate) return `A → B · seed ${g.seed ?? '—'} → ${g.seedB ?? '—'} · ${g.shape?.strip ?? '—'} steps${drawing}`;
  const shape = g.shape ? ` · ${g.shape.rows}×${g.shape.cols}` : '';
  return `faces · seed ${g.seed ?? '—'}${shape}${drawing}`;
}

/**
 * Follows the layout's shape and asks for what the choices stand for. The choices themselves are
 * seeded by the state's owner before the first frame that shows them (seedChoices).
 */
function useGenerateSync(state: UiState, source: GenerateSource | null, shape: GenerateShape, link?: GenerateLink, options?: GenerateOptions): void {
  const g = state.generate;
  const dead = state.fatal || state.exited !== null;
  useEffect(() => {
    if (!link || !source || dead) return;
    const g = link.latest?.().generate ?? state.generate;
    if (!g.ready) return;
    const patch: Partial<GenerateState> = {};
    if (g.shape?.rows !== shape.rows || g.shape?.cols !== shape.cols || g.shape?.strip !== shape.strip) patch.shape = shape;
    let next = g;
    if (Object.keys(patch).length > 0) {
      link.dispatch({ type: 'ui/generate', action: { type: 'set', patch } });
      next = { ...g, ...patch };
    }
    syncGenerate(next, source, link);
    // `shape` stands for its three numbers; link is read as it is now.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source, g, shape.rows, shape.cols, shape.strip, dead]);

  // Remember colours the user picked (not the ones restored at start).
  const onChoice = options?.onChoice;
  const seen = useRef(g.choiceVersion);
  useEffect(() => {
    if (g.choiceVersion === seen.current) return;
    seen.current = g.choiceVersion;
    onChoice?.(g.hair, g.eyes);
  }, [g.choiceVersion, g.hair, g.eyes, onChoice]);
}

export function GenerateView({ state, preview, size, link, options, standalone = false }: GenerateViewProps) {
  const g = state.generate;
  const source = useMemo(() => generateSource(state), [g.info, g.useShipped, g.shipped, state.start]); // eslint-disable-line react-hooks/exhaustive-deps
  // The view's own note (saved where, or why not) in its shorter wording if the longer does
  // not fit a line, wrapped if neither does; else the dashboard's status.
  const message: StatusLines | null = g.note && state.error === null ? noteLines(g.note, size.columns) : statusLines(state, source ? null : state.status, size.columns, maxStatusRows(size));
  // 'off' silences the training preview; faces asked for here are drawn anyway.
  const shown = useMemo(() => generatePreview(preview), [preview]);
  // Images (sixel, iTerm2) are laid out by the terminal's cell size, which decides how many faces fit.
  const drawsImages = useContext(PlaceholderContext);
  const boxes = generateBoxes(shown, drawsImages);
  const layout = generateLayout(size, g.interpolate, statusRows(message), boxes);
  useGenerateSync(state, source, layout.shape, link, options);
  const { width, height } = layout;
  const fit = useMemo(
    () =>
      g.result
        ? previewFit({ grid: g.result.grid, preview: shown, width: layout.faces.width, height: layout.faces.height, faceLabels: [], imageWorth: GENERATE_IMAGE_WORTH })
        : null,
    [g.result, shown, layout.faces.width, layout.faces.height],
  );
  const room = fit ? fit.faceCols + fit.gap - 1 : 12;
  const labels = useMemo(() => faceLabels(g, room), [g.result, g.selected, room]); // eslint-disable-line react-hooks/exhaustive-deps

  const hidden: KeyAction[] = standalone ? ['train-view'] : [];
  const status = runStatus(state);
  // The trainer's state on the right, as in the training view's header.
  const badgeWidth = source?.live ? status.length + 4 : 0;

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box width={width}>
        <Box width={width - badgeWidth} flexShrink={0}>
          <Text color={color('title')} wrap="truncate-end">
            {' ' + headerText(state, source)}
          </Text>
        </Box>
        {badgeWidth > 0 ? (
          <Box width={badgeWidth} justifyContent="flex-end">
            <Badge status={status} />
          </Box>
        ) : null}
      </Box>
      {source ? (
        <>
          <GenerateSelectors g={g} source={source} width={width} />
          <FieldChoices g={g} source={source} width={width} />
        </>
      ) : (
        <>
          <Text color={color('dim')}>{' ' + truncate(g.useShipped ? 'loading the shipped model…' : (state.status ?? 'waiting for the generator…'), width - 1)}</Text>
          <Text> </Text>
        </>
      )}
      <SectionTitle title={title(g)} width={width} />
      {/* Grows past a strip's one row, so the status and keys stay at the bottom. */}
      <Box flexDirection="column" flexGrow={1}>
        {g.result && g.zoom ? (
          <FaceZoom grid={g.result.grid} index={g.selected} label={faceLabel(g, g.selected)} preview={shown} width={width} height={layout.zoom.height} />
        ) : g.result ? (
          <FacePreview grid={g.result.grid} preview={shown} width={layout.faces.width} height={layout.faces.height} faceLabels={labels} slot={1} imageWorth={GENERATE_IMAGE_WORTH} />
        ) : (
          <Text color={color('dim')}>{source ? ' asking the generator for faces…' : ' the generator is not ready yet'}</Text>
        )}
      </Box>
      <StatusLine status={message} />
      <Footer view="generate" width={width} hidden={hidden} context={keyContext(state)} labels={{ ...(g.locked ? { 'lock-noise': 'unlock' } : {}), ...(g.zoom ? { 'zoom-face': 'grid' } : {}) }} />
    </Box>
  );
}
