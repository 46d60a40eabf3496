import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordRun, type RecordedRun } from './record-run';
import { context } from './helpers';
import { reportCommand, reportFormat } from '../../source/commands/report';
import type { Report } from '../../source/report/model';

let dir: string;
let run: RecordedRun;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-report-cmd-'));
  run = await recordRun(dir, { extent: 'phase-1', signer: null });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('runbook report --output', () => {
  it('writes the report to the file, private to the operator, and nothing to stdout', async () => {
    const ctx = context(dir);
    expect(await reportCommand(ctx, { journal: run.journal, format: 'md', output: 'evidence.md' })).toBe(0);
    const file = join(dir, 'evidence.md');
    expect(readFileSync(file, 'utf8')).toMatch(/^# Orders service deploy\n/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ctx.out.join('')).toBe('');
    expect(ctx.err.join('')).toBe('report written to evidence.md\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces an existing file whole, and the replacement is 0600 too', async () => {
    const file = join(dir, 'evidence.json');
    writeFileSync(file, 'old contents that are longer than nothing at all\n', { mode: 0o644 });
    expect(await reportCommand(context(dir), { journal: run.journal, format: 'json', output: file })).toBe(0);
    const json = JSON.parse(readFileSync(file, 'utf8')) as Report;
    expect(json.run.state).toBe('in_progress');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('says in one line when the file cannot be written', async () => {
    const missing = join(dir, 'no-such-dir', 'evidence.md');
    await expect(reportCommand(context(dir), { journal: run.journal, format: 'md', output: missing })).rejects.toThrow(`${missing}: its directory does not exist`);
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    await expect(reportCommand(context(dir), { journal: run.journal, format: 'md', output: folder })).rejects.toThrow(`${folder}: is a directory`);
  });
});

describe('runbook report input errors', () => {
  it('names a missing journal in one line', async () => {
    await expect(reportCommand(context(dir), { journal: 'nope.sqlite', format: 'md', output: undefined })).rejects.toThrow(/^nope\.sqlite: no such journal$/);
  });

  it('names a file that is not a journal', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'just text\n');
    await expect(reportCommand(context(dir), { journal: 'notes.txt', format: 'md', output: undefined })).rejects.toThrow(/^notes\.txt: /);
  });

  it('accepts md and json as formats, and refuses anything else', () => {
    expect(reportFormat(undefined)).toBe('md');
    expect(reportFormat('json')).toBe('json');
    expect(() => reportFormat('xml')).toThrow(expect.objectContaining({ verb: 'report', message: '--format must be md or json, not "xml"' }));
  });
});
