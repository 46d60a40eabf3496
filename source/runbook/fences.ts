// A code fence: what it is (shell, SQL, a table of checks, a checklist, a decision tree, or
// text to show), decided by its language tag, its label, its section, and — for fences
// without a tag or with one that lies — by its content, with a warning.

import type { Code } from 'mdast';
import type { Annotations } from './model';
import type { Section } from './sections';
import { warn, type Collected, type FenceRecord, type StepDraft } from './drafts';
import { parseFenceAnnotations } from './annotations';
import { classifyFenceContent } from './command-like';
import { invitesCommand, isDisplayLabel, outputShape, shownAs } from './fence-kinds';
import { blanksOn } from './blanks';
import { sourceLines, withoutCheckbox } from './shell-lines';
import { hasCheckboxLines, looksLikeConsole, readCheckboxShell, readConsole, readWholeShell, type FenceContext } from './steps-shell';
import { readSqlFence, sqlTranscript } from './steps-sql';
import { fenceTableRows, readTable } from './steps-table';
import { asciiTree, criteriaInFence, type QuestionDraft } from './decisions';
import { commandInCodeSpan } from './command-like';
import { endLine, startLine } from './markdown';
import { conditionOf } from './conditions';

/** The warning for a fence left open at the end of the file (assemble.ts names it when it leaves nothing to run). */
export const UNCLOSED_FENCE = 'fence opened here never closes; its text is shown, not run — close it with ``` to make it exact';

const SHELL_LANGS = new Set(['bash', 'sh', 'shell', 'zsh', 'ksh', 'console', 'shell-session', 'shellsession', 'terminal']);
const SQL_LANGS = new Set(['sql', 'pgsql', 'postgresql', 'postgres', 'plpgsql', 'sqlite', 'sqlite3', 'mysql', 'psql']);
const TEXT_LANGS = new Set(['text', 'txt', 'plain', 'plaintext', 'none', 'ascii', 'output', 'log']);

export interface FenceSite {
  section: Section;
  label: { text: string; line: number } | null;
  /** Prose right before the fence (not a label). */
  prose: string | null;
  pending: Annotations | null;
  lines: string[];
  /** A paragraph of `$ ` lines read as commands (blocks.ts), not a code block. */
  origin?: 'paragraph' | 'bare' | 'span';
  /** The condition the text before the fence puts on it ("If the replica lags, run:"). */
  condition?: string | null;
}

/** The fence's language and annotations: ```` ```sql {#baseline capture=baseline} ````. */
function langAndAnnotations(node: Code, pending: Annotations | null): { lang: string | null; annotations: Annotations } {
  let lang = node.lang ?? null;
  let meta = node.meta ?? '';
  if (lang?.startsWith('{')) {
    meta = `${lang} ${meta}`;
    lang = null;
  }
  const annotations = { ...(pending ?? {}), ...(meta.includes('{') ? parseFenceAnnotations(meta, startLine(node)) : {}) };
  return { lang: lang ? lang.toLowerCase() : null, annotations };
}

export function isFenced(node: Code, lines: string[]): boolean {
  return /^\s*(`{3,}|~{3,})/.test(lines[startLine(node) - 1] ?? '');
}

/** mdast runs an unclosed fence to the end of the file: its last line is no closing marker. */
export function isUnclosed(node: Code, lines: string[]): boolean {
  const open = /^\s*(`{3,}|~{3,})/.exec(lines[startLine(node) - 1] ?? '')?.[1];
  if (!open) return false;
  const last = (lines[endLine(node) - 1] ?? '').trim();
  const marker = new RegExp(`^${open[0] === '`' ? '`' : '~'}{${open.length},}\\s*$`);
  return endLine(node) === startLine(node) || !marker.test(last);
}

export function readFence(node: Code, site: FenceSite, out: Collected, emit: (s: StepDraft) => void): void {
  const steps: StepDraft[] = [];
  const line = startLine(node);
  let verdict = readFenceSteps(node, site, out, (s) => steps.push(s));
  // A shell fence of comments alone, a SQL fence of no statement: nothing to run, said so.
  if (verdict.became === 'step' && steps.length === 0) verdict = { became: site.section.reference ? 'reference' : shownAs(langAndAnnotations(node, null).lang, node.value, site.label?.text ?? null), reason: `${verdict.reason}; holds no command` };
  out.fences.push({ line, lang: langAndAnnotations(node, null).lang, ...verdict });
  // `{#id}` on a fence of several steps names the first; the others follow as id-2, id-3.
  steps.forEach((s, i) => {
    const id = s.annotations.id;
    const step = { ...s, fenceLine: line, ...(site.condition && !s.condition ? { condition: site.condition } : {}) };
    emit(i === 0 || id === undefined ? step : { ...step, annotations: { ...s.annotations, id: `${id}-${i + 1}` } });
  });
}

type Verdict = Pick<FenceRecord, 'became' | 'reason'>;

function readFenceSteps(node: Code, site: FenceSite, out: Collected, emit: (s: StepDraft) => void): Verdict {
  const line = startLine(node);
  const fenced = isFenced(node, site.lines);
  const { lang, annotations } = langAndAnnotations(node, site.pending);
  const text = node.value;
  const ctx: FenceContext = { section: site.section, line, firstLine: fenced ? line + 1 : line, annotations };
  const label = site.label?.text ?? null;
  const tag = lang === null ? (fenced ? 'unlabelled fence' : site.origin === 'paragraph' ? 'paragraph of `$ ` lines' : site.origin === 'bare' ? 'paragraph of commands' : site.origin === 'span' ? 'code span alone on its line' : 'indented block') : `\`\`\`${lang} fence`;
  const show = (reason: string, why?: string): Verdict => {
    out.displayOnly.push({ line, lang, label, text, section: site.section });
    if (why) warn(out, line, why);
    return { became: site.section.reference ? 'reference' : shownAs(lang, text, label, site.prose), reason };
  };
  const step = (reason: string): Verdict => ({ became: 'step', reason });

  if (fenced && isUnclosed(node, site.lines)) {
    return show('never closes', UNCLOSED_FENCE);
  }
  if (annotations.display) return show('{display} annotation');
  if (site.section.reference) return show(`under the reference heading "${referenceTitle(site.section)}"`);
  if (label !== null && isDisplayLabel(label)) return show(`labelled "${label}"`);
  if (site.origin === 'paragraph') warn(out, line, 'lines of `$ ` commands read as commands; put them in a ```console fence to make it exact');
  else if (site.origin === 'bare') warn(out, line, 'text that reads as commands read as commands; put it in a ```bash fence to make it exact');
  else if (site.origin === 'span') warn(out, line, 'a code span alone on its line read as a command; put it in a ```bash fence to make it exact');
  else if (!fenced) warn(out, line, 'indented text read as a code block; use a ``` fence to make it exact');

  const withProse: FenceContext = site.prose ? { ...ctx, description: site.prose } : ctx;
  const asShell = (labelled = false) => {
    if (looksLikeConsole(text)) readConsole(text, ctx).forEach(emit);
    else if (hasCheckboxLines(text)) readCheckboxShell(text, labelled ? { ...ctx, shellLabelled: true } : ctx, out).forEach(emit);
    else readWholeShell(text, withProse, out).forEach(emit);
  };
  const asSql = (reason: string): Verdict => {
    // A session pasted from psql or mysql: its statements run, its output is shown.
    const transcript = sqlTranscript(text);
    if (transcript === 'meta') return show(`${reason}; a psql session with \\ commands`);
    const sql = readSqlFence(transcript ?? text, withProse);
    if (!sql) return show(`${reason}; holds no SQL statement`);
    emit(sql);
    return step(reason);
  };

  if (lang !== null && SHELL_LANGS.has(lang)) {
    if (lang === 'console') {
      readConsole(text, ctx).forEach(emit);
      return step(tag);
    }
    const shape = outputShape(text);
    if (shape === 'output') return show(`${tag} holds output, no command`, `\`\`\`${lang} fence holds output, not commands; shown, not run — write \`\`\`text to make it exact`);
    if (shape !== null) {
      // `kubectl get pods` and the listing it printed, with no prompt between them.
      warn(out, line, 'lines after the command read as its output; put the command after `$ ` to make it exact');
      readWholeShell(shape.command, withProse, out).forEach(emit);
      return step(`${tag}, a command and its output`);
    }
    asShell(true);
    return step(tag);
  }
  if (lang !== null && SQL_LANGS.has(lang)) return asSql(tag);

  if (lang === null || TEXT_LANGS.has(lang)) {
    const structured = readStructured(text, ctx, out, emit);
    if (structured) return step(`${tag} holds ${structured}`);
    // Plain-text commands and a lone code span were judged as commands where they were found.
    const content = site.origin === 'bare' || site.origin === 'span' ? 'shell' : classifyFenceContent(text, { invited: site.prose !== null && invitesCommand(site.prose) });
    if (lang !== null) return show(tag);
    switch (content) {
      case 'shell':
        // An indented block or `$ ` lines already carry their warning.
        if (fenced) warn(out, line, 'unlabelled fence read as shell; add ```bash to make it exact');
        asShell();
        return step(`${tag} reads as shell`);
      case 'sql':
        warn(out, line, 'unlabelled fence read as SQL; add ```sql to make it exact');
        return asSql(`${tag} reads as SQL`);
      case 'checklist':
      case 'table':
      case 'output':
      case 'config':
      case 'prose':
        return show(`${tag} reads as ${content === 'checklist' ? 'text' : content}`, `unlabelled fence read as ${content === 'checklist' ? 'text' : content}, shown not run; add \`\`\`text to make it exact`);
      default: {
        const never: never = content;
        return never;
      }
    }
  }

  // Any other language is shown, unless its content says the tag lies.
  const content = classifyFenceContent(text);
  if (content === 'shell') {
    warn(out, line, `\`\`\`${lang} fence holds shell commands, read as shell; write \`\`\`bash to make it exact`);
    asShell();
    return step(`${tag} holds shell commands`);
  }
  if (content === 'sql') {
    warn(out, line, `\`\`\`${lang} fence holds SQL, read as SQL; write \`\`\`sql to make it exact`);
    return asSql(`${tag} holds SQL`);
  }
  return show(tag);
}

/** The reference heading a section stands under (Appendix, Useful Commands, …). */
function referenceTitle(section: Section): string {
  let s = section;
  while (s.parent?.reference) s = s.parent;
  return s.title;
}

/** Trees, criteria, tables of checks and checklists in a plain fence: what it held, or null. */
function readStructured(text: string, ctx: FenceContext, out: Collected, emit: (s: StepDraft) => void): string | null {
  const tree = asciiTree(text, ctx.firstLine);
  if (tree) {
    emit(decisionStep(tree, ctx));
    return 'a decision tree';
  }
  const criteria = criteriaInFence(text, ctx.firstLine);
  if (criteria) {
    emit(decisionStep(criteria.tree, ctx, criteria.criteria));
    return 'rollback criteria';
  }
  const table = fenceTableRows(text, ctx.firstLine);
  const rows = table ? readTable(table.header, table.rows, ctx.section) : null;
  if (rows) {
    rows.forEach((r) => emit({ ...r, annotations: { ...ctx.annotations, ...r.annotations } }));
    return 'a table of checks';
  }
  const lines = sourceLines(text, ctx.firstLine);
  const hasChecks = lines.some((l) => CHECK_ITEM.test(l.text));
  const hasBlanks = lines.some((l) => blanksOn(l.text).length > 0);
  if (!hasChecks && !hasBlanks) return null;
  if (hasChecks && classifyFenceContent(text) === 'shell') {
    warn(out, ctx.line, 'unlabelled fence read as shell; add ```bash to make it exact');
    readCheckboxShell(text, ctx, out).forEach(emit);
    return '[ ] commands';
  }
  readChecklist(text, ctx).forEach(emit);
  return 'a checklist';
}

const CHECK_ITEM = /^\s*(?:[-*+]\s+)?\[[ xX]\]\s+\S/;

/** `[ ] text` lines are manual checks; other lines group them ("PRE-DEPLOY"); blanks are inputs. */
function readChecklist(text: string, ctx: FenceContext): StepDraft[] {
  const steps: StepDraft[] = [];
  let group: string | null = null;
  const base = { section: ctx.section, expectation: null, estimate: null, annotations: { ...ctx.annotations } };
  for (const l of sourceLines(text, ctx.firstLine)) {
    if (l.text.trim() === '') continue;
    const blanks = blanksOn(l.text);
    if (CHECK_ITEM.test(l.text) && blanks.length === 0) {
      const title = withoutCheckbox(l.text.replace(/^\s*[-*+]\s+/, ''));
      const offered = commandInCodeSpan(title, [...title.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''));
      steps.push({
        ...base,
        kind: 'manual',
        title,
        idText: title,
        line: l.line,
        ...(group ? { description: group } : {}),
        ...(offered ? { offeredCommand: offered } : {}),
        ...(conditionOf(title) ? { condition: conditionOf(title) ?? '' } : {}),
      });
    } else if (blanks.length > 0) {
      for (const b of blanks) {
        const description = b.rest || group;
        steps.push({ ...base, kind: 'input', title: b.label, idText: b.label, inputLabel: b.label, line: l.line, ...(description ? { description } : {}) });
      }
    } else group = l.text.trim().replace(/:$/, '');
  }
  return steps;
}

export function decisionStep(tree: QuestionDraft, ctx: FenceContext, criteria?: string[]): StepDraft {
  return {
    kind: 'decision',
    title: tree.question,
    idText: tree.question,
    line: ctx.line,
    section: ctx.section,
    expectation: null,
    estimate: null,
    annotations: { ...ctx.annotations },
    tree: { root: tree, section: ctx.section },
    ...(criteria && criteria.length > 0 ? { description: criteria.map((c) => `- ${c}`).join('\n') } : {}),
  };
}
