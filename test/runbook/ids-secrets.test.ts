// Step ids are written to the journal, `show --json` and both reports as they are, so they
// are made from the step's text with its credentials redacted (issue 17, item 4): a
// secret in a step, a heading or a decision question never becomes part of an id.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../source/runbook/parse';
import { redactSecretShapes } from '../../source/runbook/redact-shapes';
import { slugify } from '../../source/runbook/slug';
import type { Runbook } from '../../source/runbook/model';

const parse = (source: string): Runbook => parseRunbook(source, { file: 'secrets.md', sha256: 'x' });

const RUNBOOK = `# Secrets in step text

## Rotate token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789

\`\`\`bash
[ ] PGPASSWORD=Hunter2Secret psql -h db -c 'select 1'
[ ] curl -H "Authorization: Bearer tok3nValue9876543210" https://api.example.com
[ ] mysql -uroot -pGluedPass1 -e 'select 1'
[ ] echo "password reset flow tested"
\`\`\`

- [ ] Log in to https://deploy:UrlPass77@ci.example.com and check the pipeline
- [ ] Confirm the password reset flow works

## Decide

- Did the login with password: Qu3stionPass work?
  - Yes → stop
  - No → stop
`;

describe('ids of steps that hold a secret', () => {
  const rb = parse(RUNBOOK);
  const ids = rb.steps.map((s) => s.id);

  it('are made from the redacted text', () => {
    expect(ids).toContain('rotate-token-redacted/pgpassword-redacted-psql-h-db-c-select-1');
    expect(ids).toContain('rotate-token-redacted/curl-h-authorization-bearer-redacted-https-api-example-com');
    expect(ids).toContain('rotate-token-redacted/mysql-uroot-p-redacted-e-select-1');
    expect(ids).toContain('rotate-token-redacted/log-in-to-https-deploy-redacted-ci-example-com-and-check-the');
    expect(rb.phases.map((p) => p.id)).toContain('rotate-token-redacted');
  });

  it('never hold a secret, in any case', () => {
    const everyId = [...ids, ...rb.phases.map((p) => p.id), ...rb.decisions.map((d) => d.id)].join('\n');
    for (const secret of ['ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', 'Hunter2Secret', 'tok3nValue9876543210', 'GluedPass1', 'UrlPass77', 'Qu3stionPass']) {
      expect(everyId.toLowerCase()).not.toContain(secret.toLowerCase().replace(/_/g, '-'));
      expect(everyId.toLowerCase()).not.toContain(secret.toLowerCase());
    }
  });

  it('leave the ids of text without a secret as they were', () => {
    expect(ids).toContain('rotate-token-redacted/echo-password-reset-flow-tested');
    expect(ids).toContain('rotate-token-redacted/confirm-the-password-reset-flow-works');
    expect(slugify('Configure Redis AUTH password')).toBe('configure-redis-auth-password');
    expect(slugify('Generate strong JWT secret: `openssl rand -hex 32`')).toBe('generate-strong-jwt-secret-openssl-rand-hex-32');
  });
});

describe('ids of a runbook re-read from its journaled (redacted) text', () => {
  // `report` re-reads the runbook from the journal, where its text was written redacted:
  // the ids it finds there must be the ids the run recorded.
  const files = Object.keys(JSON.parse(readFileSync(new URL('fixtures/ids.json', import.meta.url), 'utf8')) as Record<string, unknown>);
  const sources: [string, string][] = [
    ['secrets.md (above)', RUNBOOK],
    ['test/reliability/fixtures/secret-corpus.md', readFileSync(new URL('../reliability/fixtures/secret-corpus.md', import.meta.url), 'utf8')],
    ...files.map((f): [string, string] => [f, readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8')]),
  ];

  it.each(sources)('%s: the same ids', (_name, source) => {
    const ids = (rb: Runbook) => ({ steps: rb.steps.map((s) => s.id), phases: rb.phases.map((p) => p.id), decisions: rb.decisions.map((d) => d.id) });
    expect(ids(parse(redactSecretShapes(source)))).toEqual(ids(parse(source)));
  });
});
