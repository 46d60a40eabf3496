// Pipe tables — in the Markdown or inside a plain fence — that hold steps:
// `[ ]` cells (manual checks), a "Check At"/"Time" column (scheduled checks), sign-off tables.

import type { Section } from './sections';
import type { StepDraft } from './drafts';
import { isSeparatorRow, splitTableRow } from './expectations';

export interface TableRow {
  cells: string[];
  line: number;
}

const CHECKBOX_CELL = /^\[[ xX]\]$/;
const ESTIMATE = /^(est\.?|estimated?|eta|duration)(\s*(time|duration|runtime))?$|^time (estimate|needed)$/i;
const ROLLBACK = /^(rollback|roll back|undo|revert)\b/i;
const SCHEDULE = /^(check at|time|when|due|due at|at|after)$/i;

/** `+1h`, `+4 hours`, `+30 min`, `+1 day` → `+1h`, `+4h`, `+30m`, `+1d`; null when not an offset. */
export function offsetOf(text: string): string | null {
  const m = /^\+\s*(\d+)\s*(h|hrs?|hours?|m|mins?|minutes?|d|days?|w|weeks?)$/i.exec(text.trim());
  if (!m) return null;
  const unit = (m[2] ?? '').toLowerCase()[0];
  return `+${m[1]}${unit}`;
}

function offsetsIn(cell: string): string[] | null {
  const parts = cell.split(/\s*(?:,|\/|;|\band\b)\s*/).filter((p) => p.trim() !== '');
  const offsets = parts.map(offsetOf);
  return parts.length > 0 && offsets.every((o) => o !== null) ? (offsets as string[]) : null;
}

function isSignoffHeader(header: string[]): boolean {
  const h = header.map((c) => c.toLowerCase());
  const has = (w: string) => h.some((c) => c.includes(w));
  return has('role') && (has('signature') || (has('name') && has('date')));
}

/** Rows of a pipe table written inside a plain fence: header, separator, body. */
export function fenceTableRows(text: string, firstLine: number): { header: string[]; rows: TableRow[] } | null {
  const lines = text.split('\n').map((t, i) => ({ text: t, line: firstLine + i }));
  const sep = lines.findIndex((l) => isSeparatorRow(l.text.trim()) && l.text.includes('-'));
  const headerLine = lines[sep - 1];
  if (sep < 1 || !headerLine || !headerLine.text.includes('|')) return null;
  const rows = lines
    .slice(sep + 1)
    .filter((l) => l.text.includes('|'))
    .map((l) => ({ cells: splitTableRow(l.text), line: l.line }));
  return { header: splitTableRow(headerLine.text), rows };
}

/** The steps a table holds; null when it holds none (shown as information). */
export function readTable(header: string[], rows: TableRow[], section: Section): StepDraft[] | null {
  const base = { section, expectation: null, estimate: null, annotations: {} } as const;
  if (isSignoffHeader(header)) {
    const role = header.findIndex((c) => /role/i.test(c));
    return rows
      .map((r) => ({ row: r, name: (r.cells[role] ?? '').trim() }))
      .filter((r) => r.name !== '' && !/^[-_\s]*$/.test(r.name))
      .map(({ row, name }) => ({ ...base, kind: 'signoff' as const, title: name, idText: name, role: name, line: row.line }));
  }
  const checkCols = header.map((_, i) => i).filter((i) => rows.some((r) => CHECKBOX_CELL.test((r.cells[i] ?? '').trim())));
  const scheduleCol = header.findIndex((c, i) => SCHEDULE.test(c.trim()) && rows.some((r) => offsetsIn(r.cells[i] ?? '') !== null));
  if (checkCols.length === 0 && scheduleCol < 0) return null;
  const estCol = header.findIndex((c) => ESTIMATE.test(c.trim()));
  const rollbackCol = header.findIndex((c) => ROLLBACK.test(c.trim()));
  const special = new Set([...checkCols, scheduleCol, estCol, rollbackCol]);
  const descriptive = header.map((_, i) => i).filter((i) => !special.has(i));

  const steps: StepDraft[] = [];
  for (const row of rows) {
    const checks = checkCols.filter((i) => CHECKBOX_CELL.test((row.cells[i] ?? '').trim()));
    const offsets = scheduleCol >= 0 ? offsetsIn(row.cells[scheduleCol] ?? '') : null;
    if (checks.length === 0 && !offsets) continue;
    const words = descriptive.map((i) => (row.cells[i] ?? '').trim()).filter((c) => c !== '');
    const title = words.join(' · ') || header[checks[0] ?? 0] || `Row at line ${row.line}`;
    const estimate = estCol >= 0 ? (row.cells[estCol] ?? '').trim() || null : null;
    const hint = rollbackCol >= 0 ? (row.cells[rollbackCol] ?? '').trim() : '';
    const common = {
      ...base,
      kind: 'manual' as const,
      line: row.line,
      estimate,
      ...(hint && !/^(n\/?a|none|-+)$/i.test(hint) ? { rollbackHint: hint } : {}),
      ...(checks.length > 1 ? { subChecks: checks.map((i) => (header[i] ?? '').trim()) } : {}),
    };
    if (!offsets) {
      steps.push({ ...common, title, idText: title });
    } else if (offsets.length === 1) {
      steps.push({ ...common, title, idText: `${title} ${offsets[0]}`, dueAfter: offsets[0] });
    } else {
      // "+1h, +4h, +24h": one scheduled check per offset, each due on its own.
      for (const offset of offsets) steps.push({ ...common, title: `${title} (${offset})`, idText: `${title} ${offset}`, dueAfter: offset });
    }
  }
  return steps;
}
