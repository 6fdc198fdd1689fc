/**
 * Two lines: who is training what where (run, model ×width, backend/device, img/s, badge), and
 * the data it learns from. Built-in drawn faces are called out, with how to use real data,
 * so nobody mistakes a smoke test for the real thing.
 */
import { Box, Text } from 'ink';
import type { StartEvent } from '../../protocol/events.js';
import { displayPath, formatInt, formatThroughput, truncate } from '../format.js';
import type { RunStatus } from '../state/selectors.js';
import { color, type ColourRole } from '../theme.js';

const BADGE: Record<RunStatus, { symbol: string; role: ColourRole }> = {
  starting: { symbol: '◌', role: 'dim' },
  running: { symbol: '●', role: 'ok' },
  paused: { symbol: '❚❚', role: 'warn' },
  checkpointing: { symbol: '◆', role: 'accent' },
  done: { symbol: '✔', role: 'ok' },
  error: { symbol: '✖', role: 'error' },
};

export interface BadgeProps {
  /** The run's state, shown as a coloured symbol and its name ("● running"). */
  status: RunStatus;
}

export function Badge({ status }: BadgeProps) {
  const { symbol, role } = BADGE[status];
  return (
    <Text color={color(role)} bold>
      {symbol} {status}
    </Text>
  );
}

export interface HeaderProps {
  /** The run's start event: run, model, backend and data; null while the trainer is loading. */
  start: StartEvent | null;
  /** Training speed in images per second; undefined when not running (shown as —). */
  imgPerSec: number | undefined;
  /** The run's state, for the badge at the right. */
  status: RunStatus;
  /** Cells across; details give way in order so the speed stays (see headerText). */
  width: number;
}

/** Backend and device: "wasm (CPU · oneDNN · 2 threads)"; a device that names its backend stands alone ("CPU · wasm SIMD · 1 thread"). */
export function deviceText(start: Pick<StartEvent, 'backend' | 'device'>): string {
  if (!start.device) return start.backend;
  return start.device.includes(start.backend) ? start.device : `${start.backend} (${start.device})`;
}

/**
 * The header line that fits `width` cells. Details give way in order, so the img/s at the end
 * is never the part cut off: the device becomes the backend's name, the program's name goes,
 * "(resumed)" goes; only then is the run name shortened.
 */
export function headerText(start: StartEvent | null, imgPerSec: number | undefined, width = Infinity): string {
  if (start === null) return 'anime-gan-tui  starting the trainer…';
  const scale = start.width === 1 ? '' : ` ×${start.width}`;
  const loss = start.loss === 'gan' ? '' : ` (${start.loss})`;
  const device = deviceText(start);
  const model = `${start.model}${scale}${loss}`;
  const speed = `${formatThroughput(imgPerSec)} img/s`;
  const line = (prefix: string, run: string, resumed: boolean, where: string) =>
    `${prefix}run ${run}${resumed ? ' (resumed)' : ''} · ${model} · ${where} · ${speed}`;
  const variants = [
    line('anime-gan-tui  ', start.run, start.resumed, device),
    line('anime-gan-tui  ', start.run, start.resumed, start.backend),
    line('', start.run, start.resumed, start.backend),
    line('', start.run, false, start.backend),
  ];
  const fitting = variants.find((v) => v.length <= width);
  if (fitting) return fitting;
  const rest = line('', '', false, start.backend).length;
  return line('', truncate(start.run, Math.max(1, width - rest)), false, start.backend);
}

export function Header({ start, imgPerSec, status, width }: HeaderProps) {
  const badgeWidth = BADGE[status].symbol.length + status.length + 2;
  return (
    <Box flexDirection="column" width={width}>
      <Box width={width}>
        <Box width={width - badgeWidth} flexShrink={0}>
          <Text color={color('title')} wrap="truncate-end">
            {' ' + headerText(start, imgPerSec, width - badgeWidth - 1)}
          </Text>
        </Box>
        <Box width={badgeWidth} justifyContent="flex-end">
          <Badge status={status} />
        </Box>
      </Box>
      <DataLine start={start} width={width} />
    </Box>
  );
}

/** The longest wording of the drawn-faces notice that fits. */
export function drawnNotice(width: number): string {
  const long = ' data: built-in drawn faces, not real data — use --data DIR or ANIME_GAN_DATA';
  const short = ' built-in drawn faces · real: --data DIR or ANIME_GAN_DATA';
  return long.length <= width ? long : short;
}

/** The data line that fits: the batch (also under the charts) goes first, then words. */
export function dataText(start: StartEvent, width: number): string {
  const { dataset } = start;
  const dir = dataset.dir ? displayPath(dataset.dir) : dataset.source;
  const faces = `${formatInt(dataset.count)} faces`;
  const classes = dataset.hairVocab.length > 0;
  const [nameA, nameB] = dataset.attributes;
  const long = classes ? ` · ${dataset.hairVocab.length} ${nameA} × ${dataset.eyesVocab.length} ${nameB}` : '';
  const short = classes ? ` · ${dataset.hairVocab.length}×${dataset.eyesVocab.length} ${nameA}×${nameB}` : '';
  const variants = [
    ` data: ${dir} · ${faces}${long} · batch ${start.batch}`,
    ` data: ${dir} · ${faces}${long}`,
    ` data: ${dir} · ${faces}${short}`,
  ];
  const fitting = variants.find((v) => v.length <= width);
  if (fitting) return fitting;
  // The folder's end names the data set; its start is the least telling part.
  const rest = ` data:  · ${faces}${short}`.length;
  const room = Math.max(2, width - rest);
  return ` data: ${dir.length <= room ? dir : '…' + dir.slice(dir.length - room + 1)} · ${faces}${short}`;
}

interface DataLineProps {
  /** The run's start event, which describes its data; null: a blank line while loading. */
  start: StartEvent | null;
  /** Cells across; a long folder loses its start first. */
  width: number;
}

function DataLine({ start, width }: DataLineProps) {
  if (start === null) {
    return <Text> </Text>;
  }
  const { dataset } = start;
  if (dataset.source === 'drawn') {
    return (
      <Box width={width}>
        <Text color={color('warn')} wrap="truncate-end">
          {drawnNotice(width)}
        </Text>
      </Box>
    );
  }
  return (
    <Box width={width}>
      <Text color={color('dim')} wrap="truncate-end">
        {dataText(start, width)}
      </Text>
    </Box>
  );
}
