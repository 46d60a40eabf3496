// One test per step rule of the dialect, on small inline runbooks.

import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../source/runbook/parse';
import type { Runbook, Step } from '../../source/runbook/model';

const parse = (md: string): Runbook => parseRunbook(md, { file: 'test.md', sha256: 'sha' });
const only = (rb: Runbook, kind: Step['kind']) => rb.steps.filter((s) => s.kind === kind);
const fence = (lang: string, ...lines: string[]) => ['```' + lang, ...lines, '```'].join('\n');

describe('manual checks', () => {
  it('reads task items as manual checks, [x] included, each at its own line', () => {
    const rb = parse('# T\n\n## Go\n\n- [ ] Tell the team\n- [x] Freeze merges\n- plain item\n');
    expect(rb.steps.map((s) => [s.kind, s.title, s.line])).toEqual([
      ['manual', 'Tell the team', 5],
      ['manual', 'Freeze merges', 6],
    ]);
  });

  it('reads a [ ] after a bold label in a paragraph as a manual check', () => {
    const rb = parse('# T\n\n## Go\n\n**Result:** [ ] 3 triggers confirmed active\n');
    expect(rb.steps[0]).toMatchObject({ kind: 'manual', title: '3 triggers confirmed active', line: 5, description: 'Result' });
  });

  it('reads [ ] lines in a plain fence as manual checks, grouped by the lines above them', () => {
    const rb = parse(`# T\n\n## Go\n\n${fence('', 'BEFORE', '[ ] Backups verified', '[ ] On-call paged', '', 'AFTER', '[ ] Alerts quiet')}\n`);
    expect(rb.steps.map((s) => [s.kind, s.title, s.line, s.description])).toEqual([
      ['manual', 'Backups verified', 7, 'BEFORE'],
      ['manual', 'On-call paged', 8, 'BEFORE'],
      ['manual', 'Alerts quiet', 11, 'AFTER'],
    ]);
  });

  it('offers the command in a code span of a manual check', () => {
    const rb = parse('# T\n\n## Go\n\n- [ ] Disable chef: `sudo chef-client-disable`\n- [ ] Set `max_connections` for the pod count\n');
    expect(rb.steps.map((s) => s.offeredCommand)).toEqual(['sudo chef-client-disable', undefined]);
  });
});

describe('shell fences', () => {
  it('makes each [ ] line its own step, comments above as description, Expected/Verify after as expectation', () => {
    const rb = parse(
      `# T\n\n## Go\n\n${fence('bash', '# Check the head', '[ ] alembic current', '# Expected: 007_x (head)', '', '[ ] alembic upgrade +1', '# Verify: "Running upgrade"')}\n`,
    );
    expect(rb.steps.map((s) => [s.kind, s.line, s.command, s.description, s.expectation?.line])).toEqual([
      ['shell', 7, 'alembic current', 'Check the head', 8],
      ['shell', 10, 'alembic upgrade +1', undefined, 11],
    ]);
    expect(rb.steps[1]?.expectation?.check).toEqual({ kind: 'contains', text: 'Running upgrade' });
  });

  it('keeps backslash continuations with their [ ] line', () => {
    const rb = parse(`# T\n\n## Go\n\n${fence('bash', '[ ] curl -s \\', '    -H "X: 1" \\', '    http://h/health', '[ ] echo done')}\n`);
    expect(rb.steps.map((s) => s.command)).toEqual(['curl -s \\\n    -H "X: 1" \\\n    http://h/health', 'echo done']);
  });

  it('reads `- [ ] $ cmd` lines like `[ ] cmd` lines', () => {
    const rb = parse(`# T\n\n## Go\n\n${fence('bash', '- [ ] $ kubectl get pods', '- [x] kubectl get nodes')}\n`);
    expect(rb.steps.map((s) => [s.kind, s.command, s.line])).toEqual([
      ['shell', 'kubectl get pods', 6],
      ['shell', 'kubectl get nodes', 7],
    ]);
  });

  it('reads a prose [ ] line in a shell fence as a manual check', () => {
    const rb = parse(`# T\n\n## Go\n\n${fence('bash', '[ ] Open http://localhost:3000/traces', '[ ] docker compose ps')}\n`);
    expect(rb.steps.map((s) => s.kind)).toEqual(['manual', 'shell']);
  });

  it('reads a fence without [ ] lines as one step, titled by its first comment, with its single Expected', () => {
    const rb = parse(`# T\n\n## Go\n\nRun this first:\n\n${fence('sh', '# Health check', 'curl -s http://h/health', '# Expected: 200')}\n`);
    expect(rb.steps).toHaveLength(1);
    expect(rb.steps[0]).toMatchObject({ kind: 'shell', title: 'Health check', line: 7, description: 'Run this first:', command: '# Health check\ncurl -s http://h/health\n# Expected: 200' });
    expect(rb.steps[0]?.expectation).toMatchObject({ text: '200', line: 10 });
  });

  it('titles a whole-fence step by its first command when no comment leads it', () => {
    const rb = parse(`# T\n\n## Go\n\n${fence('bash', 'systemctl restart app', 'systemctl status app')}\n`);
    expect(rb.steps[0]?.title).toBe('systemctl restart app');
  });

  it('reads console fences: $ lines are commands, the lines under them expected output', () => {
    const rb = parse(`# T\n\n## Go\n\n${fence('console', '$ redis-cli ping', 'PONG', '$ wc -l < x', '3')}\n`);
    expect(rb.steps.map((s) => [s.command, s.line, s.expectation?.check])).toEqual([
      ['redis-cli ping', 6, { kind: 'contains', text: 'PONG' }],
      ['wc -l < x', 8, { kind: 'value', value: '3' }],
    ]);
  });

  it('marks destructive commands, not destructive words in comments', () => {
    const rb = parse(`# T\n\n## Go\n\n${fence('bash', '[ ] docker compose down', '# never rm -rf here', '[ ] docker compose ps')}\n`);
    expect(rb.steps.map((s) => s.destructive)).toEqual([true, false]);
  });
});

describe('SQL fences', () => {
  it('makes one step per fence with its statements, each with its own Expected', () => {
    const rb = parse(`# T\n\n## Check\n\n${fence('sql', '-- =====', '-- Row counts', 'SELECT 1;', '-- Expected: 1', '', "SELECT 'a;b' AS x;", '-- Expected: 1 row')}\n`);
    const step = only(rb, 'sql')[0];
    expect(step).toMatchObject({ title: 'Row counts', line: 5, sql: "-- =====\n-- Row counts\nSELECT 1;\n-- Expected: 1\n\nSELECT 'a;b' AS x;\n-- Expected: 1 row" });
    expect(step?.statements?.map((s) => [s.text, s.line, s.expectation?.text])).toEqual([
      ['SELECT 1', 8, '1'],
      ["SELECT 'a;b' AS x", 11, '1 row'],
    ]);
    expect(step?.expectation?.text).toBe('1');
  });

  it('titles a fence without comments by its section', () => {
    expect(parse(`# T\n\n## Verify tables\n\n${fence('sql', 'SELECT 1;')}\n`).steps[0]?.title).toBe('Verify tables');
  });

  it('marks DELETE destructive', () => {
    expect(parse(`# T\n\n## Clean\n\n${fence('sql', "DELETE FROM t WHERE x = 'y';")}\n`).steps[0]?.destructive).toBe(true);
  });
});

describe('tables', () => {
  const table = [
    '| Step | Command | Est. Time | Rollback | Done |',
    '|------|---------|-----------|----------|------|',
    '| 1 | Enable maintenance | Instant | Disable | [ ] |',
    '| 2 | Deploy | 1-2 min | N/A | [ ] |',
    '| 3 | Note only | | | |',
  ].join('\n');

  it('reads Markdown table rows with [ ] cells as manual steps with estimate and rollback hint', () => {
    const rb = parse(`# T\n\n## Go\n\n${table}\n`);
    expect(rb.steps.map((s) => [s.title, s.line, s.estimate, s.rollbackHint])).toEqual([
      ['1 · Enable maintenance', 7, 'Instant', 'Disable'],
      ['2 · Deploy', 8, '1-2 min', undefined],
    ]);
  });

  it('reads the same table inside a plain fence, each row at its own line', () => {
    const rb = parse(`# T\n\n## Go\n\n${fence('', table)}\n`);
    expect(rb.steps.map((s) => [s.title, s.line, s.estimate])).toEqual([
      ['1 · Enable maintenance', 8, 'Instant'],
      ['2 · Deploy', 9, '1-2 min'],
    ]);
  });

  it('makes several [ ] cells of one row the sub-checks of one step', () => {
    const rb = parse('# T\n\n## Go\n\n| Tool | Creates | Blocks |\n|---|---|---|\n| propose | [ ] | [ ] |\n');
    expect(rb.steps).toHaveLength(1);
    expect(rb.steps[0]).toMatchObject({ title: 'propose', subChecks: ['Creates', 'Blocks'] });
  });

  it('schedules rows by a Time / Check At column, one step per offset', () => {
    const rb = parse('# T\n\n## Watch\n\n| Metric | Check At |\n|---|---|\n| Error rate | +1h, +4h |\n| Latency | +24 hours |\n');
    expect(rb.steps.map((s) => [s.title, s.dueAfter])).toEqual([
      ['Error rate (+1h)', '+1h'],
      ['Error rate (+4h)', '+4h'],
      ['Latency', '+24h'],
    ]);
  });

  it('reads a table without [ ] cells or schedule as information', () => {
    const rb = parse('# T\n\n## Info\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n## Go\n\n- [ ] x\n');
    expect(rb.phases.map((p) => p.title)).toEqual(['Go']);
  });
});

describe('inputs', () => {
  it('reads `Label: ____`, `**Label:** ___`, list items and bash comments as inputs named in snake_case', () => {
    const rb = parse(
      [
        '# T',
        '',
        '**Deploy Lead:** ________',
        'Ticket: ____',
        '',
        '## Go',
        '',
        '- Total tests: ____',
        '- Failed: ____ (STOP if > 0)',
        '',
        fence('bash', '[ ] pg_dump db > b.dump', '# Store backup location: ______'),
        '',
        fence('', 'Rollback owner: _____'),
      ].join('\n'),
    );
    expect(rb.inputs.map((i) => [i.name, i.prompt, i.line])).toEqual([
      ['deploy_lead', 'Deploy Lead', 3],
      ['ticket', 'Ticket', 4],
      ['total_tests', 'Total tests', 8],
      ['failed', 'Failed', 9],
      ['store_backup_location', 'Store backup location', 13],
      ['rollback_owner', 'Rollback owner', 17],
    ]);
    expect(only(rb, 'input').map((s) => s.phase)).toEqual(['preamble', 'preamble', 'go', 'go', 'go', 'go']);
  });

  it('takes name, pattern and secret from the front matter input whose prompt matches', () => {
    const rb = parse('---\ninputs:\n  sha: { prompt: Commit SHA, pattern: "^[0-9a-f]+$" }\n  token: { prompt: API token, secret: true }\n---\n# T\n\nCommit SHA: ____\n');
    expect(rb.inputs).toEqual([
      { name: 'token', prompt: 'API token', secret: true, line: 4 },
      { name: 'sha', prompt: 'Commit SHA', secret: false, pattern: '^[0-9a-f]+$', line: 8 },
    ]);
    // A declared input no blank asks for is asked at the start.
    expect(rb.steps[0]).toMatchObject({ kind: 'input', phase: 'preamble', title: 'API token' });
  });

  it('makes an input whose name marks a credential secret without being told, unless told not', () => {
    const rb = parse(
      ['---', 'inputs:', '  db_password: DB password', '  api_token: { prompt: API token, secret: false }', '---', '# T', '', '- Admin password: ____', '- Token count: ____', '- DB password: ____', ''].join('\n'),
    );
    expect(rb.inputs.map((i) => [i.name, i.secret])).toEqual([
      ['api_token', false],
      ['admin_password', true],
      ['token_count', false],
      ['db_password', true],
    ]);
  });
});

describe('sign-offs', () => {
  it('reads a Role | Name | Signature | Date table as one sign-off per role', () => {
    const rb = parse('# T\n\n## Sign\n\n| Role | Name | Signature | Date |\n|---|---|---|---|\n| Deploy Lead | | | |\n| QA | | | |\n');
    expect(only(rb, 'signoff').map((s) => [s.role, s.line])).toEqual([
      ['Deploy Lead', 7],
      ['QA', 8],
    ]);
  });

  it('reads a **Sign-off:** list of `Role: ____` items as sign-offs', () => {
    const rb = parse('# T\n\n## End\n\n**Sign-off:**\n- [ ] Technical Lead: ______ Date: ____\n- [ ] Operations: ______\n');
    expect(rb.steps.map((s) => [s.kind, s.role])).toEqual([
      ['signoff', 'Technical Lead'],
      ['signoff', 'Operations'],
    ]);
    expect(rb.inputs).toEqual([]);
  });

  it('reads `- [ ] Role: ____` items under a Sign-off heading as sign-offs, plain checks there stay checks', () => {
    const rb = parse('# T\n\n## 8.2 Sign-Off\n\n- [ ] All tests passing\n- [ ] Release Manager: ________\n');
    expect(rb.steps.map((s) => [s.kind, s.title])).toEqual([
      ['manual', 'All tests passing'],
      ['signoff', 'Release Manager'],
    ]);
  });

  it('keeps a sign-off that stands under a reference heading, in a phase of its own', () => {
    const rb = parse('# T\n\n## Go\n\n- [ ] x\n\n## Appendix\n\n```bash\nls\n```\n\n**Sign-off:**\n- [ ] QA: ____\n');
    expect(rb.steps.map((s) => [s.kind, s.phase])).toEqual([
      ['manual', 'go'],
      ['signoff', 'sign-off'],
    ]);
    expect(rb.reference).toEqual([{ title: 'Appendix', line: 7 }]);
  });
});
