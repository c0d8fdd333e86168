// Regular expressions bounded as Elasticsearch bounds them (issue 13): refused at compile time when
// longer than index.max_regex_length or too complex for Lucene's determinization, and matched in
// time linear in the input otherwise.
import { describe, expect, it } from 'vitest';
import { compileLuceneRegex, MAX_REGEX_LENGTH, RegexError } from '../../scripts/engines/embedded/lucene-regex.js';

const refusal = (pattern: string): string => {
  try {
    compileLuceneRegex(pattern, false);
  } catch (error) {
    expect(error).toBeInstanceOf(RegexError);
    return (error as Error).message;
  }
  throw new Error(`"${pattern.slice(0, 40)}" was accepted`);
};

const timed = <T>(work: () => T): { value: T; ms: number } => {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
};

describe('refused where Elasticsearch refuses', () => {
  it('a pattern longer than index.max_regex_length, with Elasticsearch\'s message', () => {
    expect(refusal('a' + '*'.repeat(20_000))).toBe(
      'The length of regex [20001] used in the Regexp Query request has exceeded the allowed maximum of [1000]. This maximum can be set by changing the [index.max_regex_length] index level setting.',
    );
    expect(refusal('('.repeat(3000) + 'a' + ')'.repeat(3000))).toMatch(/length of regex \[6001\]/);
    expect(() => compileLuceneRegex('a'.repeat(MAX_REGEX_LENGTH), false)).not.toThrow();
  });

  it('a{1000}{1000}{1000} at once, without building anything', () => {
    const { value, ms } = timed(() => refusal('a{1000}{1000}{1000}'));
    expect(value).toBe('Determinizing a{1000}{1000}{1000} would require more than 10000 effort.');
    expect(ms).toBeLessThan(1000);
  });

  it('((a{0,100}){0,100})b and Lucene\'s own example [ac]*a[ac]{50,200}', () => {
    expect(refusal('((a{0,100}){0,100})b')).toMatch(/would require more than 10000 effort/);
    expect(refusal('[ac]*a[ac]{50,200}')).toMatch(/would require more than 10000 effort/);
  });

  it('deep nesting within the length limit parses without recursion', () => {
    const deep = '('.repeat(499) + 'a' + ')'.repeat(499);
    expect(compileLuceneRegex(deep, false)('a')).toBe(true);
    expect(refusal('('.repeat(500) + 'a')).toMatch(/expected "\)"/);
    expect(refusal('a)')).toMatch(/unexpected "\)"/);
  });
});

describe('accepted patterns match in linear time', () => {
  it('ten 50 KB values against the worst accepted shapes', () => {
    const values = Array.from({ length: 10 }, (_, i) => 'a'.repeat(50_000) + (i % 2 === 0 ? 'c' : 'b'));
    const matching = { '(a+)+b': 5, '(a|aa)*b': 5, '.*a.{10}': 10, 'a{0,100}a{0,100}b': 0, '(a*)*b': 5 };
    for (const [pattern, count] of Object.entries(matching)) {
      const test = compileLuceneRegex(pattern, false);
      const { value, ms } = timed(() => values.map(test));
      expect(value.filter(Boolean).length, pattern).toBe(count);
      expect(ms, pattern).toBeLessThan(1000);
    }
  });

  it('keeps the Lucene semantics: whole string, classes, case folding, @ and #', () => {
    expect(compileLuceneRegex('[a-c]+[0-9]{3}', false)('abc123')).toBe(true);
    expect(compileLuceneRegex('[a-c]+[0-9]{3}', false)('abc12')).toBe(false);
    expect(compileLuceneRegex('cmd\\.exe', true)('CMD.EXE')).toBe(true);
    expect(compileLuceneRegex('[^a]', true)('A')).toBe(false);
    expect(compileLuceneRegex('[^a]', false)('A')).toBe(true);
    expect(compileLuceneRegex('\\W\\d', false)('-7')).toBe(true);
    expect(compileLuceneRegex('@"x"@', false)('..x..')).toBe(true);
    expect(compileLuceneRegex('#|a', false)('a')).toBe(true);
    expect(compileLuceneRegex('.', false)('😀')).toBe(true);
    expect(compileLuceneRegex('a{0}b', false)('b')).toBe(true);
  });
});
