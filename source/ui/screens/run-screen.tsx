// The run screen's layout, the same for run, resume and watch: header, notices, phases |
// step, prompt, footer. Props in, frame out; it fits the terminal exactly.

import { useEffect } from 'react';
import { Box, Text } from 'ink';
import type { Runbook, Step } from '../../runbook/model';
import { stepsBefore as openStepsBefore, type Position } from '../../run/navigation';
import type { RunState } from '../../run/state';
import type { DecisionPath } from '../../run/decision-tree';
import type { KeyContext } from '../key-bindings';
import { useTheme } from '../theme';
import { length, wrap } from '../text';
import { Header } from '../components/header';
import { Footer } from '../components/footer';
import { PhaseList } from '../components/phase-list';
import { StepPanel, collapsedRow } from '../components/step-panel';
import { PromptArea, promptHeight } from '../components/prompt-area';
import { HelpOverlay } from '../components/help-overlay';
import { ChangesBanner } from '../components/changes-banner';
import { BaselinesView } from '../components/baselines-view';
import { DecisionMenu } from '../components/decision-menu';
import { PlansMenu } from '../components/plans-menu';
import { answeredBefore, answerLine, justFinishedPlan, planFinishedLine } from '../../run/plans';
import { Transcript, type TranscriptLog } from '../components/transcript';
import { layout, type ScreenSize } from './layout';
import { pageKey, type Panel, type ScreenState } from './screen-state';
import { pageRows } from './author-rows';
import { pageText, textAround } from '../../runbook/text-around';
import { stepRows, type Row, type StepView } from './step-rows';
import { expandedRows } from './expanded-rows';
import { summaryRows } from './summary-rows';
import { phaseOf, stepsBefore, whereText } from './step-order';
import { messageRows, statusLine } from './status-line';
import { clockStoppedAt } from '../../run/ending';

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
  /** A step's placeholders still to fill in where it would run (the driver's RunHandle); the runbook's when absent. */
  placeholders?: ((step: Step) => string[]) | undefined;
  /** The team store's words for the header when it lags, else null. */
  store?: string | null;
  /** watch: who drives the run. */
  readOnly: ReadOnly | null;
  /** The driver's header: how many watch (on this host and through the team store). */
  watching?: number;
  transcript: TranscriptLog | null;
  /** Prompts and overlays take keys only when the screen is not stepping aside. */
  widgetsActive: boolean;
  onText: (value: string) => void;
  onCancel: () => void;
  onTake: (path: DecisionPath) => void;
  /** A plan chosen in the plans menu (P). */
  onOpenPlan: (plan: string) => void;
  onCloseOverlay: () => void;
  /** What the step panel shows, measured on this frame: whether x has more to show, and what to scroll. */
  onPanel?: (panel: Panel) => void;
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
    case 'plans':
      return { override: 'esc back · ctrl-c close' };
    default: {
      const never: never = screen.overlay;
      return never;
    }
  }
}

/** watch: who drives; `gone`: its process died holding the run (at: the time shown). */
export interface ReadOnly {
  driver: string;
  gone?: { at: string; resume: string };
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

interface PanelRows {
  before: Row[];
  rows: Row[];
  panel: Panel;
}

/** The right column: the steps before the one on screen, then the step (cut to fit, or whole and scrolled). */
function panelRows(props: RunScreenProps, height: number, right: number): PanelRows {
  const { state, screen } = props;
  const page = screen.page !== null ? props.runbook.pages.find((p) => p.id === screen.page) : undefined;
  if (page) {
    const key = pageKey(page.id);
    const top = screen.expanded?.step === key ? screen.expanded.top : null;
    const shown = pageRows(page, pageText(props.runbook, page.id), right, height, top);
    return { before: [], rows: shown.rows, panel: { step: key, cut: shown.cut, total: shown.total, page: shown.page } };
  }
  const id = stepOnScreen(screen, props.position);
  const summary = state.summaries.find((s) => s.id === id);
  const st = id ? state.steps[id] : undefined;
  if (!summary || !st) {
    return { before: [], rows: summaryRows(state, props.position, props.now, right, props.readOnly !== null), panel: { step: null, cut: false, total: 0, page: 0 } };
  }
  const prompt = screen.prompt;
  const shown = props.runbook.steps.find((s) => s.id === summary.id);
  const view: StepView = {
    summary,
    step: shown,
    st,
    where: whereText(state, summary.id),
    now: props.now.getTime(),
    edited: screen.edited[summary.id],
    confirming: prompt?.kind === 'confirm' && prompt.step === summary.id ? prompt.command : undefined,
    output: (n) => props.output(summary.id, n),
    state,
    text: textAround(props.runbook, summary.id),
    placeholders: shown && props.placeholders ? props.placeholders(shown) : undefined,
    watching: props.readOnly !== null,
  };
  if (screen.expanded?.step === summary.id) {
    const whole = expandedRows(view, right, height, screen.expanded.top);
    return { before: [], rows: whole.rows, panel: { step: summary.id, cut: true, total: whole.total, page: whole.page } };
  }
  const count = height >= 40 ? 6 : height >= 24 ? 4 : height >= 16 ? 2 : 0;
  const before = stepsBefore(state, summary.id, count).map((s) => collapsedRow(state, s, right));
  let step = stepRows(view, right, height - before.length);
  // The steps before give their room when the step's destructive lines need it.
  if (step.hidesDestructive && before.length > 0) {
    step = stepRows(view, right, height);
    return { before: [], rows: step.rows, panel: { step: summary.id, cut: step.cut, total: 0, page: 0 } };
  }
  return { before, rows: step.rows, panel: { step: summary.id, cut: step.cut, total: 0, page: 0 } };
}

const HIDDEN: PanelRows = { before: [], rows: [], panel: { step: null, cut: false, total: 0, page: 0 } };

function Body(props: RunScreenProps & { width: number; height: number; left: number; right: number; panel: PanelRows }) {
  const theme = useTheme();
  const { state, screen, width, height } = props;
  const overlay = screen.overlay;
  if (overlay) {
    switch (overlay.kind) {
      case 'help':
        return <HelpOverlay height={height} readOnly={props.readOnly !== null} />;
      case 'changes':
        return <ChangesBanner state={state} width={width} height={height} notices={overlay.notices ?? []} titleNow={(id) => props.runbook.steps.find((s) => s.id === id)?.title} />;
      case 'baselines':
        return <BaselinesView state={state} width={width} height={height} isActive={props.widgetsActive} onClose={props.onCloseOverlay} />;
      case 'decision':
        return (
          <DecisionMenu
            runbook={props.runbook}
            root={overlay.tree}
            reason={overlay.reason}
            earlier={answeredBefore(state, overlay.tree).map(answerLine).slice(-1)}
            openBefore={(phase) => openStepsBefore(state, phase).length}
            width={width}
            height={height}
            isActive={props.widgetsActive && screen.prompt === null}
            onTake={props.onTake}
            onClose={props.onCloseOverlay}
          />
        );
      case 'plans':
        return (
          <PlansMenu
            state={state}
            runbook={props.runbook}
            width={width}
            height={height}
            isActive={props.widgetsActive && screen.prompt === null}
            onOpen={props.onOpenPlan}
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
  const page = screen.page !== null ? props.runbook.pages.find((p) => p.id === screen.page) : undefined;
  return (
    // Widths flex with the terminal: on a resize, Ink redraws the old tree once at the
    // new width before the screen re-lays out, and that frame must not spill over.
    <Box flexDirection="row" height={height}>
      {props.left > 0 ? (
        <>
          <PhaseList state={state} runbook={props.runbook} currentPhase={page ? page.phase : phaseOf(state, id)} currentPage={page && page.phase === null ? page.id : null} now={props.now} width={props.left} height={height} />
          <Box flexDirection="column" width={2} flexShrink={0} height={height}>
            {Array.from({ length: height }, (_, i) => (
              <Text key={i} color={theme.tone('muted')}>
                │
              </Text>
            ))}
          </Box>
        </>
      ) : null}
      <StepPanel before={props.panel.before} rows={props.panel.rows} height={height} width={props.right} />
    </Box>
  );
}

export function RunScreen(props: RunScreenProps) {
  const theme = useTheme();
  const { screen } = props;
  const notices: { text: string; tone: 'warn' | 'accent' }[] = [];
  const gone = props.readOnly?.gone;
  if (gone) {
    notices.push({ text: `READ-ONLY · the driver stopped at ${gone.at} (process gone)`, tone: 'warn' });
    notices.push({ text: `the run can be resumed: ${gone.resume}`, tone: 'warn' });
  } else if (props.readOnly) notices.push({ text: readOnlyNotice(props.readOnly.driver, props.size.columns), tone: 'accent' });
  if (screen.warning) notices.push({ text: screen.warning, tone: 'warn' });
  // The help needs every line it can get.
  const help = screen.overlay?.kind === 'help';
  // Until the operator acts on a step: which plan finished, how it went, where the run is back.
  const finished = help ? null : justFinishedPlan(props.state);
  if (finished !== null) notices.push({ text: planFinishedLine(props.state, props.runbook, finished, props.position), tone: 'accent' });
  const status = statusLine(screen);
  const { width } = layout(props.size, { notices: 0, prompt: 0 });
  const message = status?.kind === 'line' ? messageRows(status.text, width) : [];
  const promptLines = status === null ? 0 : status.kind === 'prompt' ? promptHeight(status.prompt) : message.length;
  // Wrapped, not cut: a notice can hold the command to copy (the watcher's `runbook resume …`).
  const noticeRows = notices.flatMap((n) => wrap(n.text, width).map((text) => ({ text, tone: n.tone })));
  const l = layout(props.size, { notices: noticeRows.length, prompt: promptLines });
  const rule = '─'.repeat(l.width);
  // Measured while the panel is on screen (an overlay hides it): keys and scrolling go by it.
  const measuring = screen.overlay === null;
  const panel = measuring ? panelRows(props, l.body, l.right) : HIDDEN;
  const { onPanel } = props;
  const { step, cut, total, page } = panel.panel;
  useEffect(() => {
    if (measuring && onPanel) onPanel({ step, cut, total, page });
  }, [onPanel, measuring, step, cut, total, page]);
  // The footer offers x when this frame cuts something of the step.
  const keys = props.keys.panel === 'whole' && panel.panel.cut && panel.panel.step !== null ? { ...props.keys, panel: 'cut' as const } : props.keys;
  return (
    <>
      {props.transcript ? <Transcript log={props.transcript} /> : null}
      <Box flexDirection="column" height={l.height} overflow="hidden">
        <Header state={props.state} now={props.now} width={l.width} store={props.store ?? null} watching={props.watching ?? 0} stopped={clockStoppedAt(props.state, props.position)} />
        {noticeRows.slice(0, l.notices).map((n, i) => (
          <Text key={i} wrap="truncate-end" bold color={theme.tone(n.tone)}>
            {n.text}
          </Text>
        ))}
        {l.separators ? <Text color={theme.tone('muted')}>{rule}</Text> : null}
        <Body {...props} width={l.width} height={l.body} left={l.left} right={l.right} panel={panel} />
        {l.separators ? <Text color={theme.tone('muted')}>{rule}</Text> : null}
        {l.prompt > 0 && status?.kind === 'prompt' ? (
          <Box height={l.prompt} overflow="hidden">
            <PromptArea
              prompt={status.prompt}
              width={l.width}
              isActive={props.widgetsActive}
              hasDecisionTree={props.keys.hasDecisionTree}
              onText={props.onText}
              onCancel={props.onCancel}
            />
          </Box>
        ) : l.prompt > 0 && status?.kind === 'line' ? (
          message.slice(0, l.prompt).map((row, i) => (
            <Text key={i} wrap="truncate-end" color={theme.tone(status.tone === 'info' ? 'accent' : status.tone)}>
              {row}
            </Text>
          ))
        ) : null}
        <Footer context={keys} width={l.width} {...footerOverride(screen)} />
      </Box>
    </>
  );
}
