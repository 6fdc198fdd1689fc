/** Every keybinding, grouped by where it works, straight from the keymap table. */
import { Box, Text } from 'ink';
import { COMMANDS, displayKey, KEYMAP, type Scope } from '../keymap.js';
import { color } from '../theme.js';
import { SectionTitle } from '../components/section-title.js';

const GROUPS: Array<{ scope: Scope; title: string }> = [
  { scope: 'train', title: 'training view' },
  { scope: 'generate', title: 'generate view' },
  { scope: 'global', title: 'everywhere' },
];

export function HelpOverlay({ width, height }: { width: number; height: number }) {
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
    </Box>
  );
}
