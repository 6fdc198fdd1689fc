/**
 * One face, large: the generate view's closer look at the chosen face (z). Images at up to 4×
 * their pixels, half-blocks at up to 32 cells across (a 32×32 mosaic), smaller only where the
 * box has no room.
 */
import { memo, useMemo } from 'react';
import { Box, Text } from 'ink';
import type { FaceGrid } from '../../protocol/messages.js';
import { FacePreview } from '../components/face-preview.js';
import { isImageKind, type ResolvedPreview } from '../preview/mode.js';
import { color } from '../theme.js';

/** Image scales and half-block widths the closer look chooses from, largest first. */
const ZOOM_SCALES = [4, 3, 2, 1];
const ZOOM_BLOCKS = [32, 28, 24, 20, 16, 12];

/** Face `index` of `grid` (row-major) as a grid of its own. */
export function faceAlone(grid: FaceGrid, index: number): FaceGrid {
  const faceW = Math.floor(grid.width / grid.cols);
  const faceH = Math.floor(grid.height / grid.rows);
  const r = Math.floor(index / grid.cols);
  const c = index % grid.cols;
  const pixels = new Uint8Array(faceW * faceH * 3);
  for (let y = 0; y < faceH; y++) {
    const from = ((r * faceH + y) * grid.width + c * faceW) * 3;
    pixels.set(grid.pixels.subarray(from, from + faceW * 3), y * faceW * 3);
  }
  return { rows: 1, cols: 1, width: faceW, height: faceH, pixels, rowLabels: [] };
}

export interface FaceZoomProps {
  /** The faces the view shows; the chosen one is drawn. */
  grid: FaceGrid;
  /** Row-major index of the chosen face. */
  index: number;
  /** Its label (colours, or A/B in a strip); none when empty. */
  label: string;
  /** How faces are drawn, resolved for this terminal. */
  preview: ResolvedPreview;
  /** The box, in cells. */
  width: number;
  height: number;
}

function FaceZoomImpl({ grid, index, label, preview, width, height }: FaceZoomProps) {
  const face = useMemo(() => faceAlone(grid, Math.min(index, grid.rows * grid.cols - 1)), [grid, index]);
  const scales = isImageKind(preview.kind) ? ZOOM_SCALES : ZOOM_BLOCKS;
  return (
    <Box flexDirection="column" width={width}>
      <FacePreview grid={face} preview={preview} width={width} height={Math.max(1, height - 1)} slot={2} scales={scales} imageWorth={4} />
      <Text color={color('dim')} wrap="truncate-end">
        {` ${label ? `${label} · ` : ''}face ${index + 1} · z: all faces`}
      </Text>
    </Box>
  );
}

export const FaceZoom = memo(FaceZoomImpl);
