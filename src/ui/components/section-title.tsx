/** A rule with a title, "── losses · EMA 0.9 ─────", exactly `width` cells wide. */
import { Text } from 'ink';
import { color } from '../theme.js';
import { truncate } from '../format.js';

export interface SectionTitleProps {
  /** The words in the rule; cut with an ellipsis when the width is short. */
  title: string;
  /** Cells across: the rule fills exactly this many. */
  width: number;
}

export function SectionTitle({ title, width }: SectionTitleProps) {
  const head = truncate(`── ${title} `, width);
  return (
    <Text color={color('dim')} wrap="truncate-end">
      {head + '─'.repeat(Math.max(0, width - head.length))}
    </Text>
  );
}
