// A credential in a two-column table, as Vault prints a secret (`vault kv get`, `vault
// read`, `vault write …/secret-id`): the name at a line's start, two or more blanks, and
// one word, the value. A line with more words after the name is a listing (`kubectl get
// secrets`: `db-password   Opaque   1   3d`), not a value, and stays; so does a plain word
// (a table's header `Token   Value`, a status `password    changed`). Pure and linear.

import { isNotASecret, isSensitiveName, looksMadeUp } from './secret-shapes';
import { spansOf } from './hidden-spans';
import type { Pass } from './redact-programs';

const KEY_VALUE_ROW = /^([A-Za-z_][A-Za-z0-9_.-]*)(?: {2,}|\t[ \t]*)([^\s]+)[ \t]*\r?$/gm;

export const tableCredentials: Pass = (text, found) => {
  if (!text.includes('  ') && !text.includes('\t')) return [];
  return spansOf(text, KEY_VALUE_ROW, (m) => {
    const value = m[2] as string;
    if (!isSensitiveName(m[1] as string) || isNotASecret(value) || !looksMadeUp(value)) return undefined;
    found(value);
    const at = m.index + (m[0] as string).lastIndexOf(value);
    return { start: at, end: at + value.length };
  });
};

