// What runbook remembers between runs (conf): the operator's name, the signing key,
// connection profiles (URLs without passwords), where journals were written, the team store.

import Conf from 'conf';

export interface Remembered {
  operator?: string;
  signingKey?: string;
  profiles: Record<string, string>;
  journals: string[];
  /** The team store's URL (no password; `env:VAR` allowed), when `--store` and RUNBOOK_STORE are not given. */
  store?: string;
}

export type Config = Conf<Remembered>;

export function openConfig(env: Record<string, string | undefined>): Config {
  return new Conf<Remembered>({
    projectName: 'runbook',
    projectSuffix: '',
    ...(env.RUNBOOK_HOME ? { cwd: env.RUNBOOK_HOME } : {}),
    defaults: { profiles: {}, journals: [] },
  });
}

export function rememberJournal(config: Config, path: string): void {
  const journals = config.get('journals').filter((p) => p !== path);
  config.set('journals', [path, ...journals].slice(0, 500));
}
