// Shell fences: one step per `[ ]` line, or the whole fence as one step; console fences.

import type { Annotations, Expectation } from './model';
import type { Section } from './sections';
import { warn, type Collected, type StepDraft } from './drafts';
import { parseExpectation } from './expectations';
import { lineReadsAsCommand, commandInCodeSpan } from './command-like';
import { commandInShellFence } from './command-grammar';
import { blanksOn } from './blanks';
import {
  commandAt,
  commentText,
  expectationComment,
  isCheckboxLine,
  isComment,
  sourceLines,
  withoutCheckbox,
  type SourceLine,
  PROMPT,
} from './shell-lines';

export interface FenceContext {
  section: Section;
  /** Line of the opening fence. */
  line: number;
  /** Line of the fence's first content line. */
  firstLine: number;
  annotations: Annotations;
  description?: string;
  /** The fence is labelled as shell: every `[ ]` line is a command unless it reads as a sentence. */
  shellLabelled?: boolean;
}

function base(ctx: FenceContext): Pick<StepDraft, 'section' | 'estimate' | 'annotations'> {
  return { section: ctx.section, estimate: null, annotations: { ...ctx.annotations } };
}

export function hasCheckboxLines(text: string): boolean {
  return text.split('\n').some(isCheckboxLine);
}

/** Input steps for `# Label: ____` comment lines. */
function inputsIn(line: SourceLine, ctx: FenceContext): StepDraft[] {
  return blanksOn(commentText(line.text)).map((b) => ({
    ...base(ctx),
    annotations: {},
    kind: 'input',
    title: b.label,
    idText: b.label,
    inputLabel: b.label,
    line: line.line,
    expectation: null,
    ...(b.rest ? { description: b.rest } : {}),
  }));
}

/** `[ ]` lines, each its own step: comments above describe it, `# Expected:` after it checks it. */
export function readCheckboxShell(text: string, ctx: FenceContext, out: Collected): StepDraft[] {
  const lines = sourceLines(text, ctx.firstLine);
  const steps: StepDraft[] = [];
  let comments: string[] = [];
  let orphanWarned = false;
  for (let i = 0; i < lines.length; ) {
    const current = lines[i] as SourceLine;
    const t = current.text;
    if (t.trim() === '') {
      comments = [];
      i++;
      continue;
    }
    if (isComment(t)) {
      if (blanksOn(commentText(t)).length > 0) {
        steps.push(...inputsIn(current, ctx));
        comments = [];
      } else if (!expectationComment(t)) comments.push(commentText(t));
      i++;
      continue;
    }
    const checkbox = isCheckboxLine(t);
    // A `$ ` prompt is not part of the command.
    const first = (checkbox ? withoutCheckbox(t) : t.trim()).replace(/^\$\s+/, '');
    if (!checkbox && !orphanWarned) {
      warn(out, current.line, 'command without [ ] in a checklist fence read as its own step; add [ ] to make it exact');
      orphanWarned = true;
    }
    const description = comments.length > 0 ? comments.join('\n') : ctx.description;
    comments = [];
    if (checkbox && !lineReadsAsCommand(first) && !(ctx.shellLabelled && commandInShellFence(first))) {
      const { expectation, next } = expectationAfter(lines, i + 1);
      const offered = commandInCodeSpan(first, [...first.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''));
      steps.push({
        ...base(ctx),
        kind: 'manual',
        title: first,
        idText: first,
        line: current.line,
        expectation,
        ...(description ? { description } : {}),
        ...(offered ? { offeredCommand: offered } : {}),
      });
      i = next;
      continue;
    }
    const cmd = commandAt(lines, i, first);
    if (!cmd.complete) warn(out, current.line, 'a quote opened on this line never closes in the fence; the step is this line alone');
    const { expectation, next } = expectationAfter(lines, cmd.next);
    const title = (first.split('\n')[0] ?? first).trim();
    steps.push({
      ...base(ctx),
      kind: 'shell',
      title,
      idText: title,
      line: current.line,
      commandLine: current.line,
      command: cmd.text,
      expectation,
      ...(description ? { description } : {}),
    });
    i = next;
  }
  return steps;
}

/** `# Expected: …` / `# Verify: …` lines right after a command (the first one counts). */
function expectationAfter(lines: SourceLine[], from: number): { expectation: Expectation | null; next: number } {
  let expectation: Expectation | null = null;
  let i = from;
  for (; i < lines.length; i++) {
    const e = expectationComment(lines[i]?.text ?? '');
    if (!e) break;
    expectation ??= parseExpectation(e.rest, lines[i]?.line ?? 0);
  }
  return { expectation, next: i };
}

/** No `[ ]` lines: the fence is one step. */
export function readWholeShell(text: string, ctx: FenceContext, out: Collected): StepDraft[] {
  const lines = sourceLines(text, ctx.firstLine);
  const code = lines.filter((l) => l.text.trim() !== '' && !isComment(l.text));
  const inputs = lines.filter((l) => isComment(l.text) && blanksOn(commentText(l.text)).length > 0);
  const firstCode = code[0]?.line ?? Number.POSITIVE_INFINITY;
  const before = inputs.filter((l) => l.line < firstCode).flatMap((l) => inputsIn(l, ctx));
  const after = inputs.filter((l) => l.line > firstCode).flatMap((l) => inputsIn(l, ctx));
  if (code.length === 0) return [...before, ...after];

  const titleComment = lines.find((l) => l.line < firstCode && isComment(l.text) && !expectationComment(l.text) && commentText(l.text) !== '');
  const title = titleComment ? commentText(titleComment.text) : (code[0]?.text.trim() ?? '');
  const expected = lines.filter((l) => expectationComment(l.text)?.word === 'expected');
  let expectation: Expectation | null = null;
  if (expected.length === 1 && expected[0]) {
    expectation = parseExpectation(expectationComment(expected[0].text)?.rest ?? '', expected[0].line);
  } else if (expected.length > 1) {
    warn(out, ctx.line, `fence holds ${expected.length} Expected: lines for one step; start each command with [ ] to check them one by one`);
  }
  const step: StepDraft = {
    ...base(ctx),
    kind: 'shell',
    title,
    idText: title,
    line: ctx.line,
    commandLine: ctx.firstLine,
    command: text.replace(/\s+$/, ''),
    expectation,
    ...(ctx.description ? { description: ctx.description } : {}),
  };
  return [...before, step, ...after];
}

/** `$ command` lines; the lines under each (up to the next prompt) are its expected output. */
export function readConsole(text: string, ctx: FenceContext): StepDraft[] {
  const lines = sourceLines(text, ctx.firstLine);
  const steps: StepDraft[] = [];
  for (let i = 0; i < lines.length; ) {
    const current = lines[i] as SourceLine;
    const prompt = PROMPT.exec(current.text);
    if (!prompt) {
      i++;
      continue;
    }
    let command = prompt[1] ?? '';
    i++;
    // `> ` continuation prompts and `\` continuations belong to the command.
    while (i < lines.length && (/\\\s*$/.test(command) || /^\s*>\s/.test(lines[i]?.text ?? ''))) {
      command += '\n' + (lines[i]?.text ?? '').replace(/^\s*>\s/, '');
      i++;
    }
    const output: SourceLine[] = [];
    while (i < lines.length && !PROMPT.test(lines[i]?.text ?? '')) output.push(lines[i++] as SourceLine);
    const shown = output.map((l) => l.text).join('\n').trim();
    const firstOut = output.find((l) => l.text.trim() !== '');
    const expectation: Expectation | null =
      shown && firstOut
        ? /^-?\d+(\.\d+)?$/.test(shown)
          ? { text: shown, auto: true, line: firstOut.line, check: { kind: 'value', value: shown } }
          : { text: shown, auto: true, line: firstOut.line, check: { kind: 'contains', text: shown } }
        : null;
    const title = (command.split('\n')[0] ?? '').trim();
    steps.push({ ...base(ctx), kind: 'shell', title, idText: title, line: current.line, commandLine: current.line, command, expectation });
  }
  return steps;
}

export function looksLikeConsole(text: string): boolean {
  const code = text.split('\n').filter((l) => l.trim() !== '');
  return code.length > 0 && PROMPT.test(code[0] ?? '');
}
