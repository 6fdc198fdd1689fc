/** A rule with a title, "── losses · EMA 0.9 ─────", exactly `width` cells wide. */
import { Text } from 'ink';
import { color } from '../theme.js';
import { truncate } from '../format.js';

export function SectionTitle({ title, width }: { title: string; width: number }) {
  const head = truncate(`── ${title} `, width);
  return (
    <Text color={color('dim')} wrap="truncate-end">
      {head + '─'.repeat(Math.max(0, width - head.length))}
    </Text>
  );
}
