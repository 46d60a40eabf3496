// Tokens and passwords a login reads on its standard input because a flag says so:
// `docker login --password-stdin <<< X`, `echo X | gh auth login --with-token`. The flag
// names no value of its own, so the here-string after it or the echo piped into its
// command is the credential. Pure and linear: the text is walked forward once, each
// command's words read once.

import { TextScan, type Span } from './text-scan';
import { hiding, words, type Pass } from './redact-programs';
import { echoedInto } from './redact-stdin';

// docker, podman, nerdctl, helm registry, oras, skopeo, crane login --password-stdin; gh
// auth login --with-token; a registry's --token-stdin.
const STDIN_FLAG = /(?<![A-Za-z0-9_-])--(?:password-stdin|with-token|token-stdin)(?![A-Za-z0-9_=-])/g;
const COMMAND_END = new Set(['\n', ';', '|', '&']);
const HERE_STRING = '<<<';

export const loginStdinCredentials: Pass = (text, found) => {
  if (!text.includes('--')) return [];
  const scan = new TextScan(text);
  const { spans, redact } = hiding(text, found);
  // Where the command holding the current flag starts: the last `;`, `|`, `&` or line end
  // before it, followed forward from one flag to the next.
  let commandStart = 0;
  let walked = 0;
  STDIN_FLAG.lastIndex = 0;
  for (let m = STDIN_FLAG.exec(text); m; m = STDIN_FLAG.exec(text)) {
    for (; walked < m.index; walked++) if (COMMAND_END.has(text[walked] as string)) commandStart = walked + 1;
    const { end } = words(scan, m.index + m[0].length);
    // `echo X | docker login --password-stdin`: one pipe, not `||`.
    const pipe = commandStart - 1;
    if (text[pipe] === '|' && text[pipe - 1] !== '|') {
      const echoed = echoedInto(text, pipe);
      if (echoed && (spans.length === 0 || echoed.start >= (spans.at(-1) as Span).end)) redact(echoed.start, echoed.end);
    }
    // `… --password-stdin <<< X`, the here-string before or after the flag.
    const here = scan.next(HERE_STRING, commandStart);
    if (here !== -1 && here < end) {
      let at = here + HERE_STRING.length;
      while (text[at] === ' ' || text[at] === '\t') at++;
      const value = scan.value(at, false);
      if (value) redact(value.inner.start, value.inner.end);
    }
    walked = Math.max(walked, end);
    commandStart = end + 1;
    STDIN_FLAG.lastIndex = Math.max(STDIN_FLAG.lastIndex, end);
  }
  return spans;
};
