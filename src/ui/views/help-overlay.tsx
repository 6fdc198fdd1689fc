/**
 * Every keybinding, grouped by where it works, straight from the keymap table; then what the
 * run is computing on and why that backend was chosen (the header has room for its name only).
 * On a narrow terminal descriptions wrap under their column, as far as the height allows.
 */
import { Box, Text } from 'ink';
import type { StartEvent } from '../../protocol/events.js';
import { ANY_STATE, KEY_ACTIONS, displayKey, isLive, KEYMAP, type KeyAction, type KeyContext, type ClientRole, type Scope } from '../keymap.js';
import { truncate, wrapText } from '../format.js';
import { color } from '../theme.js';
import { deviceText } from '../components/header.js';
import { SectionTitle } from '../components/section-title.js';

/** For the owner, who may be on SSH: what a dropped connection does is the first thing asked. */
export const HANG_UP_NOTE = 'An SSH drop or a closed terminal leaves training running: anime-gan-tui watch';

const GROUPS: Array<{ scope: Scope; title: string }> = [
  { scope: 'train', title: 'training view' },
  { scope: 'generate', title: 'generate view' },
  { scope: 'global', title: 'everywhere' },
];

export interface HelpOverlayProps {
  /** Cells across; descriptions wrap under their own column, or are cut. */
  width: number;
  /** Rows it may take: descriptions wrap only while rows are spare; the run's backend goes first. */
  height: number;
  /** The run's start event, for the backend it trains on and why; none (generate view): not shown. */
  start?: StartEvent | null;
  /** Only this view's keys (and the global ones): all groups together do not fit 80×24. */
  view?: 'train' | 'generate';
  /** Whose keys: a watcher's q leaves the trainer running and X stops it. */
  role?: ClientRole;
  /** What the keys can act on now: keys that cannot do anything are not listed. */
  context?: KeyContext;
}

export function HelpOverlay({ width, height, start = null, view, role = 'owner', context = ANY_STATE }: HelpOverlayProps) {
  const groups = (view ? GROUPS.filter((g) => g.scope === view || g.scope === 'global') : GROUPS).map((g) => ({
    ...g,
    commands: KEY_ACTIONS.filter((c) => KEYMAP[c].scope === g.scope && isLive(KEYMAP[c], role, context)),
  }));
  const keysOf = (c: KeyAction) => KEYMAP[c].keys.map(displayKey).join(' / ');
  const keyColumn = 3 + Math.max(...groups.flatMap((g) => g.commands.map((c) => keysOf(c).length))) + 2;
  const descWidth = Math.max(10, width - keyColumn);
  const keyRows = 1 + groups.reduce((n, g) => n + 1 + g.commands.length, 0);
  // The run's backend comes after the keys and gives way to them on a short terminal: its
  // reason cut to a line, then left out.
  const note = role === 'owner' && view !== 'generate' && keyRows + 1 <= height;
  const above = keyRows + (note ? 1 : 0);
  let reason = start ? wrapText(start.backendReason, width - 3) : [];
  if (above + 2 + reason.length > height) reason = [truncate(reason.join(' '), width - 3)];
  const runInfo = start !== null && above + 3 <= height;
  // Descriptions wrap under their own column while the screen has rows to spare, in table
  // order; the rest are cut, so the list never runs past the bottom.
  let spare = height - above - (runInfo ? 2 + reason.length : 0);
  const descriptions = new Map<KeyAction, string[]>();
  for (const c of groups.flatMap((g) => g.commands)) {
    const lines = wrapText(KEYMAP[c].description, descWidth);
    if (lines.length - 1 <= spare) {
      spare -= lines.length - 1;
      descriptions.set(c, lines);
    } else {
      descriptions.set(c, [truncate(KEYMAP[c].description, descWidth)]);
    }
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      <SectionTitle title="keys · ? or Esc closes" width={width} />
      {groups.map(({ scope, title, commands }) => (
        <Box key={scope} flexDirection="column">
          <Text color={color('title')} bold>
            {' ' + title}
          </Text>
          {commands.map((command) => (
            <Box key={command} width={width}>
              <Box width={keyColumn} flexShrink={0}>
                <Text color={color('key')} bold wrap="truncate-end">
                  {'   ' + keysOf(command)}
                </Text>
              </Box>
              <Box flexDirection="column" width={descWidth}>
                {descriptions.get(command)!.map((line, i) => (
                  <Text key={i} wrap="truncate-end">
                    {line}
                  </Text>
                ))}
              </Box>
            </Box>
          ))}
        </Box>
      ))}
      {note ? (
        <Text color={color('dim')} wrap="truncate-end">
          {' ' + HANG_UP_NOTE}
        </Text>
      ) : null}
      {start && runInfo ? <RunInfo start={start} reason={reason} /> : null}
    </Box>
  );
}

interface RunInfoProps {
  /** The run's start event: the backend and device it trains on, and the one asked for. */
  start: StartEvent;
  /** Why that backend, already wrapped (or cut) to the overlay's width. */
  reason: string[];
}

function RunInfo({ start, reason }: RunInfoProps) {
  return (
    <Box flexDirection="column">
      <Text color={color('title')} bold>
        {' this run'}
      </Text>
      <Text wrap="truncate-end">{`   ${deviceText(start)} · --backend ${start.backendRequested}`}</Text>
      {reason.map((line, i) => (
        <Text key={i} color={color('dim')} wrap="truncate-end">
          {'   ' + line}
        </Text>
      ))}
    </Box>
  );
}
