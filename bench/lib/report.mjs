// The results table: printed, and written into bench/results.md between the generated
// markers (the notes around them — the before/after of each fix — are kept).

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

const BEGIN = '<!-- bench:begin (written by npm run bench) -->';
const END = '<!-- bench:end -->';

export function loadNow() {
  return loadavg()[0];
}

export function machine() {
  const tmux = (() => {
    try {
      return execFileSync('tmux', ['-V'], { encoding: 'utf8' }).trim();
    } catch {
      return 'no tmux';
    }
  })();
  return {
    nproc: execFileSync('nproc', { encoding: 'utf8' }).trim(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    tmux,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    load: loadavg().map((l) => l.toFixed(2)).join(' / '),
  };
}

const cell = (text) => String(text).replaceAll('|', '\\|');

/** "by 244 ms (3.4×)" for a time budget; "by 0.2×" for a ratio budget. */
function missBy(r) {
  if (!Number.isFinite(r.measured) || !Number.isFinite(r.budgetValue) || r.measured <= r.budgetValue) return '';
  if (r.unit === 'ratio') return ` by ${(r.measured - r.budgetValue).toFixed(2)}×`;
  const unit = r.unit ?? 'ms';
  return ` by ${(r.measured - r.budgetValue).toFixed(0)} ${unit} (${(r.measured / r.budgetValue).toFixed(1)}× the budget)`;
}

export function table(rows) {
  const withBefore = rows.some((r) => r.before !== undefined);
  const lines = withBefore
    ? ['| What | Budget | Measured | Before (same run) | Reference (same run) | Verdict | Load (1 min) |', '|---|---|---|---|---|---|---|']
    : ['| What | Budget | Measured | Reference (same run) | Verdict | Load (1 min) |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    const verdict = r.met ? 'met' : `**missed**${missBy(r)}${r.why ? ` — ${r.why}` : ''}`;
    const load = r.load ? `${r.load.before.toFixed(2)} → ${r.load.after.toFixed(2)}` : '';
    const before = withBefore ? ` ${cell(r.before ?? '—')} |` : '';
    lines.push(`| ${cell(r.what)} | ${cell(r.budget)} | ${cell(r.value)} |${before} ${cell(r.reference)} | ${cell(verdict)} | ${load} |`);
  }
  return lines.join('\n');
}

export function writeResults({ rows, info, cli, before, runs, write, repo }) {
  const generated = [
    BEGIN,
    '',
    `Last run: ${info.date} · ${info.nproc} cores (${info.cpu}) · ${info.memory} RAM · Node ${info.node} · ${info.tmux} · load average at the end ${info.load}`,
    `CLI: \`${cli.replace(repo, '')}\`${before ? ` · before: \`${before}\`` : ''} · ${runs} measured runs per startup figure (warm-up excluded), fewer for the long rows (see bench/README.md)`,
    '',
    table(rows),
    '',
    END,
  ].join('\n');
  const path = join(repo, 'bench/results.md');
  if (write) {
    const old = existsSync(path) ? readFileSync(path, 'utf8') : `# Benchmark results\n\n${BEGIN}\n${END}\n`;
    const start = old.indexOf(BEGIN);
    const end = old.indexOf(END);
    const next = start >= 0 && end > start ? `${old.slice(0, start)}${generated}${old.slice(end + END.length)}` : `${old.trimEnd()}\n\n${generated}\n`;
    writeFileSync(path, next);
  }
  return `${generated.replace(BEGIN, '').replace(END, '').trim()}\n`;
}
