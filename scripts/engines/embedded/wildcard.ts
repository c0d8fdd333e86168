// EQL wildcard patterns (`:` and `like`): `*` matches any run of characters, `?` exactly one; every
// other character, backslash included, is literal. The shapes rules use most are plain string
// tests; any other pattern becomes a deterministic automaton, as Elasticsearch's keyword field makes
// a Lucene WildcardQuery determinized within DEFAULT_DETERMINIZE_WORK_LIMIT
// (server/src/main/java/org/elasticsearch/index/mapper/StringFieldType.java, wildcardQuery): so
// matching is linear in the value, and a pattern too complex for Lucene is refused the same way.
import { ANY_CHAR } from './char-ranges.js';
import { compileAutomaton, runAutomaton, TooComplexError } from './regex-automaton.js';
import { RegexError, type RegexOp } from './regex-syntax.js';

export type StringTest = (value: string) => boolean;

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** The pattern as a regex program; case is handled by lower-casing both sides. */
function wildcardProgram(pattern: string): RegexOp[] {
  const program: RegexOp[] = [];
  let count = 0;
  for (const ch of pattern) {
    const c = ch.codePointAt(0) as number;
    if (c === 42 /* * */) program.push({ kind: 'char', ranges: ANY_CHAR }, { kind: 'repeat', min: 0, max: Infinity });
    else if (c === 63 /* ? */) program.push({ kind: 'char', ranges: ANY_CHAR });
    else program.push({ kind: 'char', ranges: [c, c] });
    count++;
  }
  if (count > 1) program.push({ kind: 'concat', count });
  return program;
}

/**
 * A test of strings against `pattern`; with `caseInsensitive`, both sides are lower-cased. Throws
 * RegexError for a pattern Lucene could not determinize.
 */
export function compileWildcard(pattern: string, caseInsensitive: boolean): StringTest {
  // A run of `*` matches what one does.
  const p = (caseInsensitive ? pattern.toLowerCase() : pattern).replace(/\*{2,}/g, '*');
  const fold = caseInsensitive ? (s: string) => s.toLowerCase() : (s: string) => s;
  if (!hasWildcard(p)) return (s) => fold(s) === p;
  const inner = p.slice(1, -1);
  // The shapes detection rules use most, without an automaton.
  if (p.length >= 2 && p.startsWith('*') && p.endsWith('*') && !hasWildcard(inner)) return (s) => fold(s).includes(inner);
  const rest = p.slice(1);
  if (p.startsWith('*') && !hasWildcard(rest)) return (s) => fold(s).endsWith(rest);
  const head = p.slice(0, -1);
  if (p.endsWith('*') && !hasWildcard(head)) return (s) => fold(s).startsWith(head);
  try {
    const dfa = compileAutomaton(wildcardProgram(p), pattern);
    return (s) => runAutomaton(dfa, fold(s));
  } catch (error) {
    if (error instanceof TooComplexError) throw new RegexError(error.message);
    throw error;
  }
}
