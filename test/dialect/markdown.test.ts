// Issue 14.4: Markdown as GitHub and the big site generators render it. Each fixture holds
// the construct as real runbooks write it; check must read every command where the author
// put it, and say what it mended.

import { describe, expect, it } from 'vitest';
import { checkJson, fixture } from '../helpers/check';

const became = (json: Awaited<ReturnType<typeof checkJson>>) => json.fences.map((f) => [f.line, f.became]);

describe('HTML containers around fences', () => {
  it('reads a fence written right under <details><summary> and under <div markdown="1">', async () => {
    const json = await checkJson(fixture('dialect/markdown-details.md'));
    expect(json.steps.map((s) => [s.kind, s.line])).toEqual([
      ['shell', 7],
      ['shell', 17],
      ['manual', 22],
    ]);
    // The blank line inside the first fence no longer ends it: both commands are one step.
    expect(json.steps[0]?.command).toBe('sudo gitlab-ctl stop patroni\n\nsudo rm -rf /var/opt/gitlab/postgresql/data');
    expect(json.steps[0]?.destructive).toBe(true);
    expect(became(json)).toEqual([
      [7, 'step'],
      [17, 'step'],
      [27, 'output'],
    ]);
  });
});

describe('a fence under a list item whose lines drift to column 0', () => {
  it('is read as the item’s, and the fences after it pair as written', async () => {
    const json = await checkJson(fixture('dialect/markdown-drift.md'));
    expect(json.steps.map((s) => [s.line, s.command])).toEqual([
      [6, 'sudo systemctl stop app'],
      [10, 'sudo -u app bin/migrate'],
      [17, 'curl -fsS http://localhost/health'],
    ]);
    expect(json.warnings.map((w) => [w.line, w.message])).toEqual([
      [6, 'fence under a list item runs back to column 0 (to line 8); read as part of the item — indent its lines to make it exact'],
      [10, 'fence under a list item runs back to column 0 (to line 12); read as part of the item — indent its lines to make it exact'],
    ]);
  });
});

describe('setext headings, 1) lists, tilde fences, `$ ` lines', () => {
  it('reads them all', async () => {
    const json = await checkJson(fixture('dialect/markdown-forms.md'));
    expect(json.title).toBe('Upgrade the cache');
    expect(json.phases.map((p) => [p.title, p.line])).toEqual([
      ['Preparation', 4],
      ['Done', 22],
    ]);
    expect(json.steps.map((s) => [s.kind, s.line, s.command ?? s.title])).toEqual([
      ['shell', 9, 'redis-server --version'],
      ['shell', 15, 'redis-cli BGSAVE'],
      ['shell', 16, 'ls -la /var/lib/redis/dump.rdb'],
      ['shell', 20, 'cp /var/lib/redis/dump.rdb /srv/backup/'],
      ['manual', 25, 'Announce the upgrade in the channel'],
    ]);
    expect(json.warnings).toContainEqual({ line: 15, message: 'lines of `$ ` commands read as commands; put them in a ```console fence to make it exact' });
  });
});

describe('"```text" as a closer, and a fence that never closes before the next heading', () => {
  it('mends each where it stands and never past the next heading', async () => {
    const json = await checkJson(fixture('dialect/markdown-slips.md'));
    expect(json.phases.map((p) => p.title)).toEqual(['Stop writes', 'Restore the dump', 'Start again', 'Check']);
    expect(json.steps.map((s) => [s.line, s.command])).toEqual([
      [5, 'sudo systemctl stop app'],
      [11, 'pg_restore -d app /srv/backup/app.dump'],
      [16, 'sudo systemctl start app'],
      [22, 'curl -fsS http://localhost:8080/health'],
    ]);
    expect(json.warnings.map((w) => w.line)).toEqual([7, 11]);
    expect(json.warnings[1]?.message).toBe('fence never closes before the heading at line 14; read as closed there — add ``` before it to make it exact');
  });
});
