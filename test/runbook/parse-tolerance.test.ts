// Checklists in the wild: each inference is a warning that says how to make it exact.

import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../source/runbook/parse';
import type { Runbook } from '../../source/runbook/model';

const parse = (md: string): Runbook => parseRunbook(md, { file: 'test.md', sha256: 'sha' });
const fence = (lang: string, ...lines: string[]) => ['```' + lang, ...lines, '```'].join('\n');

describe('fences read by their content', () => {
  it('reads an unlabelled fence of commands as shell, with a warning', () => {
    const rb = parse(`# T\n\n## Go\n\n${fence('', 'kubectl rollout status deployment/api')}\n`);
    expect(rb.steps[0]).toMatchObject({ kind: 'shell', command: 'kubectl rollout status deployment/api', line: 5 });
    expect(rb.warnings).toEqual([{ line: 5, message: 'unlabelled fence read as shell; add ```bash to make it exact' }]);
  });

  it('reads an unlabelled fence of SQL as SQL, with a warning', () => {
    const rb = parse(`# T\n\n## Go\n\n${fence('', 'SELECT COUNT(*) FROM users;')}\n`);
    expect(rb.steps[0]?.kind).toBe('sql');
    expect(rb.warnings[0]?.message).toBe('unlabelled fence read as SQL; add ```sql to make it exact');
  });

  it('reads SQL in a cmd fence and shell in a yaml fence by their content', () => {
    const rb = parse(`# T\n\n## Go\n\n${fence('cmd', 'SELECT COUNT(*) FROM users;')}\n\n${fence('yaml', 'sudo systemctl restart nginx')}\n`);
    expect(rb.steps.map((s) => s.kind)).toEqual(['sql', 'shell']);
    expect(rb.warnings.map((w) => w.message)).toEqual([
      '```cmd fence holds SQL, read as SQL; write ```sql to make it exact',
      '```yaml fence holds shell commands, read as shell; write ```bash to make it exact',
    ]);
  });

  it('never runs a text fence, whatever it holds', () => {
    const rb = parse(`# T\n\n## Go\n\n${fence('text', 'rm -rf /tmp/x')}\n\n- [ ] x\n`);
    expect(rb.steps.map((s) => s.kind)).toEqual(['manual']);
    expect(rb.displayOnly[0]).toMatchObject({ lang: 'text', line: 5 });
  });
});

describe('slips in the Markdown', () => {
  it('reads "```text" used as a closing fence as the close, and keeps the rest of the file', () => {
    const rb = parse('# T\n\n## Go\n\n```bash\necho one\n```text\n\n- [ ] after the slip\n');
    expect(rb.steps.map((s) => [s.kind, s.line])).toEqual([
      ['shell', 5],
      ['manual', 9],
    ]);
    expect(rb.steps[0]?.command).toBe('echo one');
    expect(rb.warnings).toEqual([{ line: 7, message: '"```text" read as the fence\'s closing line; write ``` alone to make it exact' }]);
  });

  it('warns about a fence that never closes, shows it, and keeps everything before it', () => {
    const rb = parse('# T\n\n## Go\n\n- [ ] before\n\n```bash\necho never closed\n\n## Later\n\n- [ ] swallowed\n');
    expect(rb.steps.map((s) => s.title)).toEqual(['before']);
    expect(rb.displayOnly.map((d) => d.line)).toEqual([7]);
    expect(rb.warnings).toEqual([{ line: 7, message: 'fence opened here never closes; its text is shown, not run — close it with ``` to make it exact' }]);
  });

  it('reads task items and fences indented with tabs under list items', () => {
    const rb = parse('# T\n\n## Go\n\n-\t[ ] tab item\n- [ ] with a fence\n\n\t```bash\n\tls -la\n\t```\n');
    expect(rb.steps.map((s) => [s.kind, s.title, s.line])).toEqual([
      ['manual', 'tab item', 5],
      ['manual', 'with a fence', 6],
      ['shell', 'ls -la', 8],
    ]);
  });

  it('reads over-indented text under a list item as a code block, with a warning', () => {
    const rb = parse('# T\n\n## Go\n\n1. Run it:\n\n        kubectl get pods\n');
    expect(rb.steps[0]).toMatchObject({ kind: 'shell', line: 7 });
    expect(rb.warnings.map((w) => w.message)).toContain('indented text read as a code block; use a ``` fence to make it exact');
  });

  it('shows an HTML <pre> block, never runs it', () => {
    const rb = parse('# T\n\n## Go\n\n<pre>\nrm -rf /\n</pre>\n\n- [ ] x\n');
    expect(rb.displayOnly).toEqual([{ line: 5, lang: null, label: null, text: '<pre>\nrm -rf /\n</pre>' }]);
    expect(rb.warnings).toEqual([{ line: 5, message: 'HTML <pre> block shown, not run; use a ``` fence to make it exact' }]);
  });

  it('strips mis-decoded emoji from headings, in titles and ids', () => {
    const rb = parse('# \u201a\u00fa\u00d6 Golden Checklist\n\n## \uf8ff\u00fc\u00ee\u00ea Pre-Deployment Security\n\n- [ ] Rotate secrets\n');
    expect(rb.title).toBe('Golden Checklist');
    expect(rb.phases).toEqual([{ id: 'pre-deployment-security', title: 'Pre-Deployment Security', line: 3 }]);
    expect(rb.steps[0]?.id).toBe('pre-deployment-security/rotate-secrets');
  });

  it('strips real emoji from headings too', () => {
    expect(parse('# T\n\n## 🚀 Deployment\n\n- [ ] go\n').phases[0]).toMatchObject({ id: 'deployment', title: 'Deployment' });
  });

  it('reads CRLF files with the same lines', () => {
    const rb = parse('# T\r\n\r\n## Go\r\n\r\n```bash\r\n[ ] echo a\r\n# Expected: a\r\n```\r\n');
    expect(rb.steps[0]).toMatchObject({ command: 'echo a', line: 6, expectation: { text: 'a', line: 7 } });
  });
});

describe('warnings about commands', () => {
  it('warns about placeholders still in a command, by line', () => {
    const rb = parse(`# T\n\n## Go\n\n${fence('bash', 'git reset --hard <commit-hash>')}\n`);
    expect(rb.steps[0]?.placeholders).toEqual(['<commit-hash>']);
    expect(rb.warnings).toContainEqual({ line: 5, message: 'command still holds placeholder <commit-hash>' });
  });

  it('knows variables that inputs, the front matter and earlier exports set', () => {
    const rb = parse(
      `---\nenv: { REGION: eu }\n---\n# T\n\nRelease tag: ____\n\n## Go\n\n${fence('bash', 'export TOKEN=abc')}\n\n${fence('bash', 'curl -H "T: $TOKEN" "https://h/$REGION/${release_tag}"')}\n`,
    );
    expect(rb.steps.map((s) => s.placeholders)).toEqual([undefined, undefined, undefined]);
  });

  it('warns where a credential is written into a command or SQL, never saying it; a reference is none', () => {
    const rb = parse(
      `# T\n\n## Go\n\n${fence('bash', 'psql postgres://admin:s3cr3t-pw@db/app -c "select 1"', 'mysql -u root -pMyPassw0rd -e "select 1"')}\n\n` +
        `${fence('sql', "ALTER ROLE app PASSWORD 'hunter2-long';")}\n\n${fence('bash', 'export PGPASSWORD="$(vault read -field=pw db/app)"', 'psql -h db -c "select 1"')}\n\n- [ ] Flush: \`redis-cli -a Sup3rSecretAuth FLUSHALL\`\n`,
    );
    const written = rb.warnings.filter((w) => w.message.includes('written into the runbook'));
    expect(written).toEqual([
      { line: 5, message: '2 credentials are written into the runbook here; take it from the environment ($VAR, PGPASSWORD, ~/.pgpass) instead' },
      { line: 10, message: 'a credential is written into the runbook here; take it from the environment ($VAR, PGPASSWORD, ~/.pgpass) instead' },
      { line: 19, message: 'a credential is written into the runbook here; take it from the environment ($VAR, PGPASSWORD, ~/.pgpass) instead' },
    ]);
    expect(JSON.stringify(rb.warnings)).not.toMatch(/s3cr3t|MyPassw0rd|hunter2|Sup3rSecret/);
  });

  it('warns where the front matter env: sets a credential, and not where it names a variable or a flag', () => {
    const rb = parse(`---\nenv: { DB_PASSWORD: "hunter2-long", API_TOKEN: "$CI_TOKEN", DEBUG_TOKEN: "1", REGION: eu-west-1 }\n---\n# T\n\n- [ ] a\n`);
    expect(rb.warnings).toEqual([{ line: 1, message: 'front matter env: DB_PASSWORD is a credential written into the runbook; take it from the environment instead' }]);
  });

  it('warns where a step ends in a grep without ok-exit, and not with it', () => {
    const rb = parse(`# T\n\n## Go\n\n${fence('bash', 'docker logs api | grep -i error')}\n\n${fence('bash {ok-exit=0,1}', 'docker logs api | grep -i error')}\n`);
    expect(rb.warnings).toEqual([{ line: 5, message: 'ends in grep: add {ok-exit=0,1} if finding nothing is fine' }]);
  });
});
