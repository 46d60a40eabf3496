// Oracle's logins, written user/password[@database]: `sqlplus scott/X@orcl`, `expdp
// system/X@db`, `rman target sys/X@db`, `userid=system/X`, a SQL*Plus `connect sys/X as
// sysdba` (often fed by a heredoc), and a thin JDBC URL's `jdbc:oracle:thin:scott/X@host`.
// Pure and linear: each command's words are read once, each pattern is one scan.

import { TextScan, type Span } from './text-scan';
import { hiding, words, type Pass } from './redact-programs';

const CLIENTS = ['sqlplus', 'sql', 'expdp', 'impdp', 'exp', 'imp', 'rman', 'sqlldr', 'dgmgrl', 'tkprof'];
// Followed by a blank: `sql/migrations` is a directory, not SQLcl.
const CLIENT = new RegExp(String.raw`(?<![A-Za-z0-9_./-])(?:${CLIENTS.join('|')})(?=[ \t])`, 'g');
// user/password, user/password@db, userid=user/password, 'sys/X as sysdba' quoted whole:
// a user is a name, not a path.
const LOGIN = /^(?:userid=)?[A-Za-z][A-Za-z0-9_$#]*\/([^/@\s]+)(?:@\S*)?(?:[ \t]+as[ \t]+sys[a-z]+)?$/i;
// `connect sys/X as sysdba` in a SQL*Plus script, and a thin JDBC URL's user/password.
const CONNECT = /^[ \t]*(?:SQL>[ \t]*)?conn(?:ect)?[ \t]+[A-Za-z][A-Za-z0-9_$#]*\/|\bjdbc:oracle:[a-z]+:[A-Za-z][A-Za-z0-9_$#]*\//gim;
const ANY = /sqlplus|sql|dp|exp|imp|rman|ldr|dgmgrl|tkprof|conn|jdbc:oracle/i;

export const oracleCredentials: Pass = (text, found) => {
  if (!ANY.test(text) || !text.includes('/')) return [];
  const scan = new TextScan(text);
  const { spans, redact } = hiding(text, found);
  CLIENT.lastIndex = 0;
  for (let m = CLIENT.exec(text); m; m = CLIENT.exec(text)) {
    const { words: list, end } = words(scan, m.index + m[0].length);
    for (const word of list) {
      const login = LOGIN.exec(text.slice(word.inner.start, word.inner.end));
      if (!login) continue;
      const start = word.inner.start + text.slice(word.inner.start, word.inner.end).indexOf('/') + 1;
      redact(start, start + (login[1] as string).length);
    }
    CLIENT.lastIndex = Math.max(CLIENT.lastIndex, end);
  }
  CONNECT.lastIndex = 0;
  for (let m = CONNECT.exec(text); m; m = CONNECT.exec(text)) {
    const start = m.index + m[0].length;
    let end = start;
    while (end < text.length && !/[@\s'"]/.test(text[end] as string)) end++;
    redact(start, end);
    CONNECT.lastIndex = Math.max(CONNECT.lastIndex, end);
  }
  spans.sort((a, b) => a.start - b.start);
  return spans.filter((s, i) => i === 0 || s.start >= (spans[i - 1] as Span).end);
};
