import { describe, expect, it } from 'vitest';
import type { Expr, Query } from '../../scripts/eql/ast.js';
import { formatQuery } from '../../scripts/eql/formatter.js';
import { parseQuery } from '../../scripts/eql/parser.js';
import { seedQuery } from './seed-query.js';
import { withoutSpans } from './without-spans.js';

function parsed(text: string): Query {
  const result = parseQuery(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.query;
}

function condition(text: string): Expr {
  const query = parsed(`process where ${text}`);
  if (query.kind !== 'event') throw new Error('not an event query');
  return query.filter.condition;
}

/** A compact rendering of an expression's tree shape, to assert precedence. */
function shape(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      return JSON.stringify(expr.value);
    case 'field':
      return `${expr.optional ? '?' : ''}${expr.name}`;
    case 'not':
      return `(not ${shape(expr.operand)})`;
    case 'negate':
      return `(- ${shape(expr.operand)})`;
    case 'logical':
    case 'comparison':
    case 'arithmetic':
      return `(${shape(expr.left)} ${expr.op} ${shape(expr.right)})`;
    case 'match':
      return `(${shape(expr.left)} ${expr.op}${expr.caseInsensitive && expr.op !== ':' ? '~' : ''} [${expr.patterns.map(shape).join(', ')}])`;
    case 'in':
      return `(${shape(expr.left)} ${expr.negated ? 'not ' : ''}in${expr.caseInsensitive ? '~' : ''} [${expr.values.map(shape).join(', ')}])`;
    case 'call':
      return `${expr.name}${expr.caseInsensitive ? '~' : ''}(${expr.args.map(shape).join(', ')})`;
  }
}

function errorsOf(text: string): { line: number; column: number; message: string; hint?: string; excerpt: string }[] {
  const result = parseQuery(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to fail`);
  return result.errors.map(({ line, column, message, hint, excerpt }) => ({ line, column, message, excerpt, ...(hint ? { hint } : {}) }));
}

describe('parseQuery: the seed rule', () => {
  it('parses into a keyed sequence with maxspan and two steps', () => {
    const query = parsed(seedQuery);
    expect(query.kind).toBe('sequence');
    if (query.kind !== 'sequence') return;
    expect(query.by.map(shape)).toEqual(['host.id', 'winlog.event_data.SubjectLogonId']);
    expect(query.maxspan).toMatchObject({ value: 1, unit: 'm', millis: 60_000 });
    expect(query.steps.map((step) => step.filter.category)).toEqual(['iam', null]);
    expect(shape(query.steps[0]!.filter.condition)).toBe(
      '(((event.action == "logged-in-special") and (winlog.event_data.PrivilegeList : ["SeBackupPrivilege"])) and (not (winlog.event_data.PrivilegeList : ["SeDebugPrivilege"])))',
    );
    expect(query.until).toBeNull();
  });

  it('formats and reparses to the same tree', () => {
    const query = parsed(seedQuery);
    expect(withoutSpans(parsed(formatQuery(query)))).toEqual(withoutSpans(query));
  });

  it('gives every node a span pointing at its source text', () => {
    const query = parsed(seedQuery);
    if (query.kind !== 'sequence') throw new Error('not a sequence');
    const key = query.by[1]!;
    expect(seedQuery.slice(key.span.offset, key.span.end)).toBe('winlog.event_data.SubjectLogonId');
    const negation = query.steps[0]!.filter.condition;
    if (negation.kind !== 'logical') throw new Error('not logical');
    expect(negation.right.span).toMatchObject({ line: 6, column: 3 });
    expect(seedQuery.slice(negation.right.span.offset, negation.right.span.end)).toBe(
      'not winlog.event_data.PrivilegeList : "SeDebugPrivilege"',
    );
  });
});

describe('parseQuery: precedence', () => {
  it.each([
    ['a or b and c', '(a or (b and c))'],
    ['not a and b', '((not a) and b)'],
    ['not not a', '(not (not a))'],
    ['a + b * c == d', '((a + (b * c)) == d)'],
    ['a - b - c < 1', '(((a - b) - c) < 1)'],
    ['-a * b > 0', '(((- a) * b) > 0)'],
    ['a + b : "x"', '(a + (b : ["x"]))'],
    ['(a + b) in (1, 2)', '((a + b) in [1, 2])'],
    ['a not in~ ("x", "y")', '(a not in~ ["x", "y"])'],
    ['a like~ ("x*", "y?")', '(a like~ ["x*", "y?"])'],
    ['a regex "[a-z]+"', '(a regex ["[a-z]+"])'],
    ['null == (a > -1)', '(null == (a > (- 1)))'],
    ['a : "x" == true', '((a : ["x"]) == true)'],
    ['+a == 1', '(a == 1)'],
  ])('%s', (text, expected) => {
    expect(shape(condition(text))).toBe(expected);
  });
});

describe('parseQuery: literals', () => {
  it('decodes string escapes', () => {
    const expr = condition(String.raw`a == "q\"b\\s\n\r\t\u{41}\u{1F600}"`);
    expect(expr.kind === 'comparison' && expr.right).toMatchObject({ kind: 'literal', value: 'q"b\\s\n\r\tA\u{1F600}' });
  });

  it('keeps raw strings verbatim, with up to two trailing quotes', () => {
    expect(condition(String.raw`a : """C:\Windows\*"""`)).toMatchObject({ patterns: [{ value: String.raw`C:\Windows\*` }] });
    expect(condition('a : """say "hi""""')).toMatchObject({ patterns: [{ value: 'say "hi"' }] });
  });

  it('types integers as long and decimals or exponents as double', () => {
    expect(condition('a in (1, 2.5, 1e3, .5)')).toMatchObject({
      values: [
        { value: 1, numberType: 'long' },
        { value: 2.5, numberType: 'double' },
        { value: 1000, numberType: 'double' },
        { value: 0.5, numberType: 'double' },
      ],
    });
  });

  it('reads true, false and null', () => {
    expect(shape(condition('a in (true, false, null)'))).toBe('(a in [true, false, null])');
  });
});

describe('parseQuery: fields', () => {
  it('reads @timestamp, optional fields, backquoted names and array indices', () => {
    expect(condition('?process.args[0] : "x"')).toMatchObject({
      left: { kind: 'field', name: 'process.args', path: ['process', 'args', 0], optional: true },
    });
    expect(condition('@timestamp > 0')).toMatchObject({ left: { name: '@timestamp', path: ['@timestamp'] } });
    expect(condition('`my field`.`a``b` == 1')).toMatchObject({ left: { name: 'my field.a`b', path: ['my field', 'a`b'] } });
  });

  it('accepts keywords after a dot (event.sequence)', () => {
    expect(condition('event.sequence > 1')).toMatchObject({ left: { name: 'event.sequence' } });
  });
});

describe('parseQuery: functions', () => {
  it('resolves names case-insensitively to the canonical spelling, with the ~ form', () => {
    expect(shape(condition('STARTSWITH~(a, "x") and cidrmatch(ip, "10.0.0.0/8", "::1/128")'))).toBe(
      '(startsWith~(a, "x") and cidrMatch(ip, "10.0.0.0/8", "::1/128"))',
    );
  });

  it('parses nested calls', () => {
    expect(shape(condition('length(between(a, "g", "e")) > 0'))).toBe('(length(between(a, "g", "e")) > 0)');
  });
});

describe('parseQuery: sequences, samples and pipes', () => {
  it('reads step keys, runs, missing events, until and pipes', () => {
    const query = parsed(`sequence by user.name with maxspan=500ms
      [process where true] by process.pid with runs=3
      ![file where true] by process.pid
      [network where true] by process.pid
    until [process where event.type == "end"] by process.pid
    | head 5 | tail 2`);
    if (query.kind !== 'sequence') throw new Error('not a sequence');
    expect(query.maxspan).toMatchObject({ value: 500, unit: 'ms', millis: 500 });
    expect(query.steps.map((step) => [step.missing, step.runs, step.by.map(shape)])).toEqual([
      [false, 3, ['process.pid']],
      [true, null, ['process.pid']],
      [false, null, ['process.pid']],
    ]);
    expect(query.until?.filter.category).toBe('process');
    expect(query.pipes.map((pipe) => [pipe.kind, pipe.count])).toEqual([
      ['head', 5],
      ['tail', 2],
    ]);
  });

  it.each([
    ['ms', 1],
    ['s', 1000],
    ['m', 60_000],
    ['h', 3_600_000],
    ['d', 86_400_000],
  ])('maxspan unit %s', (unit, millis) => {
    const query = parsed(`sequence with maxspan=2${unit} [a where true] [b where true]`);
    expect(query.kind === 'sequence' && query.maxspan?.millis).toBe(2 * millis);
  });

  it('reads a sample with shared and per-filter keys', () => {
    const query = parsed('sample by host.id [process where true] by process.pid [file where true] by process.pid');
    expect(query).toMatchObject({ kind: 'sample', steps: [{ kind: 'sample-step' }, { kind: 'sample-step' }] });
    expect(query.kind === 'sample' && query.by.map(shape)).toEqual(['host.id']);
  });

  it('takes quoted event categories', () => {
    expect(parsed('"my-category" where true')).toMatchObject({ filter: { category: 'my-category' } });
  });

  it('skips line and nested block comments', () => {
    expect(shape(condition('a == 1 // trailing\n /* outer /* inner */ still */ and b == 2'))).toBe('((a == 1) and (b == 2))');
  });
});

describe('parseQuery: errors', () => {
  it('reports a mismatched token with line, column and a caret excerpt', () => {
    expect(errorsOf('process where\n  a == 1 and\n  b == ]')).toEqual([
      {
        line: 3,
        column: 8,
        message: `mismatched input ']' expecting an expression (a field, a value, a function call or "(")`,
        excerpt: '  b == ]\n       ^',
      },
    ]);
  });

  it('reports the end of input', () => {
    expect(errorsOf('process where a ==')[0]).toMatchObject({ line: 1, column: 19, message: expect.stringContaining("mismatched input '<EOF>'") });
  });

  it('reports an error in each broken sequence step', () => {
    expect(errorsOf('sequence\n [a where x ==]\n [b where y ===]').map((e) => [e.line, e.column])).toEqual([
      [2, 15],
      [3, 15],
    ]);
  });

  it('suggests lowercase for uppercase keywords', () => {
    expect(errorsOf('process where a == 1 AND b == 2')[0]).toMatchObject({
      column: 22,
      message: "mismatched input 'AND' expecting 'and', 'or', '|' or <EOF>",
      hint: "EQL keywords are lowercase: write 'and'",
    });
  });

  it('names unknown functions with a suggestion', () => {
    expect(errorsOf('process where startWith(a, "x")')[0]).toMatchObject({
      column: 15,
      message: 'Unknown function [startWith], did you mean [startsWith]?',
    });
  });

  it('checks function arity and the ~ form', () => {
    expect(errorsOf('process where length(a, b)')[0]?.message).toBe('Function [length] expects exactly 1 argument, found [2]');
    expect(errorsOf('process where add~(a, 1) == 2')[0]?.message).toBe('Function [add] does not support the case-insensitive form [add~]');
  });

  it('reports unterminated strings and bad escapes', () => {
    expect(errorsOf('process where a == "abc')[0]).toMatchObject({ column: 20, message: 'unterminated string' });
    expect(errorsOf(String.raw`process where a == "a\qb"`)[0]).toMatchObject({ column: 22, message: String.raw`invalid escape sequence [\q]` });
    expect(errorsOf(String.raw`process where a == "\u{1}"`)[0]?.message).toBe(String.raw`Unicode sequence should use [2-8] hex digits, [\u{1}] has [1]`);
  });

  it('requires a maxspan unit and [by] before [with]', () => {
    expect(errorsOf('sequence with maxspan=5 [a where true] [b where true]')[0]?.message).toBe('No time unit specified for maxspan [5]');
    expect(errorsOf('sequence with maxspan=5y [a where true] [b where true]')[0]?.message).toBe('Unrecognized time unit [y] in [5y]');
    expect(errorsOf('sequence with maxspan=5m by a [a where true] [b where true]')[0]).toMatchObject({
      column: 26,
      message: 'Please specify sequence [by] before [with] not after',
    });
  });

  it('requires two queries in a sequence, counted after runs expands them, and at most five filters in a sample', () => {
    expect(errorsOf('sequence [a where true]')[0]?.message).toBe('A sequence requires a minimum of 2 queries, found [1]');
    expect(errorsOf('sequence [a where true] with runs=1')[0]?.message).toBe('A sequence requires a minimum of 2 queries, found [1]');
    expect(errorsOf('sequence [a where true] until [b where true]')[0]?.message).toBe('A sequence requires a minimum of 2 queries, found [1]');
    for (const valid of [
      'sequence by host.id with maxspan=10s [a where true] with runs=3',
      'sequence by user.id [a where true] with runs=5 until [b where true]',
      'sequence by user.id [a where true] by process.pid with runs=2',
      'sequence with maxspan=1m [a where true] ![b where true] with runs=2',
    ]) {
      expect(parseQuery(valid).ok, valid).toBe(true);
    }
    expect(errorsOf('sequence [a where true] with runs=101')[0]?.message).toBe('The value of runs must be between 1 and 100, found [101]');
    expect(errorsOf(`sample by x ${'[a where true] '.repeat(6)}`)[0]?.message).toBe('A sample must have at most 5 filters, found [6]');
  });

  it('rejects a non-constant on the right of :', () => {
    expect(errorsOf('process where a : b')[0]).toMatchObject({ column: 19, message: expect.stringContaining("mismatched input 'b'") });
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(errorsOf(`process where ${'('.repeat(5000)}a${')'.repeat(5000)}`)[0]?.message).toContain('nested too deeply');
  });
});

describe('parseQuery: constructs Elasticsearch does not support', () => {
  it.each([
    ['join [a where true] [b where true]', 1, 'Queries using [join] are not supported by Elasticsearch EQL'],
    ['process where descendant of [process where true]', 15, 'Process relationships [descendant of] are not supported by Elasticsearch EQL'],
    ['process where child of [process where true]', 15, 'Process relationships [child of] are not supported by Elasticsearch EQL'],
    ['process where event of [process where true]', 15, 'Process relationships [event of] are not supported by Elasticsearch EQL'],
    ['process where true | unique process.name', 22, 'Pipe [unique] is not supported by Elasticsearch EQL'],
    ['process where true | unique_count process.name', 22, 'Pipe [unique_count] is not supported by Elasticsearch EQL'],
    ['process where true | count', 22, 'Pipe [count] is not supported by Elasticsearch EQL'],
    ['process where true | filter a == 1', 22, 'Pipe [filter] is not supported by Elasticsearch EQL'],
    ['process where true | sort a', 22, 'Pipe [sort] is not supported by Elasticsearch EQL'],
    ["process where a == 'x'", 20, `Use double quotes ["] to define string literals, not single quotes [']`],
    ['process where a = 1', 17, 'Elasticsearch EQL does not support [=] for comparison'],
    ['process where a == ?"x"', 20, 'Use triple double quotes ["""] to define unescaped string literals, not [?"]'],
  ])('%s', (text, column, message) => {
    const [first] = errorsOf(text);
    expect(first).toMatchObject({ line: 1, column, message });
  });
});

describe('parseQuery: whitespace Elasticsearch allows between tokens', () => {
  it('takes a space between the maxspan number and unit, and around field dots', () => {
    const query = parsed('sequence by host . id with maxspan = 5 m [a where true] [b where true]');
    expect(query).toMatchObject({ kind: 'sequence', maxspan: { value: 5, unit: 'm' }, by: [{ name: 'host.id' }] });
  });
});
