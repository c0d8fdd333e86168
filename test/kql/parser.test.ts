// The KQL parser against Kibana's own expectations: the syntax errors of
// kbn-es-query/src/kuery/kuery_syntax_error.test.ts (messages and caret offsets kept verbatim) and
// the trees of kbn-es-query/src/kuery/ast/ast.test.ts, in this project's tree shape.
import { describe, expect, it } from 'vitest';
import type { Query } from '../../scripts/kql/ast.js';
import { parseKql } from '../../scripts/kql/parser.js';
import { withoutSpans } from '../eql/without-spans.js';

function parsed(text: string): Query {
  const result = parseKql(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse: ${result.errors[0]?.message}`);
  return result.query;
}

const term = (value: string | boolean | null, quoted = false) => ({ kind: 'term', value, quoted });
const wildcard = (...pieces: string[]) => ({ kind: 'term', value: pieces.join('*'), quoted: false, wildcard: pieces });
const match = (field: string | null, values: unknown) => ({ kind: 'match', field: field === null ? null : term(field), values });

describe('KQL syntax errors, as Kibana words and places them', () => {
  const cases: [string, string, number][] = [
    ['response:', 'Expected "(", "{", value, whitespace but end of input found.', 9],
    ['response:200 or ', 'Expected "(", NOT, field name, value but end of input found.', 16],
    ['response:(200 or )', 'Expected "(", NOT, value but ")" found.', 17],
    ['response:200 and not ', 'Expected "(", field name, value but end of input found.', 21],
    ['response:(200 and not )', 'Expected "(", value but ")" found.', 22],
    ['foo:"ba ', 'Expected "(", "{", value, whitespace but """ found.', 4],
    ['foo:"ba "r"', 'Expected AND, OR, end of input but "r" found.', 9],
    ['foo:ba:r', 'Expected AND, OR, end of input but ":" found.', 6],
    ['foo > ', 'Expected literal, whitespace but end of input found.', 6],
    ['< 1000', 'Expected "(", NOT, end of input, field name, value, whitespace but "<" found.', 0],
  ];
  it.each(cases)('%j', (text, message, offset) => {
    const result = parseKql(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ code: 'kql.syntax', message, offset, line: 1, column: offset + 1 });
  });

  it('places an error on a later line at its own line and column', () => {
    const result = parseKql('event.category:process and\n  (process.name:cmd.exe or\n   winlog.channel:');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ line: 3, column: 19 });
  });

  it('reports a depth limit, not a stack overflow, for absurd nesting', () => {
    const result = parseKql(`${'('.repeat(5000)}a:b${')'.repeat(5000)}`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toMatch(/nested deeper than/);
  });
});

describe('KQL trees, as Kibana builds them', () => {
  it('reads an empty or blank query as match-all', () => {
    expect(parsed('').kind).toBe('match-all');
    expect(parsed('  \n ').kind).toBe('match-all');
  });

  it('reads a value without a field as free text, keeping spaces inside an unquoted value', () => {
    expect(withoutSpans(parsed('foo'))).toEqual(match(null, term('foo')));
    expect(withoutSpans(parsed('foo bar'))).toEqual(match(null, term('foo bar')));
  });

  it('reads field:value, quoted values and the phrase flag', () => {
    expect(withoutSpans(parsed('foo:bar'))).toEqual(match('foo', term('bar')));
    expect(withoutSpans(parsed('foo:"bar baz"'))).toEqual(match('foo', term('bar baz', true)));
    expect(withoutSpans(parsed('foo : bar  '))).toEqual(match('foo', term('bar')));
  });

  it('gives or the lowest precedence, then and, then not', () => {
    const tree = withoutSpans(parsed('a:1 or b:2 and not c:3'));
    expect(tree).toEqual({
      kind: 'or',
      operands: [match('a', term('1')), { kind: 'and', operands: [match('b', term('2')), { kind: 'not', operand: match('c', term('3')) }] }],
    });
    expect(withoutSpans(parsed('(a:1 OR b:2) AnD c:3'))).toEqual({
      kind: 'and',
      operands: [{ kind: 'or', operands: [match('a', term('1')), match('b', term('2'))] }, match('c', term('3'))],
    });
  });

  it('reads value lists under one field', () => {
    expect(withoutSpans(parsed('foo:(bar or baz)'))).toEqual(match('foo', { kind: 'or', operands: [term('bar'), term('baz')] }));
    expect(withoutSpans(parsed('foo:(bar and not baz)'))).toEqual(
      match('foo', { kind: 'and', operands: [term('bar'), { kind: 'not', operand: term('baz') }] }),
    );
    expect(withoutSpans(parsed('foo:(bar baz)'))).toEqual(match('foo', term('bar baz')));
  });

  it('reads ranges with each operator', () => {
    for (const [text, operator] of [['<', 'lt'], ['<=', 'lte'], ['>', 'gt'], ['>=', 'gte']] as const) {
      expect(withoutSpans(parsed(`bytes ${text} 1000`))).toEqual({ kind: 'range', field: term('bytes'), operator, value: term('1000') });
    }
  });

  it('reads wildcards in values and field names, and f:* as a lone wildcard', () => {
    expect(withoutSpans(parsed('foo:ba*r'))).toEqual(match('foo', wildcard('ba', 'r')));
    expect(withoutSpans(parsed('foo:*'))).toEqual(match('foo', wildcard('', '')));
    expect(withoutSpans(parsed('machine*:osx'))).toEqual({ kind: 'match', field: wildcard('machine', ''), values: term('osx') });
    expect(withoutSpans(parsed('foo:"ba*r"'))).toEqual(match('foo', term('ba*r', true)));
  });

  it('resolves escapes: special characters, keywords, whitespace and unicode', () => {
    expect(withoutSpans(parsed(String.raw`foo:\(\)\:\<\>\"\*\{\}\\`))).toEqual(match('foo', term('():<>"*{}\\')));
    expect(withoutSpans(parsed(String.raw`foo:a \or b`))).toEqual(match('foo', term('a or b')));
    expect(withoutSpans(parsed(String.raw`foo:a\tb\u0041`))).toEqual(match('foo', term('a\tbA')));
    expect(withoutSpans(parsed(String.raw`foo:"a \"quoted\" \\ \d"`))).toEqual(match('foo', term('a "quoted" \\ \\d', true)));
    expect(withoutSpans(parsed(String.raw`C\:\\Windows\\*:x`))).toEqual({ kind: 'match', field: wildcard('C:\\Windows\\', ''), values: term('x') });
  });

  it('reads true, false and null unquoted as values, quoted as text', () => {
    expect(withoutSpans(parsed('foo:true'))).toEqual(match('foo', term(true)));
    expect(withoutSpans(parsed('foo:null'))).toEqual(match('foo', term(null)));
    expect(withoutSpans(parsed('foo:"false"'))).toEqual(match('foo', term('false', true)));
  });

  it('reads nested groups, also nested twice', () => {
    expect(withoutSpans(parsed('nestedField:{ childOfNested: foo }'))).toEqual({
      kind: 'nested',
      path: term('nestedField'),
      query: match('childOfNested', term('foo')),
    });
    expect(withoutSpans(parsed('a:{ b:{ c:d } }'))).toMatchObject({ kind: 'nested', query: { kind: 'nested', path: term('b') } });
  });

  it('stops an unquoted value before a keyword, also inside a word (Kibana does too)', () => {
    expect(parseKql('f: cannot x').ok).toBe(false);
    expect(withoutSpans(parsed('f: a or'))).toEqual(match('f', term('a or')));
    expect(withoutSpans(parsed('f: or'))).toEqual(match('f', term('or')));
  });

  it('gives every node its span in the text', () => {
    const query = parsed('a:1 and\n  not b : "x"');
    if (query.kind !== 'and') throw new Error('expected and');
    const negated = query.operands[1];
    expect(negated?.span).toMatchObject({ offset: 10, line: 2, column: 3 });
    if (negated?.kind !== 'not' || negated.operand.kind !== 'match') throw new Error('expected not match');
    expect(negated.operand.values.span).toMatchObject({ offset: 18, length: 3, line: 2, column: 11 });
  });
});
