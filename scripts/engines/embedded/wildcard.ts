// EQL wildcard patterns (`:` and `like`): `*` matches any run of characters, `?` exactly one; every
// other character, backslash included, is literal. Matching is linear in practice and never
// backtracks exponentially: a greedy scan that only retries from the last `*`.

export type StringTest = (value: string) => boolean;

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const c = pattern.charCodeAt(p);
    if (p < pattern.length && (c === 63 /* ? */ || c === text.charCodeAt(t))) {
      p++;
      t++;
    } else if (p < pattern.length && c === 42 /* * */) {
      starP = p++;
      starT = t;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === 42) p++;
  return p === pattern.length;
}

/** A test of strings against `pattern`; with `caseInsensitive`, both sides are lower-cased. */
export function compileWildcard(pattern: string, caseInsensitive: boolean): StringTest {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const fold = caseInsensitive ? (s: string) => s.toLowerCase() : (s: string) => s;
  if (!hasWildcard(p)) return (s) => fold(s) === p;
  const inner = p.slice(1, -1);
  // The shapes detection rules use most, without the general loop.
  if (p.length >= 2 && p.startsWith('*') && p.endsWith('*') && !hasWildcard(inner)) return (s) => fold(s).includes(inner);
  const rest = p.slice(1);
  if (p.startsWith('*') && !hasWildcard(rest)) return (s) => fold(s).endsWith(rest);
  const head = p.slice(0, -1);
  if (p.endsWith('*') && !hasWildcard(head)) return (s) => fold(s).startsWith(head);
  return (s) => globMatch(p, fold(s));
}
