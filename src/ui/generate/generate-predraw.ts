/**
 * New faces in one frame instead of two. The face preview draws half-blocks (or sixel / iTerm2
 * images) in the background and shows the previous faces until they are ready, so on its own a
 * new grid costs a frame with the old faces and then one with the new. Every frame re-reads the
 * whole screen (tens of ms with a screenful of coloured cells), so the generate view's answers
 * are held back until their faces are drawn, into the same cache the preview reads: the first
 * frame has them.
 *
 * If the size worked out here ever differs from the preview's, nothing breaks: the preview
 * draws its own in the background, and only the head start is lost.
 */
import type { TrainerClient } from '../../protocol/client.js';
import type { FaceGrid, WorkerMessage } from '../../protocol/messages.js';
import { previewFit } from '../components/face-preview.js';
import { GENERATE_IMAGE_WORTH, generateBoxes, generateLayout } from './generate-layout.js';
import type { TerminalSize } from '../hooks/use-terminal-size.js';
import { drawBlockFaces, type BlockSpec } from '../preview/block-faces.js';
import { drawImageFaces } from '../preview/face-images.js';
import { isImageKind, type ResolvedPreview } from '../preview/mode.js';

/** The generate view draws faces even when training previews are off. */
export function generatePreview(preview: ResolvedPreview): ResolvedPreview {
  return preview.kind === 'off' ? { ...preview, kind: 'blocks' } : preview;
}

/** The half-block drawing the generate view's preview will ask for, or null (kitty images, no room). */
export function generateBlockSpec(grid: FaceGrid, size: TerminalSize, interpolate: boolean, preview: ResolvedPreview): BlockSpec | null {
  const shown = generatePreview(preview);
  if (shown.kind !== 'blocks') return null;
  const { faces } = generateLayout(size, interpolate);
  // faceLabels: the view always labels its faces, which takes a line under each row.
  const fit = previewFit({ grid, preview: shown, width: faces.width, height: faces.height, faceLabels: [] });
  return fit === null ? null : { rows: fit.rows, cols: fit.cols, faceCols: fit.faceCols, gap: fit.gap, depth: shown.depth };
}

/** Where the view is drawn: its size, preview, A→B or not, and whether the stream draws images. */
export interface DrawTarget {
  size: TerminalSize;
  resolved: ResolvedPreview;
  interpolate: boolean;
  /** The stream draws sixel and iTerm2 images (PlaceholderContext); else they fall back to half-blocks. */
  drawsImages: boolean;
}

/**
 * Draws the faces the generate view's preview will ask for into its cache (half-blocks or
 * images); null when there is nothing to draw ahead (kitty images, no room).
 */
export function generateDrawing(grid: FaceGrid, at: DrawTarget): Promise<unknown> | null {
  const shown = generatePreview(at.resolved);
  if (isImageKind(shown.kind) && at.drawsImages) {
    const { faces } = generateLayout(at.size, at.interpolate, 1, generateBoxes(shown, true));
    const fit = previewFit({ grid, preview: shown, width: faces.width, height: faces.height, faceLabels: [], imageWorth: GENERATE_IMAGE_WORTH });
    if (fit === null) return null;
    const { rows, cols, scale, faceCols, faceRows, gap } = fit;
    return drawImageFaces(grid, { protocol: shown.kind, rows, cols, scale, faceCols, faceRows, gap, cell: shown.cell });
  }
  const spec = generateBlockSpec(grid, at.size, at.interpolate, at.resolved);
  return spec === null ? null : drawBlockFaces(grid, spec);
}

/**
 * The same client, its 'generated' messages delivered once their faces are drawn (`drawFor`
 * starts the drawing, or says there is none). `before` runs just before any message is
 * delivered (the standalone view releases held-back key updates).
 */
export function withPredrawnFaces(client: TrainerClient, drawFor: (grid: FaceGrid) => Promise<unknown> | null, before: () => void = () => {}): TrainerClient {
  return {
    send: (command) => client.send(command),
    close: () => client.close(),
    ...(client.openShipped ? { openShipped: () => client.openShipped!() } : {}),
    subscribe(listener) {
      let live = true;
      const deliver = (m: WorkerMessage) => {
        if (!live) return;
        before();
        listener(m);
      };
      const unsubscribe = client.subscribe((m) => {
        const drawing = m.type === 'generated' ? drawFor(m.grid) : null;
        if (drawing === null) return deliver(m);
        void drawing.then(() => deliver(m));
      });
      return () => {
        live = false;
        unsubscribe();
      };
    },
  };
}
