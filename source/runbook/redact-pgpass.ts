// A ~/.pgpass line, host:port:database:user:password, as `cat ~/.pgpass` prints it and as
// `echo 'db:5432:*:app:X' >> ~/.pgpass` writes it: five fields, the second a port or `*`,
// the last the password. An IPv6 address or a MAC address has more fields, and a time
// fewer. Pure and linear: a line starts a match only where a field can start.

import { isNotASecret } from './secret-shapes';
import { endOf, spansOf } from './hidden-spans';
import type { Pass } from './redact-programs';

const FIELD = String.raw`[^\s:'"\`\\]+`;
const PGPASS_LINE = new RegExp(String.raw`(?<![^\s'"=>])${FIELD}:(?:\d{1,5}|\*):${FIELD}:${FIELD}:([^\s:'"\`]+)(?![^\s'"])`, 'g');

export const pgpassLines: Pass = (text, found) => {
  if (!text.includes(':')) return [];
  return spansOf(text, PGPASS_LINE, (m) => {
    const password = m[1] as string;
    if (isNotASecret(password)) return undefined;
    found(password);
    return endOf(m, password);
  });
};
