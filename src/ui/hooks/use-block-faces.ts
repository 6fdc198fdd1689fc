/**
 * The half-block lines for a grid at a size, drawn in the background (see preview/block-faces).
 * Until a new grid is drawn, the last lines drawn at the same size stay on screen, so a fresh
 * sample grid replaces the old one without a blank frame in between; after a resize there is
 * nothing of the right size to show until the drawing is done (tens of milliseconds).
 */
import { useEffect, useReducer, useRef } from 'react';
import type { FaceGrid } from '../../protocol/messages.js';
import { blockKey, drawBlockFaces, peekBlockFaces, type BlockSpec } from '../preview/block-faces.js';

export type BlockFaces = { lines: string[] } | { error: string } | null;

export function useBlockFaces(grid: FaceGrid, spec: BlockSpec | null): BlockFaces {
  const key = spec === null ? null : blockKey(spec);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const last = useRef<{ key: string; lines: string[] } | null>(null);

  useEffect(() => {
    if (spec === null || peekBlockFaces(grid, spec)) return;
    let live = true;
    void drawBlockFaces(grid, spec).then(() => {
      if (live) redraw();
    });
    return () => {
      live = false;
    };
    // The key stands for the spec's fields.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [grid, key]);

  if (spec === null || key === null) return null;
  const drawn = peekBlockFaces(grid, spec);
  if (drawn && 'lines' in drawn) {
    last.current = { key, lines: drawn.lines };
    return drawn;
  }
  if (drawn) return drawn;
  return last.current?.key === key ? { lines: last.current.lines } : null;
}
