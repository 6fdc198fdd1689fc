/**
 * The half-block lines (or terminal images) for a grid at a size, drawn in the background (see
 * preview/block-faces and preview/face-images). Until a new grid is drawn, the last one drawn at
 * the same size stays on screen, so a fresh sample grid replaces the old one without a blank
 * frame in between; after a resize there is nothing of the right size to show until the drawing
 * is done (tens of milliseconds).
 *
 * Drawing a grid costs ~25 ms of CPU, and fast training sends sample grids several times a
 * second, faster than anyone compares them: with `minIntervalMs` (the training view passes
 * REDRAW_MS), a new grid at an unchanged size waits until that long after the last drawing,
 * and only the newest waiting grid is drawn. Faces someone asked for are drawn at once.
 */
import { useEffect, useReducer, useRef } from 'react';
import type { FaceGrid } from '../../protocol/messages.js';
import { blockKey, drawBlockFaces, peekBlockFaces, type BlockSpec } from '../preview/block-faces.js';
import { drawImageFaces, imageKey, peekImageFaces, type ImageEntry, type ImageSpec } from '../preview/face-images.js';

export const REDRAW_MS = 2000;

export type BlockFaces = { lines: string[] } | { error: string } | null;

/** A cache of drawings per grid and spec (block-faces.ts, face-images.ts). */
interface Drawer<S, E> {
  key: (spec: S) => string;
  peek: (grid: FaceGrid, spec: S) => E | undefined;
  draw: (grid: FaceGrid, spec: S) => Promise<E>;
}

const BLOCKS: Drawer<BlockSpec, NonNullable<BlockFaces>> = { key: blockKey, peek: peekBlockFaces, draw: drawBlockFaces };
const IMAGES: Drawer<ImageSpec, ImageEntry> = { key: imageKey, peek: peekImageFaces, draw: drawImageFaces };

function useDrawnFaces<S, E extends object>(grid: FaceGrid, spec: S | null, drawer: Drawer<S, E>, minIntervalMs: number): E | null {
  const key = spec === null ? null : drawer.key(spec);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  // The entry object itself, so that callers memoising on it see a change only when the drawing changes.
  const last = useRef<{ key: string; drawn: E } | null>(null);
  const lastDrawn = useRef(0);

  useEffect(() => {
    if (spec === null || drawer.peek(grid, spec)) return;
    let live = true;
    const wait = last.current?.key === key ? Math.max(0, lastDrawn.current + minIntervalMs - Date.now()) : 0;
    // A newer grid (or size) cancels this one; whichever comes last is drawn when its turn comes.
    const timer = setTimeout(() => {
      lastDrawn.current = Date.now();
      void drawer.draw(grid, spec).then(() => {
        if (live) redraw();
      });
    }, wait);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The key stands for the spec's fields.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [grid, key, minIntervalMs, drawer]);

  if (spec === null || key === null) return null;
  const drawn = drawer.peek(grid, spec);
  if (drawn && !('error' in drawn)) {
    last.current = { key, drawn };
    return drawn;
  }
  if (drawn) return drawn;
  return last.current?.key === key ? last.current.drawn : null;
}

export function useBlockFaces(grid: FaceGrid, spec: BlockSpec | null, minIntervalMs = 0): BlockFaces {
  return useDrawnFaces(grid, spec, BLOCKS, minIntervalMs);
}

/** Sixel or iTerm2 images of a grid: one escape per face row (preview/face-images). */
export function useImageFaces(grid: FaceGrid, spec: ImageSpec | null, minIntervalMs = 0): ImageEntry | null {
  return useDrawnFaces(grid, spec, IMAGES, minIntervalMs);
}
