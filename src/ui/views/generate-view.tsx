/**
 * A first generate view: eight new faces with random hair and eyes from the generator as it is
 * now, with their labels; `r` draws again from a new seed. Made to grow into the full picker
 * (hair/eye fields, noise lock, A→B, PNG save) later.
 */
import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { FacePreview } from '../components/face-preview.js';
import { Footer } from '../components/footer.js';
import { Header } from '../components/header.js';
import { SectionTitle } from '../components/section-title.js';
import { StatusLine } from '../components/status-line.js';
import type { TerminalSize } from '../hooks/use-terminal-size.js';
import { usableRows } from '../layout.js';
import type { ResolvedPreview } from '../preview/mode.js';
import type { UiState } from '../state/reducer.js';
import { runStatus } from '../state/selectors.js';
import { color } from '../theme.js';
import { truncate } from '../format.js';

export interface GenerateViewProps {
  state: UiState;
  preview: ResolvedPreview;
  size: TerminalSize;
}

export function faceLabel([hair, eyes]: [string | null, string | null]): string {
  if (hair === null && eyes === null) return '';
  return `${hair ?? '?'}/${eyes ?? '?'}`;
}

export function GenerateView({ state, preview, size }: GenerateViewProps) {
  const width = size.columns;
  const height = usableRows(size.rows);
  // Header (2), vocabulary, title, status, footer.
  const box = { width, height: height - 6 };
  const { start, generate } = state;
  const result = generate.result;
  const vocab = start
    ? start.dataset.hairVocab.length > 0
      ? `hair: ${start.dataset.hairVocab.join(' ')}  ·  eyes: ${start.dataset.eyesVocab.join(' ')}`
      : `${start.model}: unconditional, no hair/eye choice`
    : 'waiting for the trainer…';
  // 'off' silences the training preview; faces asked for here are drawn anyway.
  const shown = useMemo<ResolvedPreview>(() => (preview.kind === 'off' ? { ...preview, kind: 'blocks' } : preview), [preview]);
  const labels = useMemo(() => result?.labels.map(faceLabel), [result]);
  const seed = generate.pendingId !== null ? generate.seed : result?.seed;
  const title = `generate · random hair/eyes · seed ${seed ?? '—'}${generate.pendingId !== null ? ' · drawing…' : ''}`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header start={start} imgPerSec={state.lastStep?.imgPerSec} status={runStatus(state)} width={width} />
      <Text color={color('dim')} wrap="truncate-end">
        {' ' + truncate(vocab, width - 1)}
      </Text>
      <SectionTitle title={title} width={width} />
      <Box flexDirection="column" flexGrow={1}>
        {result ? (
          <FacePreview
            grid={result.grid}
            preview={shown}
            width={box.width}
            height={box.height}
            {...(labels ? { faceLabels: labels } : {})}
            slot={1}
          />
        ) : (
          <Text color={color('dim')}>{start ? ' asking the generator for faces…' : ' the generator is not ready yet'}</Text>
        )}
      </Box>
      <StatusLine state={state} note={null} />
      <Footer view="generate" width={width} />
    </Box>
  );
}
