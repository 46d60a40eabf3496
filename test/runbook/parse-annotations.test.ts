// Annotations win over every inference; front matter; stable ids; the errors that stop a runbook.

import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../source/runbook/parse';
import type { Runbook } from '../../source/runbook/model';

const parse = (md: string): Runbook => parseRunbook(md, { file: 'test.md', sha256: 'sha' });
const fence = (lang: string, ...lines: string[]) => ['```' + lang, ...lines, '```'].join('\n');

function errorOf(md: string): string {
  try {
    parse(md);
  } catch (error) {
    return String(error);
  }
  return 'no error';
}

describe('annotations', () => {
  it('reads annotations after a fence language: id, capture, compare, ok-exit', () => {
    const rb = parse(`# T\n\n## Go\n\n${fence('sql {#baseline capture=counts}', 'SELECT 1;')}\n\n${fence('sql {compare=counts}', 'SELECT 1;')}\n`);
    expect(rb.steps.map((s) => [s.id, s.annotations])).toEqual([
      ['baseline', { id: 'baseline', capture: 'counts' }],
      ['go/go', { compare: 'counts' }],
    ]);
  });

  it('reads <!-- runbook: … --> before a fence, a list item, a heading, and inside a list item', () => {
    const md = [
      '# T',
      '',
      '## Go',
      '',
      '<!-- runbook: id=tail follow -->',
      fence('bash', 'tail -f /var/log/app.log'),
      '',
      '<!-- runbook: destructive -->',
      '- [ ] flip the switch',
      '- [ ] second <!-- runbook: id=second-check -->',
      '',
      '<!-- runbook: plan -->',
      '## Hotfix',
      '',
      '- [ ] patch',
    ].join('\n');
    const rb = parse(md);
    expect(rb.steps.map((s) => [s.id, s.destructive, s.plan])).toEqual([
      ['tail', false, null],
      ['go/flip-the-switch', true, null],
      ['second-check', false, null],
      ['hotfix/patch', false, 'hotfix'],
    ]);
    // follow makes the never-ending tail exact: no warning.
    expect(rb.warnings).toEqual([]);
  });

  it('display shows a fence that would run, skip removes a step or a section', () => {
    const md = `# T\n\n## Go\n\n${fence('bash {display}', 'rm -rf build')}\n\n- [ ] kept\n- [ ] dropped <!-- runbook: skip -->\n\n<!-- runbook: skip -->\n## Old\n\n- [ ] gone\n`;
    const rb = parse(md);
    expect(rb.steps.map((s) => s.title)).toEqual(['kept']);
    expect(rb.displayOnly.map((d) => d.line)).toEqual([5]);
  });

  it('schedules a step with at=+1h', () => {
    expect(parse(`# T\n\n## Go\n\n${fence('bash {at=+1h}', 'curl -s http://h/health')}\n`).steps[0]?.dueAfter).toBe('+1h');
  });

  it('names an input with name=', () => {
    expect(parse('# T\n\n- Release: ____ <!-- runbook: name=tag -->\n').inputs[0]?.name).toBe('tag');
  });
});

describe('front matter', () => {
  it('reads targets, shell, cwd, env and inputs', () => {
    const rb = parse(
      [
        '---',
        'title: Sprint 3',
        'targets:',
        '  govos:',
        '    kind: postgres',
        '    url: env:GOVOS_DATABASE_URL',
        '    statement_timeout: 30s',
        '  prod:',
        '    kind: sqlite',
        '    path: ./production.db',
        'shell: bash',
        'cwd: .',
        'env: { FLAG: 1 }',
        'inputs:',
        '  db_password: { prompt: Database password, secret: true }',
        '---',
        '# T',
        '',
        fence('sql {target=prod}', 'SELECT 1;'),
      ].join('\n'),
    );
    expect(rb.frontMatter).toMatchObject({
      title: 'Sprint 3',
      shell: 'bash',
      cwd: '.',
      env: { FLAG: '1' },
      line: 1,
      targets: [
        { name: 'govos', kind: 'postgres', url: 'env:GOVOS_DATABASE_URL', statementTimeout: '30s', lockTimeout: '10s' },
        { name: 'prod', kind: 'sqlite', path: './production.db', statementTimeout: '60s', lockTimeout: '10s' },
      ],
      inputs: [{ name: 'db_password', prompt: 'Database password', secret: true, line: 15 }],
    });
  });

  it('takes every timeout a run takes, and a profile by any name', () => {
    const rb = parse('---\ntargets:\n  app-db.1: { kind: postgres, url: profile:prod-db, statement_timeout: 0, lock_timeout: 1.5s }\n---\n# T\n\n- [ ] a\n');
    expect(rb.frontMatter.targets).toMatchObject([{ name: 'app-db.1', url: 'profile:prod-db', statementTimeout: '0', lockTimeout: '1.5s' }]);
  });
});

describe('ids', () => {
  const base = '# T\n\n## Deploy\n\n- [ ] Tell the team\n- [ ] Tell the team\n\n## Verify\n\n- [ ] Check health\n';

  it('are section/text, with -2 for a repeat', () => {
    expect(parse(base).steps.map((s) => s.id)).toEqual(['deploy/tell-the-team', 'deploy/tell-the-team-2', 'verify/check-health']);
  });

  it('do not change when unrelated parts of the file change', () => {
    const edited = base.replace('# T\n', '# T\n\n## New first phase\n\n- [ ] Something new\n\n```bash\nls\n```\n').replace('## Verify', '## Verify\n\nMore words here.');
    const before = parse(base).steps.map((s) => s.id);
    const after = parse(edited).steps.map((s) => s.id);
    expect(after.filter((id) => before.includes(id))).toEqual(before);
  });

  it('number the steps of a fence that carries one {#id}', () => {
    expect(parse(`# T\n\n${fence('bash {#migrate}', '[ ] alembic upgrade +1', '[ ] alembic current')}\n`).steps.map((s) => s.id)).toEqual(['migrate', 'migrate-2']);
  });

  it('refuse an explicit id used twice', () => {
    expect(errorOf(`# T\n\n${fence('bash {#x}', 'ls')}\n\n${fence('bash {#x}', 'pwd')}\n`)).toBe('test.md:7: step id "x" is already used at line 3');
    // The journal would keep it with its token redacted, and the run not find its step again.
    expect(errorOf(`# T\n\n${fence('bash {#ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789}', 'ls')}\n`)).toBe('test.md:3: step id "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789" looks like a credential; give the step another id');
  });
});

describe('links', () => {
  it('resolve by the anchor a code host gives a heading, or by its id', () => {
    const rb = parse('# T\n\nSee [6.2](#62-rollback-plan-a-database-migration), [again](#6-2-rollback-plan-a-database-migration) and [top](#).\n\n## 6.2 Rollback Plan A: Database Migration\n\n- [ ] a\n');
    expect(rb.steps).toHaveLength(1);
  });

  it('may name an HTML anchor', () => {
    expect(parse('# T\n\n<a name="plan-z"></a>\nSee [the plan](#plan-z).\n\n- [ ] a\n').steps).toHaveLength(1);
  });
});

describe('errors that make a runbook unusable: one line, file:line: message', () => {
  it.each([
    ['an unknown front-matter key', '---\ntitel: x\n---\n# T\n\n- [ ] a\n', 'test.md:2: unknown front-matter key "titel"'],
    ['an unknown target key', '---\ntargets:\n  db:\n    kind: postgres\n    url: env:X\n    host: h\n---\n- [ ] a\n', 'test.md:6: unknown key "host" in target "db"'],
    // check said these were fine; the run refused them once the target opened.
    ['a target timeout that is no duration', '---\ntargets:\n  db:\n    kind: sqlite\n    path: ./a.db\n    lock_timeout: 10 seconds\n---\n- [ ] a\n', 'test.md:3: target "db" lock_timeout "10 seconds" is not a duration'],
    ['a target url env: naming no variable', '---\ntargets:\n  db: { kind: postgres, url: "env:" }\n---\n- [ ] a\n', 'test.md:3: target "db" url "env:" names no environment variable (env:VAR)'],
    ['a target name that target= cannot name', '---\ntargets:\n  "": { kind: postgres, url: env:DB }\n---\n- [ ] a\n', 'test.md:3: target name "" must be a plain name'],
    ['an empty shell', '---\nshell: ""\n---\n- [ ] a\n', 'test.md:2: front matter "shell" is empty'],
    ['a shell with its options', '---\nshell: bash -e\n---\n- [ ] a\n', 'test.md:2: front matter "shell" names one program (bash, /bin/zsh), not a command line: "bash -e"'],
    ['a password in a target url', '---\ntargets:\n  db:\n    kind: postgres\n    url: postgres://u:hunter2@h/db\n---\n- [ ] a\n', 'test.md:3: target "db" url holds a password'],
    ['an unknown annotation key on a fence', `# T\n\n${fence('bash {colour=red}', 'ls')}\n`, 'test.md:3: unknown annotation key "colour"'],
    ['an unknown annotation key in a comment', '# T\n\n<!-- runbook: bogus -->\n- [ ] a\n', 'test.md:3: unknown annotation key "bogus"'],
    ['compare naming no capture', `# T\n\n${fence('sql {compare=base}', 'SELECT 1;')}\n`, 'test.md:3: compare=base names no capture=base in this file'],
    ['target naming no target', `# T\n\n${fence('sql {target=prod}', 'SELECT 1;')}\n`, 'test.md:3: target "prod" is named but the front matter declares no targets'],
    ['a link in the text to a missing anchor', '# T\n\nSee [the plan](#plan-z).\n\n- [ ] a\n', 'test.md:3: link #plan-z names no heading in this file'],
    ['no steps at all', '# T\n\nJust prose.\n', 'test.md:1: no steps found'],
    // The closing --- forgotten: its targets would otherwise be read as prose, silently.
    ['front matter that never closes', '---\ntitle: Deploy\ntargets:\n  db:\n    kind: postgres\n    url: env:DB\n\n# Deploy\n\n- [ ] a\n', 'test.md:1: front matter opened here never closes: end it with a --- line'],
    ['TOML front matter that never closes', '+++\ntitle = "Deploy"\n\n# Deploy\n\n- [ ] a\n', 'test.md:1: front matter opened here never closes: end it with a +++ line'],
    // The one shell fence never closes: it is shown, not run, and that is why nothing runs.
    ['no steps, its only fence left open', '# T\n\nProse.\n\n```bash\necho hi\n', 'test.md:5: no steps found: fence opened here never closes; its text is shown, not run'],
  ])('%s', (_what, md, message) => {
    const error = errorOf(md);
    expect(error.startsWith(message)).toBe(true);
    expect(error.split('\n')).toHaveLength(1);
    // A password never reaches an error message.
    expect(error).not.toContain('hunter2');
  });
});
