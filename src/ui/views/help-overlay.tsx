/**
 * Every keybinding, grouped by where it works, straight from the keymap table; then what the
 * run is computing on and why that backend was chosen (the header has room for its name only).
 */
import { Box, Text } from 'ink';
import type { StartEvent } from '../../engine/events.js';
import { COMMANDS, displayKey, KEYMAP, type Scope } from '../keymap.js';
import { color } from '../theme.js';
import { SectionTitle } from '../components/section-title.js';

const GROUPS: Array<{ scope: Scope; title: string }> = [
  { scope: 'train', title: 'training view' },
  { scope: 'generate', title: 'generate view' },
  { scope: 'global', title: 'everywhere' },
];

export function HelpOverlay({ width, height, start = null }: { width: number; height: number; start?: StartEvent | null }) {
  const keyWidth = Math.max(...COMMANDS.map((c) => KEYMAP[c].keys.map(displayKey).join(' / ').length)) + 2;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <SectionTitle title="keys · ? or Esc closes" width={width} />
      {GROUPS.map(({ scope, title }) => (
        <Box key={scope} flexDirection="column">
          <Text color={color('title')} bold>
            {' ' + title}
          </Text>
          {COMMANDS.filter((c) => KEYMAP[c].scope === scope).map((command) => (
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
  const asked = start.backendRequested === 'auto' ? 'auto' : `--backend ${start.backendRequested}`;
  return (
    <Box flexDirection="column" width={width}>
      <Text color={color('title')} bold>
        {' this run'}
      </Text>
      <Text wrap="truncate-end">{`   ${start.backend} on ${start.device || 'an unnamed device'} (asked: ${asked})`}</Text>
      <Box paddingLeft={3} width={width}>
        <Text color={color('dim')} wrap="wrap">
          {start.backendReason}
        </Text>
      </Box>
    </Box>
  );
}
