// Lucene regular-expression syntax (Elasticsearch's `regexp` query, which EQL's `regex` uses)
// parsed into a postfix program. The parser keeps its open groups on an explicit stack and the
// program is evaluated with a value stack, so no pass recurses as deep as the input nests.
// Supported: | concatenation * + ? {n} {n,} {n,m} ( ) [...] [^...] . "literal" \escape @ (any
// string) # (empty language) and the \d \s \w classes. Intersection (&), complement (~) and
// numeric intervals (<n-m>) are refused as unsupported.
import { ANY_CHAR, caseFoldRanges, complementRanges, normalizeRanges, type CharRanges } from './char-ranges.js';

export class RegexError extends Error {
  /** True when the pattern is valid Lucene syntax that this engine does not implement. */
  constructor(
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

/** One step of the postfix program; `concat` and `union` take the `count` values below them. */
export type RegexOp =
  | { readonly kind: 'char'; readonly ranges: CharRanges }
  | { readonly kind: 'empty-string' }
  | { readonly kind: 'nothing' }
  | { readonly kind: 'concat'; readonly count: number }
  | { readonly kind: 'union'; readonly count: number }
  | { readonly kind: 'repeat'; readonly min: number; readonly max: number };

const DIGIT: CharRanges = [48, 57];
const SPACE: CharRanges = [9, 13, 32, 32];
const WORD: CharRanges = [48, 57, 65, 90, 95, 95, 97, 122];
const classEscapes: Record<string, CharRanges> = { d: DIGIT, s: SPACE, w: WORD };

/** One open group: finished alternatives, and the parts of the alternative being read. */
interface Group {
  alternatives: number;
  parts: number;
}

export function parseRegex(pattern: string, caseInsensitive: boolean): RegexOp[] {
  const chars = Array.from(pattern, (ch) => ch.codePointAt(0) as number);
  const program: RegexOp[] = [];
  const groups: Group[] = [{ alternatives: 0, parts: 0 }];
  let pos = 0;

  const fail = (message: string, unsupported = false): never => {
    throw new RegexError(`invalid regular expression "${pattern}" at position ${pos + 1}: ${message}`, unsupported);
  };
  const peek = (): number => chars[pos] ?? -1;
  const current = (): Group => groups[groups.length - 1] as Group;
  const fold = (ranges: CharRanges): CharRanges => (caseInsensitive ? caseFoldRanges(ranges) : ranges);
  const single = (c: number): RegexOp => ({ kind: 'char', ranges: fold([c, c]) });
  const closeAlternative = (group: Group): void => {
    if (group.parts === 0) program.push({ kind: 'empty-string' });
    else if (group.parts > 1) program.push({ kind: 'concat', count: group.parts });
    group.alternatives++;
    group.parts = 0;
  };
  const closeGroup = (group: Group): void => {
    closeAlternative(group);
    if (group.alternatives > 1) program.push({ kind: 'union', count: group.alternatives });
  };
  const integer = (): number => {
    const start = pos;
    while (peek() >= 48 && peek() <= 57) pos++;
    if (start === pos) fail('expected a number');
    return Number(String.fromCodePoint(...chars.slice(start, pos)));
  };
  const escaped = (): number => {
    pos++;
    if (pos >= chars.length) fail('"\\" at the end');
    return chars[pos++] as number;
  };
  const classEscape = (c: number | undefined): CharRanges | undefined => {
    if (c === undefined) return undefined;
    const ranges = classEscapes[String.fromCodePoint(c).toLowerCase()];
    if (!ranges) return undefined;
    return c >= 65 && c <= 90 ? complementRanges(ranges) : ranges;
  };
  const charClass = (): RegexOp => {
    pos++;
    const negated = peek() === 94 /* ^ */ ? (pos++, true) : false;
    const ranges: number[] = [];
    const classChar = (): number => {
      if (peek() === 92) return escaped();
      if (pos >= chars.length) fail('unterminated "[...]"');
      return chars[pos++] as number;
    };
    do {
      const escape = peek() === 92 ? classEscape(chars[pos + 1]) : undefined;
      if (escape) {
        pos += 2;
        ranges.push(...escape);
        continue;
      }
      const low = classChar();
      if (peek() === 45 /* - */ && chars[pos + 1] !== 93) {
        pos++;
        const high = classChar();
        if (high < low) fail('a character range runs backwards');
        ranges.push(low, high);
      } else ranges.push(low, low);
    } while (peek() !== 93 /* ] */ && pos < chars.length);
    if (peek() !== 93) fail('unterminated "[...]"');
    pos++;
    const members = fold(normalizeRanges(ranges));
    return { kind: 'char', ranges: negated ? complementRanges(members) : members };
  };
  /** Reads the atom at `pos`; false when it opened a group (its value comes when the group closes). */
  const atom = (): boolean => {
    const c = peek();
    switch (c) {
      case 40 /* ( */:
        pos++;
        groups.push({ alternatives: 0, parts: 0 });
        return false;
      case 91 /* [ */:
        program.push(charClass());
        return true;
      case 46 /* . */:
        pos++;
        program.push({ kind: 'char', ranges: ANY_CHAR });
        return true;
      case 64 /* @ */:
        pos++;
        program.push({ kind: 'char', ranges: ANY_CHAR }, { kind: 'repeat', min: 0, max: Infinity });
        return true;
      case 35 /* # */:
        pos++;
        program.push({ kind: 'nothing' });
        return true;
      case 34 /* " */: {
        pos++;
        let count = 0;
        while (pos < chars.length && peek() !== 34) {
          program.push(single(chars[pos++] as number));
          count++;
        }
        if (peek() !== 34) fail('unterminated "..." string');
        pos++;
        program.push(count === 0 ? { kind: 'empty-string' } : { kind: 'concat', count });
        return true;
      }
      case 92 /* \ */: {
        const ch = escaped();
        const escape = classEscape(ch);
        program.push(escape ? { kind: 'char', ranges: escape } : single(ch));
        return true;
      }
      case 38 /* & */:
      case 126 /* ~ */:
      case 60 /* < */:
        return fail(`the "${String.fromCodePoint(c)}" operator is not supported by the embedded engine`, true);
      case 42:
      case 43:
      case 63:
      case 123:
        return fail(`"${String.fromCodePoint(c)}" has nothing to repeat`);
      default:
        pos++;
        program.push(single(c));
        return true;
    }
  };
  const postfix = (): void => {
    for (;;) {
      const c = peek();
      if (c === 42 /* * */) program.push({ kind: 'repeat', min: 0, max: Infinity });
      else if (c === 43 /* + */) program.push({ kind: 'repeat', min: 1, max: Infinity });
      else if (c === 63 /* ? */) program.push({ kind: 'repeat', min: 0, max: 1 });
      else if (c === 123 /* { */) {
        pos++;
        const min = integer();
        let max = min;
        if (peek() === 44 /* , */) {
          pos++;
          max = peek() === 125 ? Infinity : integer();
        }
        if (peek() !== 125) fail('expected "}"');
        if (max < min) fail(`{${min},${max}} has its maximum below its minimum`);
        program.push({ kind: 'repeat', min, max });
      } else return;
      pos++;
    }
  };

  while (pos < chars.length) {
    const c = peek();
    if (c === 124 /* | */) {
      pos++;
      closeAlternative(current());
    } else if (c === 41 /* ) */) {
      if (groups.length === 1) fail('unexpected ")"');
      pos++;
      closeGroup(groups.pop() as Group);
      current().parts++;
      postfix();
    } else if (atom()) {
      current().parts++;
      postfix();
    }
  }
  if (groups.length > 1) fail('expected ")"');
  closeGroup(current());
  return program;
}
