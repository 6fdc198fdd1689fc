/** Shown instead of the dashboard when the terminal is below the minimum size. */
import { Box, Text } from 'ink';
import { MIN_COLUMNS, MIN_ROWS } from '../train/layout.js';
import { color } from '../theme.js';

export interface TooSmallProps {
  /** The terminal's width in cells, shown against the minimum. */
  columns: number;
  /** The terminal's height in rows, shown against the minimum. */
  rows: number;
}

export function TooSmall({ columns, rows }: TooSmallProps) {
  return (
    <Box flexDirection="column" width={columns}>
      <Text color={color('warn')} wrap="wrap">
        Terminal too small: {columns}×{rows}.
      </Text>
      <Text wrap="wrap">
        anime-gan-tui needs at least {MIN_COLUMNS}×{MIN_ROWS}. Enlarge the window; training goes on meanwhile.
      </Text>
      <Text color={color('dim')} wrap="wrap">
        q quit
      </Text>
    </Box>
  );
}
