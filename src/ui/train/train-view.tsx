/**
 * The training dashboard: header, progress, D and G loss charts, accuracy and settings, the
 * fixed-noise faces, a status line and the key footer, laid out by `trainLayout`.
 */
import { Box, Text } from 'ink';
import { AccuracyPanel } from '../components/accuracy-panel.js';
import { QualityPanel } from '../components/quality-panel.js';
import { FacePreview } from '../components/face-preview.js';
import { Footer } from '../components/footer.js';
import { Header } from '../components/header.js';
import { LossChart } from '../components/loss-chart.js';
import { ProgressBar } from '../components/progress-bar.js';
import { SectionTitle } from '../components/section-title.js';
import { StatusLine, statusLines, statusRows } from '../components/status-line.js';
import { EMA_DECAY } from '../state/loss-history.js';
import type { UiState } from '../state/reducer.js';
import { keyContext, runStatus, wantsPaused } from '../state/selectors.js';
import type { TerminalSize } from '../hooks/use-terminal-size.js';
import { REDRAW_MS } from '../hooks/use-block-faces.js';
import { maxStatusRows, trainLayout, type TrainLayout } from './layout.js';
import type { ResolvedPreview } from '../preview/mode.js';
import type { EpochSample } from '../hooks/use-epoch-sample.js';
import type { ClientRole } from '../keymap.js';
import { color } from '../theme.js';

export interface TrainViewProps {
  /** The dashboard's state: everything the trainer has said so far. */
  state: UiState;
  /** How faces are drawn (kitty placeholders, half-blocks or nothing), resolved for this terminal. */
  preview: ResolvedPreview;
  /** The terminal's size in cells: which layout, and how big each part is. */
  size: TerminalSize;
  /** Wall clock of this frame, in epoch ms: elapsed time, ETA and "3 min ago". */
  now: number;
  /** Whose dashboard: a watcher's keys leave the trainer running. Default 'owner'. */
  role?: ClientRole;
  /** The saved epoch grid picked with ←/→, or null for the live grid. */
  scrubbed?: EpochSample | null;
}

export function TrainView({ state, preview, size, now, role = 'owner', scrubbed = null }: TrainViewProps) {
  const status = statusLines(state, preview.note, size.columns, maxStatusRows(size));
  const layout = trainLayout(size, preview.kind !== 'off', statusRows(status));
  return (
    <Box flexDirection="column" width={layout.width} height={layout.height}>
      {/* A speed only while steps are being made: paused or finished, the last figure would mislead. */}
      <Header start={state.start} imgPerSec={runStatus(state) === 'running' ? state.lastStep?.imgPerSec : undefined} status={runStatus(state)} width={layout.width} />
      <ProgressBar state={state} now={now} width={layout.width} />
      {layout.kind === 'wide' && layout.preview ? (
        <Box flexGrow={1}>
          <Box flexDirection="column" width={layout.leftWidth} flexShrink={0}>
            <Losses state={state} layout={layout} />
            <SectionTitle title="accuracy & settings" width={layout.leftWidth} />
            <AccuracyPanel state={state} now={now} width={layout.leftWidth} />
            <SectionTitle title={qualityTitle(state)} width={layout.leftWidth} />
            <QualityPanel state={state} width={layout.leftWidth} rows={layout.quality.rows} />
            <BackendLine state={state} />
          </Box>
          <Box flexDirection="column" marginLeft={2} width={layout.preview.width}>
            <Samples state={state} preview={preview} box={layout.preview} scrubbed={scrubbed} />
          </Box>
        </Box>
      ) : (
        <Box flexDirection="column" flexGrow={1}>
          <Losses state={state} layout={layout} />
          {layout.statsTitle ? <SectionTitle title="accuracy & settings" width={layout.width} /> : null}
          <AccuracyPanel state={state} now={now} width={layout.width} />
          <QualityPanel state={state} width={layout.width} rows={layout.quality.rows} />
          {layout.preview ? <Samples state={state} preview={preview} box={layout.preview} scrubbed={scrubbed} /> : null}
        </Box>
      )}
      <StatusLine status={status} />
      <Footer
        view="train"
        width={layout.width}
        context={keyContext(state)}
        role={role}
        labels={wantsPaused(state) ? { 'pause-resume': 'resume' } : {}}
      />
    </Box>
  );
}

interface LossesProps {
  /** The dashboard's state: the loss history, smoothing, and the last step's losses. */
  state: UiState;
  /** The layout's sizes: the charts' box, and whether they sit side by side. */
  layout: TrainLayout;
}

function Losses({ state, layout }: LossesProps) {
  const h = state.history;
  const smooth = state.smoothing;
  const title = `losses · ${smooth ? `EMA ${EMA_DECAY}` : 'raw'} · ${h.stride > 1 ? `${h.stride} steps/point` : 'per step'}`;
  const { width, height } = layout.chart;
  const charts = [
    { name: 'D', series: smooth ? h.dEma : h.d, current: state.lastStep?.dLoss, ema: h.ema?.d, role: 'dLoss' as const },
    { name: 'G', series: smooth ? h.gEma : h.g, current: state.lastStep?.gLoss, ema: h.ema?.g, role: 'gLoss' as const },
  ];
  return (
    <Box flexDirection="column" width={layout.leftWidth}>
      <SectionTitle title={title} width={layout.leftWidth} />
      <Box flexDirection={layout.chartsSideBySide ? 'row' : 'column'} columnGap={1}>
        {charts.map((c) => (
          <LossChart key={c.name} {...c} width={width} height={height} />
        ))}
      </Box>
    </Box>
  );
}

function qualityTitle(state: UiState): string {
  const last = state.quality.at(-1);
  return last ? `quality · judge · ${last.faces} faces · ${last.ms} ms` : 'quality · judge';
}

/** Why this backend: the header names it, the wide layout has room to say why. */
interface BackendLineProps {
  /** The dashboard's state: its start event says why the backend was chosen. */
  state: UiState;
}

function BackendLine({ state }: BackendLineProps) {
  const reason = state.start?.backendReason;
  return (
    <Text color={color('dim')} wrap="truncate-end">
      {reason ? ` ${reason}` : ' '}
    </Text>
  );
}

interface SamplesProps {
  /** The dashboard's state: the latest fixed-noise grid and its row labels. */
  state: UiState;
  /** How faces are drawn, resolved for this terminal. */
  preview: ResolvedPreview;
  /** The cells the faces may take, below the section title. */
  box: { width: number; height: number };
  /** The saved epoch grid picked with ←/→, or null for the live grid. */
  scrubbed: EpochSample | null;
}

function Samples({ state, preview, box, scrubbed }: SamplesProps) {
  if (scrubbed) return <EpochSamples scrubbed={scrubbed} preview={preview} box={box} />;
  const sample = state.sampleGrid;
  const rowLabels = sample?.grid.rowLabels.length ? sample.grid.rowLabels : state.start?.sampleRows ?? [];
  const title = `${sample ? `samples · fixed z · epoch ${sample.epoch} · step ${sample.step}` : 'samples · fixed z'}${weightsText(state)}`;
  return (
    <Box flexDirection="column" width={box.width}>
      <SectionTitle title={title} width={box.width} />
      {sample ? (
        <FacePreview grid={sample.grid} preview={preview} width={box.width} height={box.height} rowLabels={rowLabels} slot={0} redrawMs={REDRAW_MS} />
      ) : (
        <Text color={color('dim')} wrap="truncate-end">
          {' no samples yet — the first grid comes with the first sample step'}
        </Text>
      )}
    </Box>
  );
}

/** Which weights draw the samples: the average of G (--ema-beta) or G as it trains. */
export function weightsText(state: UiState): string {
  if (!state.start) return '';
  return state.start.emaBeta ? ` · averaged G (β ${state.start.emaBeta})` : ' · raw G';
}

/** A saved epoch grid; the title names the keys, since the footer may have dropped them. */
function EpochSamples({ scrubbed, preview, box }: Omit<SamplesProps, 'state'> & { scrubbed: EpochSample }) {
  const { grid } = scrubbed;
  return (
    <Box flexDirection="column" width={box.width}>
      <SectionTitle title={`samples · epoch ${scrubbed.epoch} · ←/→`} width={box.width} />
      {grid ? (
        <FacePreview grid={grid} preview={preview} width={box.width} height={box.height} rowLabels={grid.rowLabels} slot={0} redrawMs={REDRAW_MS} />
      ) : (
        <Text color={color('dim')} wrap="truncate-end">
          {scrubbed.failed ? ` epoch ${scrubbed.epoch}'s grid could not be read` : ' reading…'}
        </Text>
      )}
    </Box>
  );
}
