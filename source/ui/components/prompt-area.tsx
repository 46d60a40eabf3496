// The lines above the footer that ask something: a text input, a typed confirmation,
// what to do after a failure, or the operator's judgment of a prose expectation.

import { Box, Text } from 'ink';
import type { Prompt } from '../screens/screen-state';
import { screenText } from '../text';
import { useTheme } from '../theme';
import { TextPrompt } from './text-prompt';
import { confirmationAsk } from '../../run/confirmation';
import { failedText, judgeText } from '../screens/status-line';

export interface PromptAreaProps {
  prompt: Prompt;
  width: number;
  isActive: boolean;
  hasDecisionTree: boolean;
  onText: (value: string) => void;
  onCancel: () => void;
}

/** Lines a prompt needs: the layout reserves them above the footer. */
export function promptHeight(prompt: Prompt | null): number {
  if (!prompt) return 0;
  return 2;
}

/** The text widget a prompt is typed in, as React keys it (the same key, the same widget); null: not typed. */
export function promptWidget(prompt: Prompt): string | null {
  if (prompt.kind === 'text') return `${prompt.purpose}:${prompt.step ?? ''}`;
  return prompt.kind === 'confirm' ? `confirm:${prompt.step}` : null;
}

export function PromptArea({ prompt, width, isActive, hasDecisionTree, onText, onCancel }: PromptAreaProps) {
  const theme = useTheme();
  switch (prompt.kind) {
    case 'text':
      return (
        <TextPrompt
          key={promptWidget(prompt) ?? ''}
          label={prompt.label}
          initial={prompt.initial}
          suggested={prompt.suggested ?? false}
          secret={prompt.secret}
          multiline={prompt.purpose === 'edit'}
          width={width}
          error={prompt.error}
          hint={prompt.hint}
          isActive={isActive}
          onSubmit={onText}
          onCancel={onCancel}
        />
      );
    case 'confirm':
      return (
        <Box flexDirection="column" width={width}>
          <TextPrompt
            key={promptWidget(prompt) ?? ''}
            label={`${confirmationAsk(prompt)}:`}
            initial=""
            secret={false}
            width={width}
            hint={`DESTRUCTIVE${prompt.reasons.length > 0 ? ` (${prompt.reasons.join(', ')})` : ''}: ${prompt.practice ? 'rehearsal: the real run asks this word' : 'anything else declines, nothing runs'}`}
            isActive={isActive}
            onSubmit={onText}
            onCancel={onCancel}
          />
        </Box>
      );
    case 'failed':
      return (
        <Box flexDirection="column" width={width}>
          <Text wrap="truncate-end" color={theme.tone('bad')} bold>
            {screenText(failedText(prompt.message))}
          </Text>
          <Text wrap="truncate-end">{prompt.aside ?? (hasDecisionTree ? 'd: decision tree · enter: continue with the next step' : 'enter: continue with the next step · r: re-run it')}</Text>
        </Box>
      );
    case 'judge':
      return (
        <Box flexDirection="column" width={width}>
          <Text wrap="truncate-end" color={theme.tone('warn')} bold>
            {screenText(judgeText(prompt.expectation))}
          </Text>
          <Text wrap="truncate-end">{prompt.aside ?? 'Does the output meet it? p: pass · f: fail · n: note'}</Text>
        </Box>
      );
    default: {
      const never: never = prompt;
      return never;
    }
  }
}
