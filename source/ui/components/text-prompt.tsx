// The text input widget, whole: its state hook, its keys and its view.

import { useTextInput, useTextInputKeys } from '../hooks/use-text-input';
import { TextInputView } from './text-input';

export interface TextPromptProps {
  label: string;
  initial: string;
  /** `initial` is a suggestion: enter takes it, typing replaces it. */
  suggested?: boolean;
  secret: boolean;
  multiline?: boolean;
  width: number;
  error?: string | null;
  hint?: string;
  isActive: boolean;
  onSubmit: (value: string) => void;
  onCancel: () => void;
}

export function TextPrompt(props: TextPromptProps) {
  const [state, dispatch, current] = useTextInput(props.initial, props.suggested ?? false);
  useTextInputKeys(current, dispatch, { isActive: props.isActive, multiline: props.multiline ?? false, onSubmit: props.onSubmit, onCancel: props.onCancel });
  return <TextInputView label={props.label} state={state} secret={props.secret} width={props.width} error={props.error ?? null} {...(props.hint ? { hint: props.hint } : {})} />;
}
