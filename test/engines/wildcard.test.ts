// Wildcard patterns match in time linear in the value; what Lucene cannot determinize is refused.
import { describe, expect, it } from 'vitest';
import { RegexError } from '../../scripts/engines/embedded/lucene-regex.js';
import { compileWildcard } from '../../scripts/engines/embedded/wildcard.js';

describe('compileWildcard', () => {
  it('keeps its semantics: * any run, ? one character, backslash literal, ~ folds case', () => {
    expect(compileWildcard('C:\\*\\cmd?.exe', false)('C:\\Windows\\cmd1.exe')).toBe(true);
    expect(compileWildcard('C:\\*\\cmd?.exe', false)('C:\\Windows\\cmd.exe')).toBe(false);
    expect(compileWildcard('*a?c*', true)('xxABCyy')).toBe(true);
    expect(compileWildcard('a**b', false)('ab')).toBe(true);
  });

  it('"a" and 20,000 "*" compiles and runs at once', () => {
    const started = performance.now();
    const test = compileWildcard(`a${'*'.repeat(20_000)}`, false);
    expect(test('a'.repeat(50_000))).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('matches ten 50 KB values in linear time, and refuses what Lucene cannot determinize', () => {
    const test = compileWildcard(`*a?${'b'.repeat(300)}*c`, false);
    const started = performance.now();
    for (let i = 0; i < 10; i++) expect(test('a'.repeat(50_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(() => compileWildcard(`*a*${'a'.repeat(999)}b`, false)).toThrow(RegexError);
    expect(() => compileWildcard(`*a*${'a'.repeat(999)}b`, false)).toThrow(/would require more than 10000 effort/);
  });
});
