// The redaction corpus: one real step per credential shape an operator meets (flags of
// psql, mysql, curl, sshpass, redis-cli, docker, ldapsearch, keytool and openssl; env
// names; JSON, YAML and INI forms; URLs of any scheme; GitLab, GitHub, Slack, Stripe, AWS,
// Google tokens, JWTs, PEM blocks, Authorization headers, cookies; SQL passwords; a secret in a
// step's own text, hence in its id; a password exported and echoed in the same step; a
// 3-character secret input; a password in the front matter's env; base64, hex, upper-case and URL-encoded forms of a secret
// input), run through the real CLI on a real SQLite target. None of them may reach the
// journal's bytes (file and write-ahead log), `show --json`, or either report format;
// text that merely looks like a credential stays as it was.

import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { journalBytes, readEvents, readOutput } from '../faults/support/journal-file';

const FIXTURE = new URL('fixtures/secret-corpus.md', import.meta.url).pathname;

const CORPUS_SECRET = 'Typed/Corpus Secret+5150';
const TINY_SECRET = 'Zq9';

/** Every secret the fixture holds or prints, by where it comes from. */
const SECRETS: Record<string, string[]> = {
  'step text (and so its id)': ['Hunter2IdSecret', 'IdBearerTok3n98765'],
  'command flags': [
    'PsqlFlagPass77',
    'MysqlGlued88',
    'CurlUserPass55',
    'Curl Quoted Pass 35',
    'SshpassSecret31',
    'RedisCliPass62',
    'DockerLoginPass44',
    'LdapBindPass19',
    'KeytoolStore73',
    'OpensslPassin28',
    'ApiKeyFlagValue64',
    'TokenFlagValue36',
  ],
  'environment names': ['DbPassValue12', 'MysqlPwdValue33', 'RedisAuthValue90', 'CommaHead', 'Part2Tail', 'spaced words', 'Tail77', 'EnvApiKeyValue81', 'SessionSecret47', 'EnvGithubTok58', 'OdbcPwdValue24'],
  'JSON, YAML, INI': ['JsonPasswdValue15', 'YamlSecretValue26', 'Yaml Nested Pass 39', 'Nested Pass 39', 'IniTokenValue52'],
  URLs: ['x9TokenInUrl8877665544', 'AmqpUrlPass71', 'RedisUrlPass17', 'MongoSrvPass29', 'HttpsUrl%40Pass63', 'Pass63'],
  tokens: [
    'glpat-CorpusGitLabTok3n0012',
    'CorpusGitLabTok3n0012',
    'sk_live_51CorpusStripeKey0099',
    'rk_live_51CorpusRestricted0077',
    'ghp_CorpusGitHubClassicToken0123456789ab',
    'gho_CorpusGitHubOAuthToken0123456789abcd',
    'github_pat_11CORPUS0000_FineGrainedTokenValue0123',
    'xoxb-123456789012-CorpusSlackBot',
    'AKIACORPUS0EXAMPLE77',
    'CorpusAwsSecret/K7MDENG+bPxRfiCY00',
    'AIzaSyCorpusGoogleApiKey0123456789abcde',
    'Q29ycHVzSnd0U2lnbmF0dXJl',
    'Q29ycHVzOkJhc2ljUGFzcw==',
    'CorpusBearerHeader0042',
  ],
  cookies: ['CorpusCookieSess31', 'CorpusSetCookie47'],
  'credential files (~/.netrc, docker config, kubeconfig)': ['CorpusNetrcPass58', 'Q29ycHVzRG9ja2VyQXV0aDo2Ng==', 'Q29ycHVzS3ViZUNsaWVudEtleURhdGE='],
  'private key block': ['MIIEpCorpusPemBodyLineOne', 'CorpusPemBodyLineTwo'],
  'exported and echoed in the same step': ['SameStepPass66', 'Same Step Token 74'],
  'exported and carried to the next step': ['CarriedMysqlPwd57'],
  "the front matter's env": ['FrontMatterPass81'],
  'secret input and its derived forms': [
    CORPUS_SECRET,
    Buffer.from(CORPUS_SECRET).toString('base64'),
    Buffer.from(`${CORPUS_SECRET}\n`).toString('base64'),
    Buffer.from(CORPUS_SECRET).toString('hex'),
    CORPUS_SECRET.toUpperCase(),
    encodeURIComponent(CORPUS_SECRET),
  ],
  SQL: ['SqlAlterPass41', 'SqlIdentified93'],
};

// Three characters can turn up by chance in a binary file; these are the contexts the
// fixture writes them in.
const SHORT_IN_CONTEXT = [`is ${TINY_SECRET}.`, '"DB_PASS":"k7Q"', 'DB_PASS=k7Q'];

const LOOKALIKES = [
  'the password reset flow is enabled',
  'Configure Redis AUTH password',
  'token count: 5',
  'mkdir -p /var/lib/app',
  'ssh -p 2222 deploy@bastion',
  'docker run -p 8080:80 nginx',
  'curl -u deploy https://api.example.com',
  'mysql -p govos',
  'PWD=/home/deploy',
  'tests: 12 pass: 12 fail: 0',
  'ALTER USER app RENAME TO app_v2',
  'postgres://app@db.internal:5432/govos',
  'max_tokens=4096',
  'secret_santa_list.txt',
  'export TOKEN=<admin-token>',
];

describe('the redaction corpus through the real CLI', () => {
  const dir = tempDir('runbook-corpus-');
  const journal = join(dir, 'run.runbook.sqlite');
  const env = cliEnv(join(dir, 'home'));
  let stdout = '';
  const views: Record<string, string> = {};

  beforeAll(async () => {
    mkdirSync(join(dir, 'home'));
    copyFileSync(FIXTURE, join(dir, 'corpus.md'));
    new Database(join(dir, 'ledger.db')).close();
    const run = await runCli(['run', join(dir, 'corpus.md'), '--plain', '--journal', journal, '--operator', 'ana'], {
      env,
      cwd: dir,
      input: `${CORPUS_SECRET}\n${TINY_SECRET}\n${'y\n'.repeat(40)}`,
      timeoutMs: 60_000,
    });
    stdout = run.stdout;
    expect(run.code, run.stdout.slice(-2500) + run.stderr).toBe(0);
    expect(stdout).toContain('completed');
    for (const args of [['show', journal, '--json'], ['report', journal], ['report', journal, '--format', 'json']]) {
      const result = await runCli(args, { env, cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      views[args.slice(2).join(' ') || 'report'] = result.stdout;
    }
  }, 90_000);

  it.each(Object.entries(SECRETS))('%s: in neither the journal file nor its write-ahead log', (_shape, secrets) => {
    const bytes = journalBytes(journal);
    expect(bytes.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(bytes.includes(secret), secret).toBe(false);
      // A step id is a lower-case slug of the step's text.
      expect(bytes.includes(secret.toLowerCase()), `${secret.toLowerCase()} (as in an id)`).toBe(false);
    }
  });

  it.each(Object.entries(SECRETS))('%s: in neither show --json nor the Markdown or JSON report', (_shape, secrets) => {
    for (const [view, text] of Object.entries(views)) {
      expect(text).toContain('[REDACTED]');
      for (const secret of secrets) {
        expect(text, `${secret} in ${view}`).not.toContain(secret);
        expect(text.toLowerCase(), `${secret.toLowerCase()} in ${view}`).not.toContain(secret.toLowerCase());
      }
    }
  });

  it('writes a 3-character secret input and a 3-character exported password nowhere', () => {
    const bytes = journalBytes(journal);
    for (const context of SHORT_IN_CONTEXT) {
      expect(bytes.includes(context), context).toBe(false);
      for (const text of Object.values(views)) expect(text).not.toContain(context);
    }
    expect(readOutput(journal, 'derived')).toContain('the tiny secret is [REDACTED].');
  });

  it('makes the ids of steps holding a secret from their redacted text', () => {
    const started = readEvents(journal).find((e) => e.type === 'run.started');
    const ids = (started?.payload.steps as { id: string }[]).map((s) => s.id);
    expect(ids).toContain('phase-1-secrets-in-step-text/pgpassword-redacted-sh-c-echo-connected');
    expect(ids).toContain('phase-1-secrets-in-step-text/echo-h-authorization-bearer-redacted');
    // Ids of text without a secret are as they always were.
    expect(ids).toContain('phase-3-text-that-only-looks-like-a-secret/echo-password-reset-flow-tested');
    expect(ids).toContain('phase-3-text-that-only-looks-like-a-secret/echo-token-count-5');
  });

  it('still carries an exported password to the next step (it is only kept out of the record)', () => {
    expect(stdout).toContain('carried length 17 and 3');
  });

  it('leaves text that merely looks like a credential intact', () => {
    expect(readOutput(journal, 'lookalikes')).toEqual(LOOKALIKES);
  });
});

describe('a secret input short enough to be a word of step ids', () => {
  // "ok" is redacted wherever it stands as a word of output or of a step's text, but the
  // ids that hold it stay whole: cut apart, the journal would name steps that do not exist.
  const RUNBOOK = ['---', 'title: Short secret', 'inputs:', '  pin: { prompt: PIN, secret: true }', '---', '', '# Short secret', '', '## Phase 1: Deploy', '', '```bash', '[ ] echo "deploy ok"', '[ ] echo "pin is ${pin}"', '```', ''].join('\n');

  it('is redacted from the output, and the run still records every step under its id', async () => {
    const dir = tempDir('runbook-short-secret-');
    const journal = join(dir, 'run.runbook.sqlite');
    const env = cliEnv(join(dir, 'home'));
    mkdirSync(join(dir, 'home'));
    writeFileSync(join(dir, 'short.md'), RUNBOOK);
    const run = await runCli(['run', join(dir, 'short.md'), '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir, input: `ok\n${'y\n'.repeat(6)}` });
    expect(run.code, run.stdout.slice(-2000) + run.stderr).toBe(0);

    expect(readOutput(journal, 'phase-1-deploy/echo-deploy-ok')).toEqual(['deploy [REDACTED]']);
    expect(readOutput(journal, 'phase-1-deploy/echo-pin-is-pin')).toEqual(['pin is [REDACTED]']);
    const shown = await runCli(['show', journal, '--json'], { env, cwd: dir });
    const state = JSON.parse(shown.stdout) as { state: string; steps: { id: string; status: string }[] };
    expect(state.state).toBe('completed');
    expect(state.steps.filter((s) => s.id.startsWith('phase-1-deploy/')).map((s) => [s.id, s.status])).toEqual([
      ['phase-1-deploy/echo-deploy-ok', 'passed'],
      ['phase-1-deploy/echo-pin-is-pin', 'passed'],
    ]);
    // (The runbook's own text, journaled before the PIN was typed, says "deploy ok": that is
    // the checklist's word, not the operator's secret.)
    expect(journalBytes(journal).includes('pin is ok')).toBe(false);
  });
});

describe('a password set and printed by a command edited at the prompt', () => {
  // The runbook cannot know it: the value is learnt from the command before it runs, so
  // its echo is redacted as the output is written, not only after the step.
  it('is in neither the journal nor the report', async () => {
    const dir = tempDir('runbook-edited-secret-');
    const journal = join(dir, 'run.runbook.sqlite');
    const env = cliEnv(join(dir, 'home'));
    mkdirSync(join(dir, 'home'));
    writeFileSync(join(dir, 'edit.md'), ['# Edited', '', '## Phase 1: Connect', '', '```bash {#connect}', 'echo "connecting"', '```', ''].join('\n'));
    const edited = 'export DB_PASSWORD=EditedStepPass12; echo "now using $DB_PASSWORD"';
    const run = await runCli(['run', join(dir, 'edit.md'), '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir, input: `e\n${edited}\ny\n` });
    expect(run.code, run.stdout.slice(-2000) + run.stderr).toBe(0);
    expect(readOutput(journal, 'connect')).toEqual(['now using [REDACTED]']);
    const report = await runCli(['report', journal, '--format', 'json'], { env, cwd: dir });
    expect(journalBytes(journal).includes('EditedStepPass12')).toBe(false);
    expect(report.stdout).not.toContain('EditedStepPass12');
    expect(report.stdout).toContain('export DB_PASSWORD=[REDACTED]');
  });
});

describe('a secret input holding quotes, a backslash and accents, printed back as JSON', () => {
  // A generated password often holds `"` or `\`, and tools print values back as JSON
  // (`jq`, `terraform output -json`, an API echoing its request): there each is escaped,
  // and non-ASCII letters may be \u escapes. Before, those forms were written in clear.
  const SECRET = 'Zq9$x"w\\Lang-Pässwört';
  const RUNBOOK = [
    '---',
    'title: JSON secret',
    'inputs:',
    '  vault_pass: { prompt: Vault pass, secret: true }',
    '---',
    '',
    '# JSON secret',
    '',
    '## Phase 1: Echo',
    '',
    '```bash {#as-json}',
    'node -e \'console.log(JSON.stringify({ value: process.argv[1] }))\' "$vault_pass"',
    '```',
    '',
    '```bash {#as-ascii-json}',
    'node -e \'console.log(JSON.stringify({ value: process.argv[1] }).replace(/[\\u0080-\\uffff]/g, (c) => "\\\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")))\' "$vault_pass"',
    '```',
    '',
  ].join('\n');

  it('is redacted in its JSON-escaped forms too', async () => {
    const dir = tempDir('runbook-json-secret-');
    const journal = join(dir, 'run.runbook.sqlite');
    const env = cliEnv(join(dir, 'home'));
    mkdirSync(join(dir, 'home'));
    writeFileSync(join(dir, 'json.md'), RUNBOOK);
    const run = await runCli(['run', join(dir, 'json.md'), '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir, input: `${SECRET}\n${'y\n'.repeat(4)}` });
    expect(run.code, run.stdout.slice(-2000) + run.stderr).toBe(0);
    // The terminal saw the forms the journal must not hold.
    const escaped = JSON.stringify(SECRET).slice(1, -1);
    const ascii = escaped.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect(run.stdout).toContain(`{"value":"${escaped}"}`);
    expect(run.stdout).toContain(`{"value":"${ascii}"}`);

    expect(readOutput(journal, 'as-json')).toEqual(['{"value":"[REDACTED]"}']);
    expect(readOutput(journal, 'as-ascii-json')).toEqual(['{"value":"[REDACTED]"}']);
    const report = await runCli(['report', journal, '--format', 'json'], { env, cwd: dir });
    for (const form of [escaped, ascii, 'Lang-P']) {
      expect(journalBytes(journal).includes(form), form).toBe(false);
      expect(report.stdout, form).not.toContain(form);
    }
  });
});

describe("a secret input's default, written in the front matter", () => {
  // Enter takes the default, so the default is the secret the run uses. Before, it was
  // journaled in clear with the runbook's text (run.started), though never as a value.
  const RUNBOOK = ['---', 'title: Default secret', 'inputs:', '  db_pw: { prompt: DB password, secret: true, default: "DefaultSecretVal99" }', '---', '', '# Default secret', '', '## Phase 1: Use', '', 'DB password: ____', '', '```bash {#use}', 'echo "using $db_pw"', '```', ''].join('\n');

  it('is in neither the journal nor the report', async () => {
    const dir = tempDir('runbook-default-secret-');
    const journal = join(dir, 'run.runbook.sqlite');
    const env = cliEnv(join(dir, 'home'));
    mkdirSync(join(dir, 'home'));
    writeFileSync(join(dir, 'default.md'), RUNBOOK);
    const run = await runCli(['run', join(dir, 'default.md'), '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir, input: '\ny\n' });
    expect(run.code, run.stdout.slice(-2000) + run.stderr).toBe(0);
    expect(run.stdout).toContain('using DefaultSecretVal99');
    expect(readOutput(journal, 'use')).toEqual(['using [REDACTED]']);
    expect(journalBytes(journal).includes('DefaultSecretVal99')).toBe(false);
    for (const args of [['report', journal], ['report', journal, '--format', 'json'], ['show', journal, '--json']]) {
      const shown = await runCli(args, { env, cwd: dir });
      expect(shown.stdout, args.join(' ')).not.toContain('DefaultSecretVal99');
    }
  });
});
