/**
 * Two lines: who is training what where (run, model ×width, backend/device, img/s, badge), and
 * the data it learns from. Built-in drawn faces are called out, with how to use real data,
 * so nobody mistakes a smoke test for the real thing.
 */
import { Box, Text } from 'ink';
import type { StartEvent } from '../../engine/events.js';
import { formatInt, formatThroughput } from '../format.js';
import type { RunStatus } from '../state/selectors.js';
import { color, type Role } from '../theme.js';

const BADGE: Record<RunStatus, { symbol: string; role: Role }> = {
  starting: { symbol: '◌', role: 'dim' },
  running: { symbol: '●', role: 'ok' },
  paused: { symbol: '❚❚', role: 'warn' },
  checkpointing: { symbol: '◆', role: 'accent' },
  done: { symbol: '✔', role: 'ok' },
  error: { symbol: '✖', role: 'error' },
};

export function Badge({ status }: { status: RunStatus }) {
  const { symbol, role } = BADGE[status];
  return (
    <Text color={color(role)} bold>
      {symbol} {status}
    </Text>
  );
}

export interface HeaderProps {
  start: StartEvent | null;
  imgPerSec: number | undefined;
  status: RunStatus;
  width: number;
}

export function headerText(start: StartEvent | null, imgPerSec: number | undefined): string {
  if (start === null) return 'anime-gan-tui  starting the trainer…';
  const width = start.width === 1 ? '' : ` ×${start.width}`;
  const loss = start.loss === 'gan' ? '' : ` (${start.loss})`;
  const device = start.device ? ` (${start.device})` : '';
  const resumed = start.resumed ? ' (resumed)' : '';
  return (
    `anime-gan-tui  run ${start.run}${resumed} · ${start.model}${width}${loss} · ` +
    `${start.backend}${device} · ${formatThroughput(imgPerSec)} img/s`
  );
}

export function Header({ start, imgPerSec, status, width }: HeaderProps) {
  const badgeWidth = BADGE[status].symbol.length + status.length + 2;
  return (
    <Box flexDirection="column" width={width}>
      <Box width={width}>
        <Box width={width - badgeWidth} flexShrink={0}>
          <Text color={color('title')} wrap="truncate-end">
            {' ' + headerText(start, imgPerSec)}
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

function DataLine({ start, width }: { start: StartEvent | null; width: number }) {
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
  const vocab =
    dataset.hairVocab.length > 0 ? ` · ${dataset.hairVocab.length} hair × ${dataset.eyesVocab.length} eye colours` : '';
  return (
    <Box width={width}>
      <Text color={color('dim')} wrap="truncate-end">
        {` data: ${dataset.dir ?? dataset.source} · ${formatInt(dataset.count)} faces${vocab} · batch ${start.batch}`}
      </Text>
    </Box>
  );
}
