// What runbook remembers between runs (conf): the operator's name, the signing key,
// connection profiles (URLs without passwords) and where journals were written.

import Conf from 'conf';

export interface Remembered {
  operator?: string;
  signingKey?: string;
  profiles: Record<string, string>;
  journals: string[];
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
