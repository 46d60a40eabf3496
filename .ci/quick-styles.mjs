// Ink writes each row of a frame through @alcalzone/ansi-tokenize's styledCharsToString,
// which asks diffAnsiCodes, character by character, what escape codes lead from the last
// character's styles to this one's: four Sets and four arrays made for each of the ~3,000
// cells of a frame, though neighbours nearly always share their styles. Two lists holding
// the same codes in the same order differ by nothing (each code of the one is in the other,
// so nothing is undone and nothing added), so between such neighbours the diff is skipped:
// the same string, ~6 ms less before a first frame (measured, wall, on a one-step run).

const SLOW = 'ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));';
const ELSE = /\}\s*else\s*\{\s*ret \+= ansiCodesToString\(diffAnsiCodes\(chars\[i - 1\]\.styles, char\.styles\)\);\s*\}/;

/** styledChars.js of @alcalzone/ansi-tokenize with the diff skipped between neighbours of the same styles. */
export function withSameStylesSkipped(source, file) {
  if (source.split(SLOW).length !== 2 || !ELSE.test(source)) throw new Error(`${file}: not the styledCharsToString this build knows`);
  return `${source.replace(ELSE, `} else if (!sameCodes(chars[i - 1].styles, char.styles)) {\n            ${SLOW}\n        }`)}
/** The same codes in the same order: diffAnsiCodes between them is empty. */
function sameCodes(a, b) {
    if (a === b) return true;
    if (a.length !== b.length) return false;
    for (let k = 0; k < a.length; k++) if (a[k].code !== b[k].code || a[k].endCode !== b[k].endCode) return false;
    return true;
}
`;
}
