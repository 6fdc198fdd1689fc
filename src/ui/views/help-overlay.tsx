/**
 * Every keybinding, grouped by where it works, straight from the keymap table; then what the
 * run is computing on and why that backend was chosen (the header has room for its name only).
 */
import { Box, Text } from 'ink';
import type { StartEvent } from '../../engine/events.js';
import { ANY_STATE, COMMANDS, displayKey, isLive, KEYMAP, type KeyContext, type Role, type Scope } from '../keymap.js';
import { color } from '../theme.js';
import { deviceText } from '../components/header.js';
import { SectionTitle } from '../components/section-title.js';

const GROUPS: Array<{ scope: Scope; title: string }> = [
  { scope: 'train', title: 'training view' },
  { scope: 'generate', title: 'generate view' },
  { scope: 'global', title: 'everywhere' },
];

export interface HelpOverlayProps {
  width: number;
  height: number;
  start?: StartEvent | null;
  /** Only this view's keys (and the global ones): all groups together no longer fit 80×24. */
  view?: 'train' | 'generate';
  /** Whose keys: a watcher's q leaves the trainer running and X stops it. */
  role?: Role;
  /** What the keys can act on now: keys that cannot do anything are not listed. */
  context?: KeyContext;
}

export function HelpOverlay({ width, height, start = null, view, role = 'owner', context = ANY_STATE }: HelpOverlayProps) {
  const groups = view ? GROUPS.filter((g) => g.scope === view || g.scope === 'global') : GROUPS;
  const keyWidth = Math.max(...COMMANDS.map((c) => KEYMAP[c].keys.map(displayKey).join(' / ').length)) + 2;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <SectionTitle title="keys · ? or Esc closes" width={width} />
      {groups.map(({ scope, title }) => (
        <Box key={scope} flexDirection="column">
          <Text color={color('title')} bold>
            {' ' + title}
          </Text>
          {COMMANDS.filter((c) => KEYMAP[c].scope === scope && isLive(KEYMAP[c], role, context)).map((command) => (
            <Box key={command} width={width}>
              <Box width={keyWidth + 2} flexShrink={0}>
                <Text color={color('key')} bold>
                  {'   ' + KEYMAP[command].keys.map(displayKey).join(' / ')}
                </Text>
              </Box>
              <Text wrap="truncate-end">{KEYMAP[command].description}</Text>
            </Box>
          ))}
        </Box>
      ))}
      {start ? <RunInfo start={start} width={width} /> : null}
    </Box>
  );
}

function RunInfo({ start, width }: { start: StartEvent; width: number }) {

  return (
    <Box flexDirection="column" width={width}>
      <Text color={color('title')} bold>
        {' this run'}
      </Text>
      <Text wrap="truncate-end">{`   ${deviceText(start)} · --backend ${start.backendRequested}`}</Text>
      <Box paddingLeft={3} width={width}>
        <Text color={color('dim')} wrap="wrap">
          {start.backendReason}
        </Text>
      </Box>
    </Box>
  );
}
