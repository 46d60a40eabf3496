// The runbook's own "Baseline Values" tables (Metric | Pre-Deploy Value | Post-Deploy Value |
// Status), found in the Markdown and filled from the capture above them and its comparison.

import type { Nodes, Table } from 'mdast';
import { parseMarkdown, plainText, startLine } from '../runbook/markdown';
import type { ResultSet } from '../run/results';
import type { Comparison, ResultSetDiff } from '../run/compare';
import { baselineTableRows } from '../run/baseline-table';
import type { CaptureRecord, ComparisonRecord, RunState } from '../run/state';
import type { ReportBaselineValues } from './model';

export interface BaselineValuesTable {
  line: number;
  metrics: string[];
}

function cellTexts(row: Table['children'][number]): string[] {
  return row.children.map((cell) => plainText(cell).trim());
}

function isBaselineHeader(header: string[]): boolean {
  const [first, ...rest] = header.map((h) => h.toLowerCase());
  return first !== undefined && /\bmetric\b/.test(first) && rest.some((h) => /\bpre\b|\bbefore\b/.test(h)) && rest.some((h) => /\bpost\b|\bafter\b/.test(h));
}

function tables(node: Nodes): Table[] {
  if (node.type === 'table') return [node];
  return 'children' in node ? (node.children as Nodes[]).flatMap(tables) : [];
}

/** Every Metric | Pre | Post table in the runbook text, with its metric names. */
export function findBaselineValueTables(source: string): BaselineValuesTable[] {
  let root;
  try {
    root = parseMarkdown(source);
  } catch {
    return [];
  }
  const found: BaselineValuesTable[] = [];
  for (const table of tables(root)) {
    const [header, ...body] = table.children;
    if (header === undefined || !isBaselineHeader(cellTexts(header))) continue;
    const metrics = body.map((row) => cellTexts(row)[0] ?? '').filter((m) => m !== '');
    if (metrics.length > 0) found.push({ line: startLine(table), metrics });
  }
  return found;
}

function isDiffSet(value: unknown): value is ResultSetDiff {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ResultSetDiff>;
  return typeof v.statement === 'number' && typeof v.keyColumn === 'string' && Array.isArray(v.rows) && Array.isArray(v.notes);
}

/** The journaled comparison as the compare engine's Comparison, when its rows have that shape. */
export function asComparison(record: ComparisonRecord): Comparison | null {
  if (!record.rows.every(isDiffSet)) return null;
  return { passed: record.passed, summary: record.summary, resultSets: record.rows };
}

/** The capture a table fills: the last one taken by a step above it, else the first. */
function captureFor(table: BaselineValuesTable, captures: CaptureRecord[], lineOf: (step: string) => number): CaptureRecord | undefined {
  const above = captures.filter((c) => lineOf(c.step) < table.line).sort((a, b) => lineOf(b.step) - lineOf(a.step));
  return above[0] ?? captures[0];
}

export function fillBaselineValues(state: RunState, tablesFound: BaselineValuesTable[]): ReportBaselineValues[] {
  const captures = Object.values(state.captures);
  if (captures.length === 0) return [];
  const lineOf = (step: string) => state.summaries.find((s) => s.id === step)?.line ?? Number.POSITIVE_INFINITY;
  return tablesFound.flatMap((table) => {
    const capture = captureFor(table, captures, lineOf);
    if (capture === undefined) return [];
    const record = state.comparisons.filter((c) => c.name === capture.name).at(-1) ?? null;
    const comparison = record === null ? null : asComparison(record);
    const after: ResultSet[] | null = record === null ? null : (state.steps[record.step]?.resultSets ?? null);
    // Pre is the baseline the comparison was made against: the first capture, when it was that.
    const baseline = capture.first !== undefined && record?.baselineDigest === capture.first.digest ? capture.first : capture;
    return [
      {
        line: table.line,
        capture: capture.name,
        comparedAt: record?.at ?? null,
        rows: baselineTableRows(table.metrics, baseline.resultSets, comparison, after),
      },
    ];
  });
}
