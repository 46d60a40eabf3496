import { describe, expect, it } from 'vitest';
import { createRedactor, secretsInEnv } from '../../source/executors/redact';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk';

describe('redaction of credential shapes', () => {
  const redact = createRedactor();

  it.each([
    ['postgres://deploy:hunter2@db-1:5432/govos', 'postgres://deploy:[REDACTED]@db-1:5432/govos'],
    ['redis://:s3cr3t@cache:6379/0', 'redis://:[REDACTED]@cache:6379/0'],
    ['clone https://bot:p%40ss@git.example.com/repo.git', 'clone https://bot:[REDACTED]@git.example.com/repo.git'],
    ['PGPASSWORD=hunter2 psql -h db-1', 'PGPASSWORD=[REDACTED] psql -h db-1'],
    ['export DB_PASSWORD="correct horse"', 'export DB_PASSWORD="[REDACTED]"'],
    ["API_TOKEN='abc def' ./deploy.sh", "API_TOKEN='[REDACTED]' ./deploy.sh"],
    ['STRIPE_SECRET=sk_live_51Habc', 'STRIPE_SECRET=[REDACTED]'],
    ['SIGNING_KEY=abcd1234', 'SIGNING_KEY=[REDACTED]'],
    ['{"password": "hunter2", "user": "govos"}', '{"password": "[REDACTED]", "user": "govos"}'],
    ['  "client_secret": "0a1b2c3d4e",', '  "client_secret": "[REDACTED]",'],
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_access_key = [REDACTED]'],
    ['password: hunter2', 'password: [REDACTED]'],
    ['mysql --password hunter2 -u root', 'mysql --password [REDACTED] -u root'],
    ['Authorization: Bearer abc.def.ghi', 'Authorization: Bearer [REDACTED]'],
    ['curl -H "Authorization: Basic dXNlcjpwYXNz" https://api', 'curl -H "Authorization: Basic [REDACTED]" https://api'],
    ['retrying with Bearer 8f2a9c1e5d7b3f60', 'retrying with Bearer [REDACTED]'],
    ['key AKIAIOSFODNN7EXAMPLE is active', 'key [REDACTED] is active'],
    ['session ASIAY34FZKBOKMUTVV7A', 'session [REDACTED]'],
    ['token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', 'token [REDACTED]'],
    ['github_pat_11ABCDEFG0123456789_abcdefghijklmnop', '[REDACTED]'],
    ['hook xoxb-1234567890-abcdefghijkl', 'hook [REDACTED]'],
    [`jwt=${JWT}`, 'jwt=[REDACTED]'],
    [`cookie: session ${JWT}`, 'cookie: session [REDACTED]'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('redacts a private key block through its END line', () => {
    const text = ['before', '-----BEGIN OPENSSH PRIVATE KEY-----', 'b3BlbnNzaC1rZXktdjEAAAAA', 'QyNTUxOQAAACB', '-----END OPENSSH PRIVATE KEY-----', 'after'].join('\n');
    expect(redact(text)).toBe(
      ['before', '-----BEGIN OPENSSH PRIVATE KEY-----', '[REDACTED]', '[REDACTED]', '-----END OPENSSH PRIVATE KEY-----', 'after'].join('\n'),
    );
  });

  it('redacts the body of a key whose END never comes, as far as its lines read as key', () => {
    expect(redact('-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nmore')).toBe('-----BEGIN RSA PRIVATE KEY-----\n[REDACTED]\n[REDACTED]');
    // A log prefix, PEM headers and a blank line are body too; the first other line is not.
    const cut = ['-----BEGIN RSA PRIVATE KEY-----', 'Proc-Type: 4,ENCRYPTED', '', '12:00:01 MIIEpAIBAAKCAQEAx7vQ', 'QyNTUxOQ==', 'status: 1 key read', 'done'].join('\n');
    expect(redact(cut)).toBe(['-----BEGIN RSA PRIVATE KEY-----', '[REDACTED]', '', '[REDACTED]', '[REDACTED]', 'status: 1 key read', 'done'].join('\n'));
    // A BEGIN line quoted in a command: the rest of that line only.
    expect(redact("printf '-----BEGIN PRIVATE KEY-----\\nMII...' > k.pem\necho ok, written")).toBe("printf '-----BEGIN PRIVATE KEY-----[REDACTED]\necho ok, written");
  });

  it('reads a long line once when looking for a key body', () => {
    const started = performance.now();
    // Two megabytes of base64 and then a word: not key body (it does not end in base64).
    const line = `${'A/'.repeat(1_000_000)} end`;
    expect(redact(`-----BEGIN PRIVATE KEY-----\n${line}\nafter`)).toBe(`-----BEGIN PRIVATE KEY-----\n${line}\nafter`);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('text that only looks like a credential', () => {
  const redact = createRedactor();

  it.each([
    'password reset flow',
    'token count: 5',
    'KEY_COLUMN',
    'the secret is out',
    'AKIA',
    'Bearer of bad news',
    'primary_key: id',
    'max_tokens=4096',
    'PWD=/home/deploy',
    'export DB_PASSWORD=$(vault read -field=password secret/db)',
    'PGPASSWORD="$DB_PASSWORD" psql',
    'postgres://deploy@db-1:5432/govos',
    'docker compose exec backend alembic upgrade +1',
    '-----BEGIN CERTIFICATE-----',
    'policies          12',
  ])('%s', (text) => {
    expect(redact(text)).toBe(text);
  });
});

describe('known secret values', () => {
  it('replaces every occurrence, however it is surrounded', () => {
    const redact = createRedactor(['Tr0ub4dor&3']);
    expect(redact('login Tr0ub4dor&3 ok; again:Tr0ub4dor&3.')).toBe('login [REDACTED] ok; again:[REDACTED].');
    expect(redact('https://x/login?pw=Tr0ub4dor%263')).toBe('https://x/login?pw=[REDACTED]');
  });

  it('takes secrets added later, of any length: a short one wherever it stands as a word of its own', () => {
    const redact = createRedactor();
    redact.addSecret('abc');
    redact.addSecret('s3cr3t-value');
    redact.addSecret('x');
    expect(redact('abc and s3cr3t-value')).toBe('[REDACTED] and [REDACTED]');
    expect(redact('pw="abc", again abc. x marks; x')).toBe('pw="[REDACTED]", again [REDACTED]. [REDACTED] marks; [REDACTED]');
    // Inside other words a 1- to 3-character secret is just letters.
    expect(redact('abcdef tabc exit')).toBe('abcdef tabc exit');
  });

  it('redacts the forms a step can cheaply print a secret in', () => {
    const secret = 'Typed/Corpus Secret+5150';
    const redact = createRedactor([secret]);
    const b64 = Buffer.from(secret).toString('base64');
    for (const form of [
      secret,
      encodeURIComponent(secret),
      secret.toUpperCase(),
      secret.toLowerCase(),
      b64,
      Buffer.from(`${secret}\n`).toString('base64'),
      b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
      Buffer.from(secret).toString('hex'),
      Buffer.from(secret).toString('hex').toUpperCase(),
    ]) {
      expect(redact(`got ${form} here`), form).toBe('got [REDACTED] here');
    }
    // base64 of a text that holds the secret somewhere inside it, at each byte alignment.
    for (const prefix of ['', 'u', 'us', 'use']) {
      const encoded = Buffer.from(`${prefix}:${secret}:tail`).toString('base64');
      expect(redact(encoded), prefix).toContain('[REDACTED]');
    }
  });

  it('redacts a 3-character secret and its forms where they stand alone', () => {
    const redact = createRedactor(['Zq9']);
    expect(redact('the tiny secret is Zq9.')).toBe('the tiny secret is [REDACTED].');
    expect(redact(`b64 ${Buffer.from('Zq9').toString('base64')} hex ${Buffer.from('Zq9').toString('hex')} upper ZQ9`)).toBe('b64 [REDACTED] hex [REDACTED] upper [REDACTED]');
  });

  it('keeps ids and other structural values whole: only shapes and long secrets as written', () => {
    const redact = createRedactor(['ab', 'hunter2-long']);
    expect(redact('deploy-ab-1')).toBe('deploy-[REDACTED]-1');
    expect(redact.structural('phase-1/deploy-ab-1')).toBe('phase-1/deploy-ab-1');
    expect(redact.structural(Buffer.from('hunter2-long').toString('hex'))).toBe(Buffer.from('hunter2-long').toString('hex'));
    expect(redact.structural('phase/echo-hunter2-long')).toBe('phase/echo-[REDACTED]');
    expect(redact.structural('PGPASSWORD=x1y2 psql')).toBe('PGPASSWORD=[REDACTED] psql');
    // What the run reads back (a step id, a path): shapes only, never a known secret's value.
    expect(redact.shapes('phase/echo-hunter2-long')).toBe('phase/echo-hunter2-long');
    expect(redact.shapes('/srv/ab/app')).toBe('/srv/ab/app');
    expect(redact.shapes('PGPASSWORD=x1y2 psql')).toBe('PGPASSWORD=[REDACTED] psql');
  });

  it('keeps the lines of a secret that holds line ends, and redacts each of its lines printed alone', () => {
    // A certificate's private key in the environment (TLS_KEY), printed whole or in part.
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\nAQEFAASCBKcwggSjAgEAAoIB\n-----END PRIVATE KEY-----';
    const redact = createRedactor([pem]);
    const whole = redact(`before\n${pem}\nafter`);
    expect(whole.split('\n')).toHaveLength(6);
    expect(whole).not.toMatch(/MIIEvQ|AQEFAAS/);
    expect(whole.split('\n')[0]).toBe('before');
    expect(whole.split('\n')[5]).toBe('after');
    expect(redact('line 2: MIIEvQIBADANBgkqhkiG9w0B')).toBe('line 2: [REDACTED]');
    // Its armour is no secret: a plain `-----BEGIN PRIVATE KEY-----` line stays readable.
    expect(createRedactor([pem]).structural('-----END PRIVATE KEY-----')).toBe('-----END PRIVATE KEY-----');
  });

  it('hides both of two secrets that overlap, not the first and then the rest of the second', () => {
    const redact = createRedactor(['abcd1234', '1234wxyz']);
    expect(redact('got abcd1234wxyz here')).toBe('got [REDACTED] here');
    expect(redact.structural('got abcd1234wxyz here')).toBe('got [REDACTED] here');
  });

  it('prefers the longest secret when one holds another', () => {
    const redact = createRedactor(['hunter', 'hunter2hunter2']);
    expect(redact('pw hunter2hunter2 / hunter')).toBe('pw [REDACTED] / [REDACTED]');
  });

  it('finds credential values in an environment', () => {
    expect(secretsInEnv({ PGPASSWORD: 'pw-1234', DEPLOY_TOKEN: 'tok-5678', HOME: '/root', PATH: '/bin', X_KEY: 'k', EMPTY_SECRET: undefined })).toEqual([
      'pw-1234',
      'tok-5678',
    ]);
  });

  it('finds DB_PASS, MYSQL_PWD and REDIS_AUTH too, of any length past a flag, but not PWD', () => {
    expect(secretsInEnv({ DB_PASS: 'k7Q', MYSQL_PWD: 'my-pwd-1', REDIS_AUTH: 'r3dis', PWD: '/home/deploy', OLDPWD: '/tmp', USE_AUTH: 'true', DEBUG_TOKEN: '1', VAULT_TOKEN: 'pa$$word' })).toEqual([
      'k7Q',
      'my-pwd-1',
      'r3dis',
      'pa$$word',
    ]);
  });
});

describe('a known secret inside a longer credential', () => {
  // PGPASSWORD (or a secret input) is only part of the credential: what is hidden is what
  // the shape hides and what the known value hides, both read on the text as written.
  const K = 'Zq8pLm4Rt';
  const redact = createRedactor([K]);

  it.each([
    [`Authorization: Bearer ${K}restOfToken123456`, 'Authorization: Bearer [REDACTED]'],
    [`retry with Bearer abcdefgh${K}XYZ1234567`, 'retry with Bearer [REDACTED]'],
    [`postgres://app:${K}tail-part@db:5432/x`, 'postgres://app:[REDACTED]@db:5432/x'],
    [`postgres://app:head-part${K}@db:5432/x`, 'postgres://app:[REDACTED]@db:5432/x'],
    [`https://${K}abcdef0123456789@github.com/x`, 'https://[REDACTED]@github.com/x'],
    [`password=${K}suffix99 psql`, 'password=[REDACTED] psql'],
    [`export DB_PASSWORD="${K}more secret words"`, 'export DB_PASSWORD="[REDACTED]"'],
    [`password: ${K} and-the-rest`, 'password: [REDACTED]'],
    [`ALTER ROLE app PASSWORD '${K}tail9'`, "ALTER ROLE app PASSWORD '[REDACTED]'"],
    [`mysql -p${K}tail9 db`, 'mysql -p[REDACTED] db'],
    [`curl -u admin:${K}tail9 https://x`, 'curl -u admin:[REDACTED] https://x'],
    [`--api-key ${K}tail9`, '--api-key [REDACTED]'],
    [`host=db password=${K}tail9 user=x`, 'host=db password=[REDACTED] user=x'],
    [`Cookie: sid=${K}tail9; theme=dark`, 'Cookie: sid=[REDACTED]; theme=[REDACTED]'],
    [`machine h login u password ${K}tail9`, 'machine h login u password [REDACTED]'],
    [`token ghp_${K}abcdefghijklmnopqrstu done`, 'token [REDACTED] done'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('hides the union when the known secret runs past the end of the credential', () => {
    const redact = createRedactor(['Zq8pLm4Rt rest']);
    expect(redact('PASSWORD=headZq8pLm4Rt rest of line')).toBe('PASSWORD=[REDACTED] of line');
    // The structural class: the same union, no derived forms; read-back stays shapes only.
    expect(redact.structural('PASSWORD=headZq8pLm4Rt rest of line')).toBe('PASSWORD=[REDACTED] of line');
    expect(redact.shapes('PASSWORD=headZq8pLm4Rt rest of line')).toBe('PASSWORD=[REDACTED] rest of line');
  });

  it('keeps prose around a known secret readable', () => {
    expect(redact(`the password reset flow sent ${K} to ops; token count: 5`)).toBe('the password reset flow sent [REDACTED] to ops; token count: 5');
  });
});

describe('many known secrets', () => {
  it('redacts each of 3,000 secrets learnt one at a time, longest first, the short ones as words', () => {
    const secrets = Array.from({ length: 3000 }, (_, i) => `tok-${i.toString(36)}-${(i * 7919).toString(16)}q`);
    const redact = createRedactor(['Zq9']);
    for (const s of secrets) redact.addSecret(s);
    // One holding another: the longer wins, whole.
    redact.addSecret(`${secrets[7] as string}-extended`);
    const lines = secrets.map((s, i) => (i % 3 === 0 ? `got ${s} ok` : i % 3 === 1 ? `b64 ${Buffer.from(s).toString('base64')} ok` : `url ${encodeURIComponent(s.toUpperCase())} ok`));
    const out = redact(lines.join('\n')).split('\n');
    expect(out).toHaveLength(secrets.length);
    expect(out.filter((l) => !/^\w+ \[REDACTED\] ok$/.test(l))).toEqual([]);
    expect(redact(`${secrets[7] as string}-extended; Zq9 but not Zq9x`)).toBe('[REDACTED]; [REDACTED] but not Zq9x');
  });

  it('takes a secret added between two redactions', () => {
    const redact = createRedactor();
    const first = Array.from({ length: 500 }, (_, i) => `first-secret-${i}`);
    for (const s of first) redact.addSecret(s);
    expect(redact('first-secret-499 later-secret-1')).toBe('[REDACTED] later-secret-1');
    redact.addSecret('later-secret-1');
    expect(redact('first-secret-499 later-secret-1')).toBe('[REDACTED] [REDACTED]');
    expect(redact.structural('id later-secret-1')).toBe('id [REDACTED]');
  });
});

describe('redaction cost', () => {
  it('stays linear on long unbroken output (a base64 blob, a row of dashes)', () => {
    const redact = createRedactor(['hunter2-secret']);
    const started = performance.now();
    for (const blob of ['A'.repeat(1_000_000), '-'.repeat(1_000_000), 'eyJ'.repeat(300_000), 'a.'.repeat(500_000)]) {
      expect(redact(blob)).toHaveLength(blob.length);
    }
    // Quadratic matching took minutes here; linear takes well under a second.
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('stream redaction across line batches', () => {
  it('keeps redacting a private key body that arrives in later calls', () => {
    const redact = createRedactor().stream();
    expect(redact('cat id_ed25519\n-----BEGIN OPENSSH PRIVATE KEY-----\n')).toBe('cat id_ed25519\n-----BEGIN OPENSSH PRIVATE KEY-----\n');
    expect(redact('b3BlbnNzaC1rZXktdjEAAAAA\nQyNTUxOQAAACB\n')).toBe('[REDACTED]\n[REDACTED]\n');
    expect(redact('AAAAC3NzaC1\n-----END OPENSSH PRIVATE KEY-----\nuser@host $ ')).toBe('[REDACTED]\n-----END OPENSSH PRIVATE KEY-----\nuser@host $ ');
    expect(redact('PGPASSWORD=hunter2\nplain line\n')).toBe('PGPASSWORD=[REDACTED]\nplain line\n');
  });

  it('stops at the first line that is not key body when the END never comes', () => {
    const redact = createRedactor().stream();
    expect(redact('-----BEGIN PRIVATE KEY-----\n')).toBe('-----BEGIN PRIVATE KEY-----\n');
    expect(redact('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n')).toBe('[REDACTED]\n');
    expect(redact('wrote 1 key, next: deploy\nPGPASSWORD=hunter2\n')).toBe('wrote 1 key, next: deploy\nPGPASSWORD=[REDACTED]\n');
  });

  it("keeps redacting a credential's YAML block whose lines arrive in later calls", () => {
    const redact = createRedactor().stream();
    expect(redact('db:\n  password: |')).toBe('db:\n  password: |');
    expect(redact('    BlockStreamKw21\n\n    second line')).toBe('    [REDACTED]\n\n    [REDACTED]');
    expect(redact('  user: app\nnotes: |\n  plain words')).toBe('  user: app\nnotes: |\n  plain words');
  });

  it('shares known secrets with its base redactor', () => {
    const base = createRedactor();
    const stdout = base.stream();
    base.addSecret('commit-signing-pass');
    expect(stdout('using commit-signing-pass\n')).toBe('using [REDACTED]\n');
  });
});
