// The run screen's layout, the same for run, resume and watch: header, notices, phases |
// step, prompt, footer. Props in, frame out; it fits the terminal exactly.

import { Box, Text } from 'ink';
import type { Runbook } from '../../runbook/model';
import type { Position } from '../../run/navigation';
import type { RunState } from '../../run/state';
import type { DecisionPath } from '../../run/decision-tree';
import type { KeyContext } from '../key-bindings';
import { useTheme } from '../theme';
import { length } from '../text';
import { Header } from '../components/header';
import { Footer } from '../components/footer';
import { PhaseList } from '../components/phase-list';
import { StepPanel, collapsedRow } from '../components/step-panel';
import { PromptArea, promptHeight } from '../components/prompt-area';
import { HelpOverlay } from '../components/help-overlay';
import { ChangesBanner } from '../components/changes-banner';
import { BaselinesView } from '../components/baselines-view';
import { DecisionMenu } from '../components/decision-menu';
import { Transcript, type TranscriptLog } from '../components/transcript';
import { layout, type ScreenSize } from './layout';
import type { ScreenState } from './screen-state';
import { stepRows } from './step-rows';
import { summaryRows } from './summary-rows';
import { phaseOf, stepsBefore, whereText } from './step-order';

export interface RunScreenProps {
  state: RunState;
  runbook: Runbook;
  now: Date;
  size: ScreenSize;
  screen: ScreenState;
  /** Where the run stands (the step on screen when none is selected). */
  position: Position;
  keys: KeyContext;
  /** The last `n` output lines of a step, live or from the journal. */
  output: (step: string, n: number) => { lines: string[]; hidden: number };
  /** watch: who drives the run. */
  readOnly: { driver: string } | null;
  transcript: TranscriptLog | null;
  /** Prompts and overlays take keys only when the screen is not stepping aside. */
  widgetsActive: boolean;
  onText: (value: string) => void;
  onCancel: () => void;
  onTake: (path: DecisionPath) => void;
  onCloseOverlay: () => void;
}

/** While a widget has the keys, the footer says how to get out of it. */
function footerOverride(screen: ScreenState): { override?: string } {
  if (screen.prompt?.kind === 'text' || screen.prompt?.kind === 'confirm') return { override: 'enter ok · esc cancel · ctrl-u clear · ctrl-a/e start/end' };
  switch (screen.overlay?.kind) {
    case undefined:
      return {};
    case 'help':
      return { override: 'any key closes the help' };
    case 'changes':
      return { override: 'enter dismiss' };
    case 'baselines':
    case 'decision':
      return { override: 'esc back · ctrl-c close' };
    default: {
      const never: never = screen.overlay;
      return never;
    }
  }
}

/** watch: who drives, and (when it fits) that nothing pressed here reaches the run. */
export function readOnlyNotice(driver: string, width: number): string {
  const notice = `READ-ONLY · driven by ${driver}`;
  const full = `${notice} · nothing you press changes the run`;
  return length(full) <= width ? full : notice;
}

/** The step the screen shows: the selection, else where the run stands. */
export function stepOnScreen(screen: ScreenState, position: Position): string | null {
  return screen.selected ?? (position.kind === 'step' ? position.step : null);
}

function Body(props: RunScreenProps & { width: number; height: number; left: number; right: number }) {
  const theme = useTheme();
  const { state, screen, width, height } = props;
  const overlay = screen.overlay;
  if (overlay) {
    switch (overlay.kind) {
      case 'help':
        return <HelpOverlay height={height} readOnly={props.readOnly !== null} />;
      case 'changes':
        return <ChangesBanner state={state} height={height} />;
      case 'baselines':
        return <BaselinesView state={state} width={width} height={height} isActive={props.widgetsActive} onClose={props.onCloseOverlay} />;
      case 'decision':
        return (
          <DecisionMenu
            runbook={props.runbook}
            root={overlay.tree}
            reason={overlay.reason}
            width={width}
            height={height}
            isActive={props.widgetsActive && screen.prompt === null}
            onTake={props.onTake}
            onClose={props.onCloseOverlay}
          />
        );
      default: {
        const never: never = overlay;
        return never;
      }
    }
  }
  const id = stepOnScreen(screen, props.position);
  const summary = state.summaries.find((s) => s.id === id);
  const st = id ? state.steps[id] : undefined;
  let rows;
  let before: ReturnType<typeof collapsedRow>[] = [];
  if (summary && st) {
    const count = height >= 40 ? 6 : height >= 24 ? 4 : height >= 16 ? 2 : 0;
    before = stepsBefore(state, summary.id, count).map((s) => collapsedRow(state, s, props.right));
    rows = stepRows(
      {
        summary,
        step: props.runbook.steps.find((s) => s.id === summary.id),
        st,
        where: whereText(state, summary.id),
        now: props.now.getTime(),
        edited: screen.edited[summary.id],
        output: (n) => props.output(summary.id, n),
        state,
      },
      props.right,
      height - before.length,
    );
  } else {
    rows = summaryRows(state, props.position, props.now, props.right, props.readOnly !== null);
  }
  return (
    // Widths flex with the terminal: on a resize, Ink redraws the old tree once at the
    // new width before the screen re-lays out, and that frame must not spill over.
    <Box flexDirection="row" height={height}>
      {props.left > 0 ? (
        <>
          <PhaseList state={state} runbook={props.runbook} currentPhase={phaseOf(state, id)} now={props.now} width={props.left} height={height} />
          <Box flexDirection="column" width={2} flexShrink={0} height={height}>
            {Array.from({ length: height }, (_, i) => (
              <Text key={i} color={theme.tone('muted')}>
                │
              </Text>
            ))}
          </Box>
        </>
      ) : null}
      <StepPanel before={before} rows={rows} height={height} />
    </Box>
  );
}

export function RunScreen(props: RunScreenProps) {
  const theme = useTheme();
  const { screen } = props;
  const notices: { text: string; tone: 'warn' | 'accent' }[] = [];
  if (props.readOnly) notices.push({ text: readOnlyNotice(props.readOnly.driver, props.size.columns), tone: 'accent' });
  if (screen.warning) notices.push({ text: screen.warning, tone: 'warn' });
  // The help needs every line it can get; the message waits until it closes.
  const showMessage = screen.message !== null && screen.overlay?.kind !== 'help';
  const promptLines = screen.prompt ? promptHeight(screen.prompt) : showMessage ? 1 : 0;
  const l = layout(props.size, { notices: notices.length, prompt: promptLines });
  const rule = '─'.repeat(l.width);
  return (
    <>
      {props.transcript ? <Transcript log={props.transcript} /> : null}
      <Box flexDirection="column" height={l.height} overflow="hidden">
        <Header state={props.state} now={props.now} width={l.width} />
        {notices.slice(0, l.notices).map((n, i) => (
          <Text key={i} wrap="truncate-end" bold color={theme.tone(n.tone)}>
            {n.text}
          </Text>
        ))}
        {l.separators ? <Text color={theme.tone('muted')}>{rule}</Text> : null}
        <Body {...props} width={l.width} height={l.body} left={l.left} right={l.right} />
        {l.separators ? <Text color={theme.tone('muted')}>{rule}</Text> : null}
        {l.prompt > 0 && screen.prompt ? (
          <Box height={l.prompt} overflow="hidden">
            <PromptArea
              prompt={screen.prompt}
              width={l.width}
              isActive={props.widgetsActive}
              hasDecisionTree={props.keys.hasDecisionTree}
              onText={props.onText}
              onCancel={props.onCancel}
            />
          </Box>
        ) : l.prompt > 0 && showMessage && screen.message ? (
          <Text wrap="truncate-end" color={theme.tone(screen.message.tone === 'ok' ? 'ok' : screen.message.tone === 'bad' ? 'bad' : 'accent')}>
            {screen.message.text}
          </Text>
        ) : null}
        <Footer context={props.keys} width={l.width} {...footerOverride(screen)} />
      </Box>
    </>
  );
}
