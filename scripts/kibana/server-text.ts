// Text that came from a server, made safe to print: control characters (an escape sequence can
// rewrite the terminal) are shown as \xNN / \u{NNNN}, and long text is cut to an excerpt.

/** C0 controls, DEL and C1 controls (U+009B is a one-byte CSI), and the Unicode line separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

function escaped(character: string): string {
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** One line of server text: every control character escaped, newlines included. */
export function printable(text: string): string {
  return text.replace(CONTROL, escaped);
}

/** Multi-line output of ours with server text inside: control characters escaped, our newlines kept. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}

/** JSON text (already escaping C0 inside strings) with DEL, C1 and line separators escaped too. */
export function printableJson(json: string): string {
  return json.replace(/[\u007f-\u009f\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The first `length` characters of `text`, printable, with "…" when cut. */
export function excerpt(text: string, length = 120): string {
  const cut = text.length > length ? `${text.slice(0, length)}…` : text;
  return printable(cut);
}
