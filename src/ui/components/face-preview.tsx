/**
 * A grid of faces in a box of cells: half-blocks drawn by terminal-image, or kitty placeholders
 * after sending the image once. Optional row labels on the left (ACGAN's fixed hair/eye pairs)
 * and per-face labels under each face row (the generate view). When the grid does not fit, the
 * first rows and columns are shown.
 */
import { memo, useContext, useEffect, useLayoutEffect, useMemo } from 'react';
import { Box, Text, useStdout } from 'ink';
import type { FaceGrid } from '../../protocol/messages.js';
import { fit as fitText } from '../format.js';
import { useBlockFaces } from '../hooks/use-block-faces.js';
import { fitPreview, type PreviewFit } from '../preview/fit.js';
import type { BlockSpec } from '../preview/block-faces.js';
import { cropPixels, kittyDelete, kittyImageId, kittyPlaceholderLines, kittyTransmit, MAX_KITTY_CELLS } from '../preview/kitty.js';
import type { ResolvedPreview } from '../preview/mode.js';
import { PlaceholderContext, placeholderLines } from '../preview/placeholders.js';
import { color } from '../theme.js';

export interface FacePreviewProps {
  /** The faces to show: a rows × cols grid of RGB faces. */
  grid: FaceGrid;
  /** How to draw them (kitty placeholders, half-blocks or nothing), resolved for this terminal. */
  preview: ResolvedPreview;
  /** Cells across the box; faces that do not fit are left out, last columns first. */
  width: number;
  /** Rows in the box; face rows that do not fit are left out, last rows first. */
  height: number;
  /** One per face row, drawn left of it (ACGAN's fixed hair/eye pairs); none when absent. */
  rowLabels?: readonly string[];
  /** One per face, row-major; drawn under each face row. */
  faceLabels?: readonly string[];
  /** Tells this program's native images apart (0: samples, 1: generate view). */
  slot: number;
  /** Least ms between half-block drawings of new grids at one size (useBlockFaces); default 0. */
  redrawMs?: number;
}

export function previewFit(props: Omit<FacePreviewProps, 'slot'>): PreviewFit | null {
  const native = props.preview.kind === 'kitty';
  return fitPreview({
    gridRows: props.grid.rows,
    gridCols: props.grid.cols,
    rowLabels: props.rowLabels ?? [],
    width: props.width,
    height: props.height,
    gap: native ? 0 : 1,
    linesPerRow: props.faceLabels ? 1 : 0,
    ...(native ? { maxCells: MAX_KITTY_CELLS } : {}),
  });
}

/** Image lines per face row: [faceRow][textLine]; null while half-blocks are being drawn. */
function imageLines(kind: ResolvedPreview['kind'], layout: PreviewFit, imageId: number, blocks: string[] | null): string[][] | null {
  const rows: string[][] = [];
  for (let r = 0; r < layout.rows; r++) {
    if (kind === 'kitty') {
      rows.push(kittyPlaceholderLines(imageId, layout.cols * layout.faceCols, r * layout.faceRows, (r + 1) * layout.faceRows));
    } else if (blocks === null) {
      return null;
    } else {
      rows.push(blocks.slice(r * layout.faceRows, (r + 1) * layout.faceRows));
    }
  }
  return rows;
}

function FacePreviewImpl(props: FacePreviewProps) {
  const { grid, preview, width, height, rowLabels, faceLabels, slot, redrawMs = 0 } = props;
  const { stdout } = useStdout();
  const imageId = kittyImageId(slot);
  const layout = useMemo(
    () => previewFit({ grid, preview, width, height, ...(rowLabels ? { rowLabels } : {}), ...(faceLabels ? { faceLabels } : {}) }),
    [grid, preview, width, height, rowLabels, faceLabels],
  );
  const spec = useMemo<BlockSpec | null>(
    () =>
      preview.kind === 'blocks' && layout !== null
        ? { rows: layout.rows, cols: layout.cols, faceCols: layout.faceCols, gap: layout.gap, depth: preview.depth }
        : null,
    [preview.kind, preview.depth, layout],
  );
  const blocks = useBlockFaces(grid, spec, redrawMs);
  const substituted = useContext(PlaceholderContext);
  const blockLines = useMemo(() => {
    if (blocks === null || !('lines' in blocks) || layout === null) return null;
    // Where the stream swaps them back, Ink only ever sees plain stand-ins (see placeholders.ts).
    return substituted ? placeholderLines(blocks.lines, layout.cols * layout.faceCols + (layout.cols - 1) * layout.gap) : blocks.lines;
  }, [blocks, layout, substituted]);
  const rows = useMemo(
    () => (layout === null ? null : imageLines(preview.kind, layout, imageId, blockLines)),
    [preview.kind, layout, imageId, blockLines],
  );

  // Native images: (re)send the picture whenever the grid or its placement changes. A layout
  // effect, so it goes out with the commit that draws the placeholders (passive effects can
  // wait for the next render).
  useLayoutEffect(() => {
    if (preview.kind !== 'kitty' || layout === null) return;
    const image = cropPixels(grid, { rows: layout.rows, cols: layout.cols });
    stdout.write(kittyTransmit(imageId, image, layout.cols * layout.faceCols, layout.rows * layout.faceRows));
  }, [preview.kind, grid, layout, imageId, stdout]);
  useEffect(() => {
    if (preview.kind !== 'kitty') return;
    return () => {
      stdout.write(kittyDelete(imageId));
    };
  }, [preview.kind, imageId, stdout]);

  if (layout === null) {
    return <Text color={color('dim')}>(no room for faces)</Text>;
  }
  if (rows === null) {
    // Keep the box its final height while the faces are drawn, so nothing below it jumps.
    const why = blocks !== null && 'error' in blocks ? `(preview failed: ${blocks.error})` : 'drawing faces…';
    return (
      <Box flexDirection="column" width={width} height={layout.height}>
        <Text color={color('dim')} wrap="truncate-end">
          {' '.repeat(layout.labelWidth) + why}
        </Text>
      </Box>
    );
  }
  const labelCell = (r: number) =>
    layout.labelWidth > 0 ? fitText(rowLabels?.[r] ?? '', layout.labelWidth - 1) + ' ' : '';
  const blankLabel = ' '.repeat(layout.labelWidth);
  return (
    <Box flexDirection="column" width={width}>
      {rows.map((lines, r) => (
        <Box key={r} flexDirection="column">
          {lines.map((line, i) => (
            <Text key={i} wrap="truncate-end">
              <Text color={color('dim')}>{i === 0 ? labelCell(r) : blankLabel}</Text>
              {line}
            </Text>
          ))}
          {faceLabels ? (
            <Text color={color('dim')} wrap="truncate-end">
              {blankLabel}
              {Array.from({ length: layout.cols }, (_, c) =>
                fitText(faceLabels[r * grid.cols + c] ?? '', layout.faceCols + layout.gap),
              ).join('')}
            </Text>
          ) : null}
        </Box>
      ))}
    </Box>
  );
}

export const FacePreview = memo(FacePreviewImpl);
