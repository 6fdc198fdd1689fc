/**
 * A grid of faces in a box of cells: half-blocks, or kitty placeholders after sending the
 * image once. Optional row labels on the left (ACGAN's fixed hair/eye pairs) and per-face
 * labels under each face row (the generate view). When the grid does not fit, the first rows
 * and columns are shown and the title says so.
 */
import { memo, useEffect, useLayoutEffect, useMemo } from 'react';
import { Box, Text, useStdout } from 'ink';
import type { FaceGrid } from '../../protocol/messages.js';
import { fit as fitText } from '../format.js';
import { fitPreview, type PreviewFit } from '../preview/fit.js';
import { renderHalfBlocks } from '../preview/half-blocks.js';
import { cropPixels, kittyDelete, kittyImageId, kittyPlaceholderLines, kittyTransmit, MAX_KITTY_CELLS } from '../preview/kitty.js';
import type { ResolvedPreview } from '../preview/mode.js';
import { color } from '../theme.js';

export interface FacePreviewProps {
  grid: FaceGrid;
  preview: ResolvedPreview;
  width: number;
  height: number;
  rowLabels?: readonly string[];
  /** One per face, row-major; drawn under each face row. */
  faceLabels?: readonly string[];
  /** Tells this program's native images apart (0: samples, 1: generate view). */
  slot: number;
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

/** Image lines per face row: [faceRow][textLine]. */
function imageLines(props: FacePreviewProps, layout: PreviewFit, imageId: number): string[][] {
  const crop = { rows: layout.rows, cols: layout.cols };
  const rows: string[][] = [];
  if (props.preview.kind === 'kitty') {
    for (let r = 0; r < layout.rows; r++) {
      rows.push(kittyPlaceholderLines(imageId, layout.cols * layout.faceCols, r * layout.faceRows, (r + 1) * layout.faceRows));
    }
    return rows;
  }
  const lines = renderHalfBlocks(props.grid, crop, { faceCols: layout.faceCols, gap: layout.gap, depth: props.preview.depth });
  for (let r = 0; r < layout.rows; r++) rows.push(lines.slice(r * layout.faceRows, (r + 1) * layout.faceRows));
  return rows;
}

function FacePreviewImpl(props: FacePreviewProps) {
  const { grid, preview, width, height, rowLabels, faceLabels, slot } = props;
  const { stdout } = useStdout();
  const imageId = kittyImageId(slot);
  const layout = useMemo(
    () => previewFit({ grid, preview, width, height, ...(rowLabels ? { rowLabels } : {}), ...(faceLabels ? { faceLabels } : {}) }),
    [grid, preview, width, height, rowLabels, faceLabels],
  );
  const rows = useMemo(
    () => (layout === null ? [] : imageLines(props, layout, imageId)),
    // props is read only through the listed fields.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [grid, preview, layout, imageId],
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
