// The catalogue of credential shapes: what a secret looks like in text, as data.
// Pure (no I/O), so the runbook layer makes step ids from redacted text with it and the
// executors redact output with the same table (executors/redact.ts adds known values).
//
// Token formats follow the rule set of gitleaks (github.com/gitleaks/gitleaks,
// cmd/generate/config/rules/*.go; rule ids named beside each entry) — our own, looser
// patterns, not its code: a shape is redacted wherever it stands, so each one starts with
// a literal prefix and none can backtrack over a long line. Names that mark a credential
// (password, token, api_key, …) are gitleaks' "generic" and "database-password" keywords,
// plus the variables the usual clients read (PGPASSWORD, MYSQL_PWD, REDIS_AUTH).

export const REDACTED = '[REDACTED]';

export interface TokenShape {
  /** What it is, and the gitleaks rule it follows. */
  name: string;
  /** Literal text every match holds: the pattern runs only on text that has one (as gitleaks' keywords). */
  keywords: readonly string[];
  pattern: string;
}

/** Tokens recognisable by their own shape, wherever they stand. */
export const TOKEN_SHAPES: readonly TokenShape[] = [
  { name: 'AWS access key id (aws-access-token)', keywords: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'], pattern: String.raw`\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b` },
  { name: 'GitHub token: personal, OAuth, user, server, refresh (github-pat, github-oauth, github-app-token)', keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], pattern: String.raw`\bgh[pousr]_[A-Za-z0-9]{20,}` },
  { name: 'GitHub fine-grained token (github-fine-grained-pat)', keywords: ['github_pat_'], pattern: String.raw`\bgithub_pat_[A-Za-z0-9_]{20,}` },
  { name: 'GitLab tokens: personal, pipeline, runner, deploy, … (gitlab-pat, gitlab-ptt, gitlab-rrt, …)', keywords: ['gl'], pattern: String.raw`\bgl(?:pat|ptt|rt|dt|cbt|oas|soat|ft|imt|agent|ffct|rtr)-[A-Za-z0-9_.-]{20,}` },
  { name: 'Slack tokens (slack-bot-token, slack-user-token, slack-app-token, …)', keywords: ['xox', 'xapp-'], pattern: String.raw`\bxox[abposre]-[A-Za-z0-9-]{10,}|\bxoxe\.xox[bp]-[A-Za-z0-9-]{10,}|\bxapp-\d-[A-Za-z0-9-]{10,}` },
  { name: 'Slack webhook path (slack-webhook-url)', keywords: ['hooks.slack.com/'], pattern: String.raw`(?<=hooks\.slack\.com/(?:services|workflows|triggers)/)[A-Za-z0-9_/+-]{20,}` },
  { name: 'Stripe secret and restricted keys, webhook secret (stripe-access-token)', keywords: ['sk_', 'rk_', 'whsec_'], pattern: String.raw`\b(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,}|\bwhsec_[A-Za-z0-9]{20,}` },
  { name: 'Google API key (gcp-api-key)', keywords: ['AIza'], pattern: String.raw`\bAIza[A-Za-z0-9_-]{35}` },
  { name: 'Google OAuth client secret (GOCSPX- prefix, as Google documents it)', keywords: ['GOCSPX-'], pattern: String.raw`\bGOCSPX-[A-Za-z0-9_-]{20,}` },
  { name: 'JSON Web Token (jwt)', keywords: ['eyJ'], pattern: String.raw`\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}` },
  { name: 'npm access token (npm-access-token)', keywords: ['npm_'], pattern: String.raw`\bnpm_[A-Za-z0-9]{36}\b` },
  { name: 'PyPI upload token (pypi-upload-token)', keywords: ['pypi-'], pattern: String.raw`\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{30,}` },
  { name: 'OpenAI and Anthropic API keys (openai-api-key, anthropic-api-key)', keywords: ['sk-'], pattern: String.raw`\bsk-(?:proj|svcacct|admin|ant)-[A-Za-z0-9_-]{30,}|\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b` },
  { name: 'HashiCorp Vault tokens, and the service tokens before Vault 1.10 (vault-service-token, vault-batch-token)', keywords: ['hvs.', 'hvb.', 'hvr.', 's.'], pattern: String.raw`\bhv[sbr]\.[A-Za-z0-9_-]{24,}|(?<![A-Za-z0-9_./-])s\.(?=[A-Za-z]*[0-9])[A-Za-z0-9]{24}\b` },
  { name: 'Google access token (ya29. prefix, as gcloud auth print-access-token prints it)', keywords: ['ya29.'], pattern: String.raw`\bya29\.[A-Za-z0-9_-]{20,}` },
  { name: 'Terraform Cloud token (hashicorp-tf-api-token)', keywords: ['.atlasv1.'], pattern: String.raw`\b[a-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,}` },
  { name: 'DigitalOcean tokens (digitalocean-pat, digitalocean-access-token)', keywords: ['_v1_'], pattern: String.raw`\bdo[oprt]_v1_[a-f0-9]{64}\b` },
  { name: 'SendGrid API key (sendgrid-api-token)', keywords: ['SG.'], pattern: String.raw`\bSG\.[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{40,}` },
  { name: 'Shopify tokens (shopify-access-token, shopify-shared-secret, …)', keywords: ['shp'], pattern: String.raw`\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b` },
  { name: 'Docker Hub personal access token (dckr_pat_ prefix, as Docker documents it)', keywords: ['dckr_pat_'], pattern: String.raw`\bdckr_pat_[A-Za-z0-9_-]{20,}` },
  { name: 'Hugging Face token (huggingface-access-token)', keywords: ['hf_'], pattern: String.raw`\bhf_[A-Za-z0-9]{30,}` },
  { name: 'Grafana tokens (grafana-service-account-token, grafana-cloud-api-token)', keywords: ['glsa_', 'glc_'], pattern: String.raw`\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b|\bglc_[A-Za-z0-9+/]{32,}={0,2}` },
  { name: 'Atlassian API token (atlassian-api-token)', keywords: ['ATATT3'], pattern: String.raw`\bATATT3[A-Za-z0-9_=-]{100,}` },
  { name: 'Postman API key (postman-api-token)', keywords: ['PMAK-'], pattern: String.raw`\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b` },
  { name: 'Databricks token (databricks-api-token)', keywords: ['dapi'], pattern: String.raw`\bdapi[a-f0-9]{32}(?:-\d)?\b` },
  { name: 'age secret key (age-secret-key)', keywords: ['AGE-SECRET-KEY-1'], pattern: String.raw`\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b` },
  { name: 'Azure SAS signature (azure-storage sig=)', keywords: ['sig='], pattern: String.raw`(?<=[?&]sig=)[A-Za-z0-9%+/=]{20,}` },
  { name: 'Presigned URL signature: S3 (X-Amz-Signature, Signature=) and GCS (X-Goog-Signature), as AWS and Google document them', keywords: ['Signature='], pattern: String.raw`(?<=[?&](?:X-Amz-Signature|X-Goog-Signature|Signature)=)[A-Za-z0-9%+/=_-]{16,}` },
];

// Names whose value is a credential: env (PGPASSWORD, DB_PASS, MYSQL_PWD, REDIS_AUTH,
// AWS_SECRET_ACCESS_KEY), keys in JSON/YAML/INI (password, passwd, client_secret,
// api_key, a kubeconfig's client-key-data; AWS Secrets Manager's SecretString), flags
// (--password, --api-key, --token, curl's --oauth2-bearer).
// Matched on the end of the name, so `password_file`, `token_count` and `max_tokens` are
// not credentials.
const SENSITIVE_END = /(?:password|passwd|passphrase|secret|secret[_.-]?(?:string|binary)|oauth2[_-]?bearer|token|credentials?|api[_.-]?key|apikey|(?:access|secret|private|signing|encryption|master|client|account|session|auth)[_.-]?key|(?:client|private)[_.-]?key[_.-]?data)$/i;
// Vault's AppRole secret_id (VAULT_SECRET_ID) and Consul's SecretID are credentials; AWS's
// --secret-id and SecretId name a secret, they do not hold one.
const SECRET_ID = /(?:secret_id|SECRET_ID|SecretID)$/;
// Short words only as the last part of a compound name: DB_PASS, MYSQL_PWD, REDIS_AUTH,
// --db-pass. `bypass`, `OLDPWD` and `oauth` are not credentials.
const SENSITIVE_PART = /[_.-](?:pass|pwd|auth)$/i;
// Bare `pass`/`pwd` in a connection string (`Pwd=…`) or a config file; but `PWD` is the
// shell's working directory.
const BARE_SHORT = /^(?:pass|pwd)$/i;
// UPPER_CASE *_KEY is an environment variable holding a key; a lowercase `primary_key: id`
// is schema talk.
const UPPER_KEY = /^[A-Z0-9_]*_KEY$/;

export function isSensitiveName(name: string): boolean {
  if (name === 'PWD') return false;
  return SENSITIVE_END.test(name) || SENSITIVE_PART.test(name) || BARE_SHORT.test(name) || UPPER_KEY.test(name) || SECRET_ID.test(name);
}

// What passwd and chpasswd print after their name (`passwd: password updated successfully`,
// `chpasswd: (user ops) pam_chauthtok() failed`): the outcome of a rotation, not a password.
const PASSWD_MESSAGE = /^(?:(?:password (?:updated successfully|unchanged|changed|expiry information changed)|all authentication tokens updated successfully|Authentication token manipulation error|error detected, changes ignored)\.?$|\((?:line \d+, )?user [^\s)]+\) )/;

/** A message passwd or chpasswd printed, its name at the start of the line. */
export function isPasswdMessage(name: string, value: string, lineStart: boolean): boolean {
  return lineStart && (name === 'passwd' || name === 'chpasswd') && PASSWD_MESSAGE.test(value);
}

/** A bare `pass` holding a number is a test count (`pass: 12 fail: 0`), not a password. */
export function isCountName(name: string, value: string): boolean {
  return /^pass$/i.test(name) && /^\d+,?$/.test(value);
}

// Single-dash flags that take a password: keytool (-storepass, -keypass, -srcstorepass…),
// openssl (-pass, -passin, -passout), and the Java-style -password / -token.
const SINGLE_DASH_FLAG = /^(?:(?:src|dest|new)?(?:store|key)pass|pass|passin|passout|password|passwd|token|secret)$/i;

// A Java system property set on the command line: -Djavax.net.ssl.keyStorePassword=X,
// -Dspring.datasource.password=X (mvn and gradle read -D the same way).
const SYSTEM_PROPERTY = /^D[A-Za-z_]/;

/** `--name` / `-name` flags whose value is a credential; `-Dname=` when the property's name marks one. */
export function isSensitiveFlag(dashes: string, name: string, separator = ''): boolean {
  if (dashes === '--') return isSensitiveName(name);
  return SINGLE_DASH_FLAG.test(name) || (separator === '=' && SYSTEM_PROPERTY.test(name) && isSensitiveName(name.slice(1)));
}

/**
 * Programs whose options carry a credential beyond `--password`: where the value is
 * `user:password` (redacted after the colon), or a short flag's value.
 */
export interface ProgramCredentials {
  programs: readonly string[];
  /** Short flags whose value is the password: glued (`-pX`) and/or spaced (`-p X`). */
  short?: { flag: string; glued: boolean; spaced: boolean };
  /** Flags whose value is `user:password` (or `user%password` for smbclient). */
  userPassword?: readonly string[];
  userSeparator?: string;
  /** The short flag counts only after this subcommand (`docker login -p`, not `docker run -p`). */
  after?: string;
  /** Settings given as NAME VALUE after a subcommand; NAME may be dotted (`default.NAME`). */
  settings?: { after: string; names: readonly string[] };
  /**
   * The password as a plain argument once an option letter asks for it: the `at`-th
   * argument (from 1), one fewer with the `fewer` letter; `valued` letters take the next word.
   */
  batch?: { letter: string; at: number; fewer: string; valued: string };
  /**
   * The password as the `at`-th plain argument after one of these subcommands (`rabbitmqctl
   * add_user bob X`), or the command's last (`openssl passwd -6 -salt s X`).
   */
  argument?: { after: readonly string[]; at: number | 'last' };
}

export const PROGRAM_CREDENTIALS: readonly ProgramCredentials[] = [
  // mysql -pX: glued only; `mysql -p db` prompts, and db is the database.
  { programs: ['mysql', 'mysqldump', 'mysqladmin', 'mysqlimport', 'mysqlshow', 'mysqlcheck', 'mysqlpump', 'mysqlsh', 'mariadb', 'mariadb-dump', 'mariadb-admin'], short: { flag: '-p', glued: true, spaced: false } },
  { programs: ['curl'], userPassword: ['-u', '--user', '-U', '--proxy-user'] },
  { programs: ['skopeo', 'podman', 'buildah'], userPassword: ['--creds', '--src-creds', '--dest-creds'] },
  { programs: ['smbclient'], userPassword: ['-U', '--user'], userSeparator: '%' },
  { programs: ['sshpass'], short: { flag: '-p', glued: true, spaced: true } },
  { programs: ['redis-cli'], short: { flag: '-a', glued: true, spaced: true } },
  // Registries and clouds: docker login -p X, az login -u u -p X, oc login -p X, cf login -p X.
  { programs: ['docker', 'podman', 'nerdctl', 'helm', 'oras', 'az', 'oc', 'cf'], short: { flag: '-p', glued: false, spaced: true }, after: 'login' },
  { programs: ['mongo', 'mongosh', 'mongodump', 'mongorestore', 'mongoexport', 'mongoimport'], short: { flag: '-p', glued: false, spaced: true } },
  { programs: ['sqlcmd', 'bcp', 'osql'], short: { flag: '-P', glued: false, spaced: true } },
  { programs: ['zip', 'unzip'], short: { flag: '-P', glued: false, spaced: true } },
  { programs: ['7z', '7za', '7zz', '7zr'], short: { flag: '-p', glued: true, spaced: false } },
  // openssl enc -k: the passphrase itself (-kfile and -pass name where it is).
  { programs: ['openssl'], short: { flag: '-k', glued: false, spaced: true } },
  // aws configure set aws_secret_access_key X (default.…, profile.dev.… too).
  { programs: ['aws'], settings: { after: 'set', names: ['aws_secret_access_key', 'aws_session_token'] } },
  // npm config set //registry.example.com/:_authToken X (pnpm's and yarn's the same).
  { programs: ['npm', 'pnpm', 'yarn'], settings: { after: 'set', names: ['_authToken', '_auth', '_password', 'npmAuthToken', 'npmAuthIdent'] } },
  // htpasswd -b FILE USER X, or -nb USER X (no file); -C cost and -r rounds take a value.
  { programs: ['htpasswd'], batch: { letter: 'b', at: 3, fewer: 'n', valued: 'Cr' } },
  // ssh-keygen -N new passphrase, -P old one (`-N ''` is no passphrase, and stays).
  { programs: ['ssh-keygen'], short: { flag: '-N', glued: true, spaced: true } },
  { programs: ['ssh-keygen'], short: { flag: '-P', glued: true, spaced: true } },
  // A BMC's and an MQTT broker's password: ipmitool -U admin -P X, mosquitto_pub -u u -P X.
  { programs: ['ipmitool', 'mosquitto_pub', 'mosquitto_sub', 'mosquitto_rr'], short: { flag: '-P', glued: false, spaced: true } },
  { programs: ['ncftp', 'ncftpget', 'ncftpput', 'ncftpls'], short: { flag: '-p', glued: false, spaced: true } },
  // lftp -u user,password.
  { programs: ['lftp'], userPassword: ['-u', '--user'], userSeparator: ',' },
  // rabbitmqctl add_user bob X, change_password bob X; rabbitmqadmin -u admin -p X.
  { programs: ['rabbitmqctl'], argument: { after: ['add_user', 'change_password', 'authenticate_user'], at: 2 } },
  { programs: ['rabbitmqadmin'], short: { flag: '-p', glued: false, spaced: true } },
  // openssl passwd -6 [-salt s] X: the password the hash is made of.
  { programs: ['openssl'], argument: { after: ['passwd'], at: 'last' } },
  // mysqladmin -u root password X: the new password of the `password` command.
  { programs: ['mysqladmin', 'mariadb-admin'], argument: { after: ['password'], at: 1 } },
  { programs: ['ldapsearch', 'ldapmodify', 'ldapadd', 'ldapdelete', 'ldapwhoami', 'ldappasswd', 'ldapcompare', 'ldapmodrdn'], short: { flag: '-w', glued: false, spaced: true } },
];

// Not a credential but a reference to one ($VAR, ${…}, $(…), `cmd`), a placeholder (<token>,
// [PASSWORD], {{ secret }}, %PASSWORD%), a structure opening, or a flag value
// (`secret: true` in front matter declares, it does not hold).
const REFERENCE = /^(?:\$(?!['"])|`|<|\{|\[|%[A-Za-z_]|(?:env|file|fd):|stdin$)|^(?:true|false|yes|no|on|off|null|nil|none|undefined|~)$/i;
// Blanks and masks: `____` (a form to fill in), `****`, `...`, `xxxx`; and a YAML block
// indicator (`password: |`), whose value is on the lines below (block-scalars.ts).
const PLACEHOLDER = /^(?:[_*.…#-]+|x{3,}|X{3,}|[|>][-+1-9]{0,2})$/;

/** The value (outer quotes already removed) holds no credential to hide. */
export function isNotASecret(value: string): boolean {
  return value === '' || value.includes(REDACTED) || REFERENCE.test(value) || PLACEHOLDER.test(value);
}

/**
 * After a plain word in a sentence ("Generate the JWT secret: openssl rand", "INFO login
 * with password: hunter2") only a value that looks made up is a credential: it holds a
 * digit or a symbol, or mixes cases over eight letters. A word like "quarterly" is prose.
 */
export function looksMadeUp(value: string): boolean {
  return /[0-9]|[^A-Za-z]/.test(value) || (value.length >= 8 && /[a-z]/.test(value) && /[A-Z]/.test(value));
}
