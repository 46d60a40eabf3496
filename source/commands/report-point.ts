// `verify --against REPORT.json`: the chain point a saved JSON report recorded (its
// `chain.events` and `chain.head`), a copy of the head kept outside the journal's host
// when the report went into the change ticket.

import { readFileSync } from 'node:fs';
import { InputError } from '../errors';
import { isChainPoint, type ChainPoint } from '../journal/anchor';
import { REPORT_FORMAT } from '../report/model';

export interface ReportPoint {
  point: ChainPoint;
  /** When the reported run started: a report of another run is told apart from a rewrite. */
  startedAt: string;
}

export function readReportPoint(path: string, shown: string): ReportPoint {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(shown, null, code === 'ENOENT' ? 'no such report' : `cannot read the report (${code ?? String(error)})`);
  }
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    throw new InputError(shown, null, 'not a JSON report (--against reads the output of: runbook report JOURNAL --format json)');
  }
  const r = (typeof report === 'object' && report !== null ? report : {}) as { format?: unknown; chain?: unknown; run?: { startedAt?: unknown } };
  if (r.format !== REPORT_FORMAT) throw new InputError(shown, null, 'not a runbook report (--against reads the output of: runbook report JOURNAL --format json)');
  if (!isChainPoint(r.chain) || typeof r.run?.startedAt !== 'string') throw new InputError(shown, null, 'the report records no chain head and event count');
  return { point: { events: r.chain.events, head: r.chain.head }, startedAt: r.run.startedAt };
}
