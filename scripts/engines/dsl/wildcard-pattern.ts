// Lucene wildcard patterns as the `wildcard` and `query_string` queries read them: `*` any run of
// characters, `?` exactly one, `\` escapes the next character. Matching scans greedily and only
// retries from the last `*`, so it stays linear in practice on any input.

type Part = { readonly kind: 'char'; readonly char: string } | { readonly kind: 'any' } | { readonly kind: 'one' };

export type PatternTest = (value: string) => boolean;

function parts(pattern: string): Part[] {
  const out: Part[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) out.push({ kind: 'char', char: pattern[++i] as string });
    else if (c === '*') out.push({ kind: 'any' });
    else if (c === '?') out.push({ kind: 'one' });
    else out.push({ kind: 'char', char: c });
  }
  return out;
}

/** Whether the pattern has an unescaped `*` or `?`. */
export function hasUnescapedWildcard(pattern: string): boolean {
  return parts(pattern).some((part) => part.kind !== 'char');
}

/** The pattern's text with escapes removed (for a pattern that has no wildcard). */
export function unescapePattern(pattern: string): string {
  return parts(pattern)
    .map((part) => (part.kind === 'char' ? part.char : part.kind === 'any' ? '*' : '?'))
    .join('');
}

export function compilePattern(pattern: string, caseInsensitive: boolean): PatternTest {
  const fold = (text: string) => (caseInsensitive ? text.toLowerCase() : text);
  const compiled = parts(pattern).map((part) => (part.kind === 'char' ? { ...part, char: fold(part.char) } : part));
  // Iterate over code points, as Lucene's automaton does: `?` is one character, not one UTF-16 unit.
  return (raw) => {
    const text = [...fold(raw)];
    let p = 0;
    let t = 0;
    let starP = -1;
    let starT = 0;
    while (t < text.length) {
      const part = compiled[p];
      if (part !== undefined && (part.kind === 'one' || (part.kind === 'char' && part.char === text[t]))) {
        p++;
        t++;
      } else if (part?.kind === 'any') {
        starP = p++;
        starT = t;
      } else if (starP >= 0) {
        p = starP + 1;
        t = ++starT;
      } else {
        return false;
      }
    }
    while (compiled[p]?.kind === 'any') p++;
    return p === compiled.length;
  };
}
