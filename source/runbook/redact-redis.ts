// Redis's own ways of naming a password, which no `password` key or flag spells:
// `requirepass X` and `masterauth X` (a redis.conf line, CONFIG SET, and CONFIG GET's reply
// on the line below the name), `AUTH [user] X` given to redis-cli, and ACL SETUSER's `>X`.
// Pure and linear: each pattern is one scan, each command's words read once.

import { TextScan, type Span } from './text-scan';
import { hiding, words, type Pass } from './redact-programs';

// At a line's start (redis.conf, `grep requirepass` output) or a quoted one's (`echo
// "requirepass X" >> redis.conf`, `printf '…\nrequirepass X'`), after CONFIG SET, or as
// CONFIG GET's reply: `1) "requirepass"` then `2) "X"`.
const DIRECTIVE = /(?:^[ \t]*|(?<=["']|\\n)|\bCONFIG[ \t]+SET[ \t]+)(?:requirepass|masterauth)[ \t]+|^[ \t]*1\)[ \t]+"(?:requirepass|masterauth)"\r?\n[ \t]*2\)[ \t]+/gim;
const REDIS_CLI = /(?<![A-Za-z0-9_.-])redis-cli(?![A-Za-z0-9_.-])/g;
const ACL_SETUSER = /\bACL[ \t]+SETUSER[ \t]+/gi;
const ANY = /requirepass|masterauth|redis-cli|setuser/i;

export const redisCredentials: Pass = (text, found) => {
  if (!ANY.test(text)) return [];
  const scan = new TextScan(text);
  const { spans, redact } = hiding(text, found);
  DIRECTIVE.lastIndex = 0;
  for (let m = DIRECTIVE.exec(text); m; m = DIRECTIVE.exec(text)) {
    const value = scan.value(m.index + m[0].length, false);
    if (!value) continue;
    // printf's `\n` ends the config line it writes.
    const escape = value.quoted ? -1 : scan.next('\\n', value.inner.start);
    redact(value.inner.start, escape !== -1 && escape < value.inner.end ? escape : value.inner.end);
  }
  // redis-cli [options] AUTH [user] X: the last word of the command is the password.
  REDIS_CLI.lastIndex = 0;
  for (let m = REDIS_CLI.exec(text); m; m = REDIS_CLI.exec(text)) {
    const { words: list, end } = words(scan, m.index + m[0].length);
    const auth = list.findIndex((w) => !w.quoted && /^auth$/i.test(text.slice(w.start, w.end)));
    const last = list.at(-1);
    if (auth !== -1 && last && list.length - auth <= 3 && list.length - auth >= 2) redact(last.inner.start, last.inner.end);
    REDIS_CLI.lastIndex = Math.max(REDIS_CLI.lastIndex, end);
  }
  // ACL SETUSER app on '>X' ~* +@all: a word opening with > adds the password after it.
  ACL_SETUSER.lastIndex = 0;
  for (let m = ACL_SETUSER.exec(text); m; m = ACL_SETUSER.exec(text)) {
    let at = m.index + m[0].length;
    const lineEnd = scan.lineEnd(at);
    while (at < lineEnd) {
      // Unquoted, as redis-cli's own prompt takes it: >X.
      if (text[at] === '>' && at + 1 < lineEnd && text[at + 1] !== ' ' && text[at + 1] !== '\t') {
        const end = scan.wordEnd(at + 1);
        redact(at + 1, end);
        at = Math.max(end, at + 1);
        continue;
      }
      const value = scan.value(at, false);
      if (!value || value.end <= at) {
        at++;
        continue;
      }
      if (text[value.inner.start] === '>') redact(value.inner.start + 1, value.inner.end);
      at = value.end;
    }
    ACL_SETUSER.lastIndex = Math.max(ACL_SETUSER.lastIndex, lineEnd);
  }
  spans.sort((a, b) => a.start - b.start);
  return spans.filter((s, i) => i === 0 || s.start >= (spans[i - 1] as Span).end);
};
