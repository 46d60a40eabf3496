import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordHostileRun, recordRun, HOSTILE, SECRET, type RecordedRun } from './record-run';
import { resumeCommand } from '../../source/commands/resume';
import { context, listItems, markdownlint, report, section } from './helpers';
import type { Report } from '../../source/report/model';

let dir: string;
let run: RecordedRun;
let md: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-report-states-'));
  run = await recordRun(dir, { extent: 'phase-1', signer: null });
  md = await report(run.journal, 'md', dir);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a run that is not finished', () => {
  it('is marked IN PROGRESS at the top, with how much is open and why it stopped', () => {
    expect(md.split('\n')[2]).toMatch(/^> \*\*IN PROGRESS\*\*: this run is not finished; 8 walk steps are still open\. Paused .* UTC: stopped by operator\.$/);
    expect(md).toContain('- State: IN PROGRESS');
  });

  it('lists the steps not reached as not done, and a step whose process died as interrupted', () => {
    expect(section(md, '#### 9. · Staging smoke tests passed')).toContain('· not done · manual');
    const interrupted = section(md, '### 11. ! PHASE 2: Deploy');
    expect(interrupted).toContain('! INTERRUPTED (its process went away while it ran)');
    expect(interrupted).toContain('```sql\nINSERT INTO orders (id, total) VALUES (100, 12.5);\n```');
    expect(md).toContain('- Steps: 4 passed, 3 done, 1 failed, 1 interrupted, 7 not done');
  });

  it('shows a capture not compared yet, and no sign-off recorded yet', () => {
    expect(section(md, '### Capture baseline')).toContain('Not compared yet.');
    expect(section(md, '### Baseline Values (runbook line 46)')).toContain('| orders count | 3 |  |  |');
    expect(section(md, '## Sign-offs')).toContain('No sign-off recorded yet.');
  });

  it('says in JSON that the run is in progress', async () => {
    const json = JSON.parse(await report(run.journal, 'json', dir)) as Report;
    expect(json.run).toMatchObject({ state: 'in_progress', endedAt: null, open: 8, paused: { reason: 'stopped by operator' } });
  });

  it('passes markdownlint', async () => {
    const file = join(dir, 'in-progress.md');
    writeFileSync(file, md);
    expect((await markdownlint(file)).exitCode).toBe(0);
  });
});

describe('a journal that was tampered with', () => {
  it('says so at the top and in the chain section', async () => {
    const copy = join(dir, 'tampered.runbook.sqlite');
    copyFileSync(run.journal, copy);
    const db = new Database(copy);
    db.prepare("UPDATE events SET payload = replace(payload, 'stopped by operator', 'completed fine') WHERE type = 'run.paused'").run();
    db.close();
    const tampered = await report(copy, 'md', dir);
    expect(tampered).toContain('> **JOURNAL TAMPERED OR DAMAGED**: its hash chain does not verify');
    expect(section(tampered, '## Journal chain')).toMatch(/✘ BROKEN at event \d+: its hash does not match its contents/);
  });
});

describe('an aborted run full of awkward text', () => {
  let hostile: string;
  let hostileDir: string;

  beforeAll(async () => {
    hostileDir = mkdtempSync(join(tmpdir(), 'runbook-report-hostile-'));
    const recorded = await recordHostileRun(hostileDir);
    hostile = await report(recorded.journal, 'md', hostileDir);
  });

  afterAll(() => {
    rmSync(hostileDir, { recursive: true, force: true });
  });

  it('is marked ABORTED with the reason', () => {
    expect(hostile.split('\n')[2]).toMatch(/^> \*\*ABORTED\*\* .* UTC: rolled back: \\`db\\` \\\| \\\*not\\\* ok\.$/);
  });

  it('shows notes, reasons and values exactly as written', () => {
    const items = listItems(hostile);
    expect(items).toContain(`Note: ${HOSTILE.note.replace(/\s+/g, ' ')}`);
    expect(items).toContain(`Skipped: ${HOSTILE.skip}`);
    expect(items).toContain(`Note: ${HOSTILE.failNote}`);
    expect(items).toContain(`Value of ticket: ${HOSTILE.ticket}`);
  });

  it('keeps output as plain text inside its fence: no colours, tabs expanded, redrawn lines settled', () => {
    const step = section(hostile, '#### 3. ✔ printf');
    expect(step).toContain('````text\nred     after-tab\n```\nnot a fence\n| a | b |\n<script>alert(1)</script>\n````');
    expect(section(hostile, '#### 4. ✔ printf')).toContain('```text\nprogress 100%\n```');
  });

  it('passes markdownlint', async () => {
    const file = join(hostileDir, 'hostile.md.report.md');
    writeFileSync(file, hostile);
    const lint = await markdownlint(file);
    expect(lint.output).toContain('Summary: 0 error(s)');
    expect(lint.exitCode).toBe(0);
  });
});

describe('a run resumed after its runbook file changed', () => {
  it('says so in the header and beside each changed step', async () => {
    const resumedDir = mkdtempSync(join(tmpdir(), 'runbook-report-resumed-'));
    try {
      const recorded = await recordRun(resumedDir, { extent: 'phase-1', signer: null });
      const file = recorded.runbookFile;
      writeFileSync(file, readFileSync(file, 'utf8').replace('# Verify: "release notes"', '# Verify: "release notes v2"'));
      const ctx = context(resumedDir);
      // The real `runbook resume --plain`: the secret asked again, then `q` at the first prompt.
      const resumed = await resumeCommand(
        { ...ctx, env: { ...process.env, RUNBOOK_HOME: join(resumedDir, 'conf') }, stdin: Readable.from([`${SECRET}\n`, 'q\n']) },
        { journal: recorded.journal, operator: 'Ben Okafor', plain: true },
      );
      expect(resumed).toBe(0);
      const md = await report(recorded.journal, 'md', resumedDir);
      expect(md).toMatch(/- ⚠ The runbook file changed during the run \(.* UTC, sha256 `[0-9a-f]{64}`\): 1 changed or added steps, 0 removed/);
      expect(section(md, '#### 4. ✔ echo "release notes')).toContain('- ⚠ The runbook file changed this step while the run was under way');
      expect(section(md, '### 11. ! PHASE 2: Deploy')).toContain('! INTERRUPTED');
      expect(md).not.toContain(SECRET);
    } finally {
      rmSync(resumedDir, { recursive: true, force: true });
    }
  });
});
