/**
 * The half-block lines for a grid at a size, drawn in the background (see preview/block-faces).
 * Until a new grid is drawn, the last lines drawn at the same size stay on screen, so a fresh
 * sample grid replaces the old one without a blank frame in between; after a resize there is
 * nothing of the right size to show until the drawing is done (tens of milliseconds).
 *
 * Drawing a grid costs ~25 ms of CPU, and fast training sends sample grids several times a
 * second, faster than anyone compares them: with `minIntervalMs` (the training view passes
 * REDRAW_MS), a new grid at an unchanged size waits until that long after the last drawing,
 * and only the newest waiting grid is drawn. Faces someone asked for are drawn at once.
 */
import { useEffect, useReducer, useRef } from 'react';
import type { FaceGrid } from '../../protocol/messages.js';
import { blockKey, drawBlockFaces, peekBlockFaces, type BlockSpec } from '../preview/block-faces.js';

export const REDRAW_MS = 2000;

export type BlockFaces = { lines: string[] } | { error: string } | null;

export function useBlockFaces(grid: FaceGrid, spec: BlockSpec | null, minIntervalMs = 0): BlockFaces {
  const key = spec === null ? null : blockKey(spec);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  // The entry object itself, so that callers memoising on it see a change only when the lines change.
  const last = useRef<{ key: string; drawn: { lines: string[] } } | null>(null);
  const lastDrawn = useRef(0);

  useEffect(() => {
    if (spec === null || peekBlockFaces(grid, spec)) return;
    let live = true;
    const wait = last.current?.key === key ? Math.max(0, lastDrawn.current + minIntervalMs - Date.now()) : 0;
    // A newer grid (or size) cancels this one; whichever comes last is drawn when its turn comes.
    const timer = setTimeout(() => {
      lastDrawn.current = Date.now();
      void drawBlockFaces(grid, spec).then(() => {
        if (live) redraw();
      });
    }, wait);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The key stands for the spec's fields.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [grid, key, minIntervalMs]);

  if (spec === null || key === null) return null;
  const drawn = peekBlockFaces(grid, spec);
  if (drawn && 'lines' in drawn) {
    last.current = { key, drawn };
    return drawn;
  }
  if (drawn) return drawn;
  return last.current?.key === key ? last.current.drawn : null;
}
