/**
 * The key hints at the bottom, from the keymap. When they don't fit, view-specific hints drop
 * from the end, the view's main keys last; help and quit always stay, since help lists the rest.
 */
import { Text } from 'ink';
import { ANY_STATE, displayKey, footerBindings, type KeyAction, type KeyContext, type ClientRole } from '../keymap.js';
import { color } from '../theme.js';

export interface FooterProps {
  /** Which view's keys are hinted, besides the global ones. */
  view: 'train' | 'generate';
  /** Cells across; hints that do not fit are dropped, view-specific ones first. */
  width: number;
  /** Commands this screen has no use for (the way back to a training view that is not there). */
  hidden?: readonly KeyAction[];
  /** Labels that depend on state ("resume" while paused). */
  labels?: Partial<Record<KeyAction, string>>;
  /** Whose keys: a watcher's q leaves the trainer running and X stops it. Default 'owner'. */
  role?: ClientRole;
  /** What the keys can act on now: keys that cannot (λ for DCGAN, pause once the trainer is gone) are left out. */
  context?: KeyContext;
}

export function footerItems({ view, width, hidden = [], labels = {}, role = 'owner', context = ANY_STATE }: FooterProps): Array<{ key: string; label: string }> {
  const bindings = footerBindings(view, role, context).filter(([command]) => !hidden.includes(command));
  const items: Array<{ global: boolean; main: boolean; key: string; label: string }> = [];
  for (const [command, binding] of bindings) {
    const key = displayKey(binding.keys[0]!);
    const previous = items.at(-1);
    if (binding.footer === 'with-previous' && previous) {
      previous.key = `${previous.key} ${key}`;
      continue;
    }
    items.push({ global: binding.scope === 'global', main: binding.main === true, key, label: labels[command] ?? binding.label });
  }
  const length = (list: typeof items) =>
    list.reduce((n, item) => n + item.key.length + 1 + item.label.length, 0) + Math.max(0, list.length - 1) * 3 + 1;
  while (length(items) > width) {
    const minor = items.findLastIndex((item) => !item.global && !item.main);
    const drop = minor >= 0 ? minor : items.findLastIndex((item) => !item.global);
    if (drop < 0) break;
    items.splice(drop, 1);
  }
  return items.map(({ key, label }) => ({ key, label }));
}

export function Footer(props: FooterProps) {
  const items = footerItems(props);
  return (
    <Text wrap="truncate-end">
      {' '}
      {items.map((item, i) => (
        <Text key={item.key}>
          {i > 0 ? <Text color={color('dim')}> · </Text> : null}
          <Text color={color('key')} bold>
            {item.key}
          </Text>
          <Text color={color('dim')}> {item.label}</Text>
        </Text>
      ))}
    </Text>
  );
}
