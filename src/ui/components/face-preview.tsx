/**
 * A grid of faces in a box of cells: half-blocks drawn by terminal-image, kitty placeholders
 * after sending the image once, or sixel / iTerm2 images that the stream draws over stand-ins
 * (preview/frame-writer.ts; where the stream does not, half-blocks). Optional row labels on the left (ACGAN's fixed hair/eye pairs)
 * and per-face labels under each face row (the generate view). When the grid does not fit, the
 * first rows and columns are shown.
 */
import { memo, useContext, useEffect, useLayoutEffect, useMemo } from 'react';
import { Box, Text, useStdout } from 'ink';
import type { FaceGrid } from '../../protocol/messages.js';
import { fit as fitText } from '../format.js';
import { useBlockFaces, useImageFaces } from '../hooks/use-block-faces.js';
import { fitPreview, imageBoxes, maxImagePixels, type FaceBox, type PreviewFit } from '../preview/fit.js';
import type { BlockSpec } from '../preview/block-faces.js';
import type { ImageSpec } from '../preview/face-images.js';
import { cropPixels, kittyDelete, kittyImageId, kittyPlaceholderLines, kittyTransmit, MAX_KITTY_CELLS } from '../preview/kitty.js';
import { isImageKind, type ResolvedPreview } from '../preview/mode.js';
import { imagePlaceholderLines, PlaceholderContext, placeholderLines } from '../preview/placeholders.js';
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
  /** Image scales to choose from (fit.ts's IMAGE_SCALES when absent); half-blocks: face widths in cells. */
  scales?: readonly number[];
  /**
   * Image scale up to which a larger face is worth more than more faces (fit.ts's imageBoxes);
   * 1 when absent: the dashboard would rather show every row of its grid.
   */
  imageWorth?: number;
}

/** The face sizes to choose from: image scales at the terminal's cell size, or half-block widths. */
function boxesFor(props: Pick<FacePreviewProps, 'grid' | 'preview' | 'scales' | 'imageWorth'>): readonly FaceBox[] | undefined {
  if (isImageKind(props.preview.kind)) {
    const { cell, kind } = props.preview;
    return imageBoxes(cell, Math.floor(props.grid.width / props.grid.cols), props.scales, props.imageWorth, maxImagePixels(kind));
  }
  if (props.scales && props.preview.kind === 'blocks') {
    return props.scales.map((s) => ({ faceCols: s, faceRows: s / 2, worth: s, scale: 0 }));
  }
  return undefined;
}

export function previewFit(props: Omit<FacePreviewProps, 'slot'>): PreviewFit | null {
  const native = props.preview.kind === 'kitty';
  const boxes = boxesFor(props);
  return fitPreview({
    gridRows: props.grid.rows,
    gridCols: props.grid.cols,
    rowLabels: props.rowLabels ?? [],
    width: props.width,
    height: props.height,
    gap: native ? 0 : 1,
    linesPerRow: props.faceLabels ? 1 : 0,
    ...(native ? { maxCells: MAX_KITTY_CELLS } : {}),
    ...(boxes ? { boxes } : {}),
  });
}

/** Image lines per face row: [faceRow][textLine]; null while half-blocks or images are being drawn. */
function imageLines(kind: ResolvedPreview['kind'], layout: PreviewFit, imageId: number, blocks: string[] | null, images: string[][] | null): string[][] | null {
  if (isImageKind(kind)) return images;
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
  const { grid, preview: asked, width, height, rowLabels, faceLabels, slot, redrawMs = 0, scales, imageWorth } = props;
  const { stdout } = useStdout();
  const substituted = useContext(PlaceholderContext);
  // Sixel and iTerm2 images need the stream that draws them; elsewhere (tests) half-blocks.
  const preview = useMemo<ResolvedPreview>(() => (isImageKind(asked.kind) && !substituted ? { ...asked, kind: 'blocks' } : asked), [asked, substituted]);
  const imageId = kittyImageId(slot);
  const layout = useMemo(
    () =>
      previewFit({
        grid,
        preview,
        width,
        height,
        ...(rowLabels ? { rowLabels } : {}),
        ...(faceLabels ? { faceLabels } : {}),
        ...(scales ? { scales } : {}),
        ...(imageWorth ? { imageWorth } : {}),
      }),
    [grid, preview, width, height, rowLabels, faceLabels, scales, imageWorth],
  );
  const spec = useMemo<BlockSpec | null>(
    () =>
      preview.kind === 'blocks' && layout !== null
        ? { rows: layout.rows, cols: layout.cols, faceCols: layout.faceCols, gap: layout.gap, depth: preview.depth }
        : null,
    [preview.kind, preview.depth, layout],
  );
  const blocks = useBlockFaces(grid, spec, redrawMs);
  const imageSpec = useMemo<ImageSpec | null>(
    () =>
      isImageKind(preview.kind) && layout !== null
        ? { protocol: preview.kind, rows: layout.rows, cols: layout.cols, scale: layout.scale, faceCols: layout.faceCols, faceRows: layout.faceRows, gap: layout.gap, cell: preview.cell }
        : null,
    [preview.kind, preview.cell, layout],
  );
  const images = useImageFaces(grid, imageSpec, redrawMs);
  // Stand-ins for each face row's image, registered once per drawing (a new drawing is sent anew).
  const imageRows = useMemo(() => {
    if (images === null || !('rows' in images) || layout === null) return null;
    const across = layout.cols * layout.faceCols + (layout.cols - 1) * layout.gap;
    return images.rows.map((escape) => imagePlaceholderLines(escape, across, layout.faceRows));
  }, [images, layout]);
  const blockLines = useMemo(() => {
    if (blocks === null || !('lines' in blocks) || layout === null) return null;
    // Where the stream swaps them back, Ink only ever sees plain stand-ins (see placeholders.ts).
    return substituted ? placeholderLines(blocks.lines, layout.cols * layout.faceCols + (layout.cols - 1) * layout.gap) : blocks.lines;
  }, [blocks, layout, substituted]);
  const rows = useMemo(
    () => (layout === null ? null : imageLines(preview.kind, layout, imageId, blockLines, imageRows)),
    [preview.kind, layout, imageId, blockLines, imageRows],
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
    const failed = (blocks !== null && 'error' in blocks ? blocks.error : null) ?? (images !== null && 'error' in images ? images.error : null);
    const why = failed !== null ? `(preview failed: ${failed})` : 'drawing faces…';
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
