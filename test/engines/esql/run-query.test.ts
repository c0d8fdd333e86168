import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../scripts/esql/index.js';
import { runQuery, type EsqlResult } from '../../../scripts/engines/esql/run-query.js';
import type { EventDocument, FieldMapping } from '../../../scripts/engines/types.js';

const mapping = new Map<string, FieldMapping>([
  ['@timestamp', { type: 'date' }],
  ['host.name', { type: 'keyword' }],
  ['user.name', { type: 'keyword' }],
  ['event.code', { type: 'keyword' }],
  ['source.ip', { type: 'ip' }],
  ['process.pid', { type: 'long' }],
  ['tags', { type: 'keyword' }],
  ['message', { type: 'text' }],
  ['score', { type: 'double' }],
]);

const doc = (id: string, source: Record<string, unknown>, index = 'logs-test-default'): EventDocument => ({ _index: index, _id: id, _source: source });
const documents = [
  doc('1', { '@timestamp': '2024-05-01T10:00:00.000Z', host: { name: 'h1' }, user: { name: 'alice' }, event: { code: '4625' }, source: { ip: '10.0.0.5' }, process: { pid: 10 }, tags: ['b', 'a', 'b'], message: 'Login failed for alice', score: 1.5 }),
  doc('2', { '@timestamp': '2024-05-01T10:01:00.000Z', host: { name: 'h2' }, user: { name: 'alice' }, event: { code: '4625' }, source: { ip: '192.168.1.7' }, process: { pid: 20 }, tags: 'c', message: 'Login failed', score: 2.5 }),
  doc('3', { '@timestamp': '2024-05-01T10:02:00.000Z', host: { name: 'h3' }, user: { name: 'bob' }, event: { code: '4624' }, process: { pid: 30 }, message: 'ok' }),
  doc('4', { '@timestamp': '2024-05-01T10:03:00.000Z', 'host.name': 'h1', 'user.name': 'alice', 'event.code': '4625', 'process.pid': 2147483647 }),
  doc('5', { '@timestamp': '2024-05-01T10:04:00.000Z', host: { name: 'h9' } }, 'other-index'),
];

function run(text: string): EsqlResult {
  const parsed = parseQuery(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return runQuery(parsed.query, text, { documents, fieldTypes: mapping, now: Date.parse('2024-05-01T11:00:00Z') });
}

const rows = (text: string): unknown[][] => run(text).values.map((row) => [...row]);

describe('embedded ES|QL engine: FROM, WHERE, EVAL, KEEP', () => {
  it('reads the documents of matching indices, one column per mapped field in name order, METADATA last', () => {
    const result = run('FROM logs-* METADATA _id | KEEP _id, host.name | SORT _id');
    expect(result.columns).toEqual([{ name: '_id', type: 'keyword' }, { name: 'host.name', type: 'keyword' }]);
    expect(result.values).toEqual([['1', 'h1'], ['2', 'h2'], ['3', 'h3'], ['4', 'h1']]);
    expect(run('FROM logs-* | LIMIT 1').columns.map((column) => column.name)).toEqual(['@timestamp', 'event.code', 'host.name', 'message', 'process.pid', 'score', 'source.ip', 'tags', 'user.name']);
  });

  it('reads keyword arrays as doc values do: sorted and deduplicated', () => {
    expect(rows('FROM logs-* METADATA _id | WHERE _id == "1" | KEEP tags')).toEqual([[['a', 'b']]]);
  });

  it('filters with three-valued logic: a null condition drops the row', () => {
    expect(rows('FROM logs-* METADATA _id | WHERE source.ip IS NULL OR process.pid > 25 | KEEP _id | SORT _id')).toEqual([['3'], ['4']]);
    expect(rows('FROM logs-* METADATA _id | WHERE NOT (source.ip == "10.0.0.5") | KEEP _id | SORT _id')).toEqual([['2']]);
  });

  it('compares a multi-valued field as null with a warning, as Elasticsearch does', () => {
    const result = run('FROM logs-* METADATA _id | WHERE tags == "a" | KEEP _id');
    expect(result.values).toEqual([]);
    expect(result.warnings).toEqual([
      'Line 1:34: evaluation of [tags == "a"] failed, treating result as null. Only first 20 failures recorded.',
      'Line 1:34: java.lang.IllegalArgumentException: single-value function encountered multi-value',
    ]);
  });

  it('evaluates string functions, CASE, COALESCE and date arithmetic', () => {
    expect(rows(`FROM logs-* METADATA _id | WHERE _id == "1"
      | EVAL up = TO_UPPER(user.name), len = LENGTH(message), c = CASE(process.pid > 5, "big", "small"), k = COALESCE(null, host.name),
             later = @timestamp + 1 hour, day = DATE_TRUNC(1 day, @timestamp), loc = LOCATE(message, "failed"), rep = REPLACE(message, "fail(ed)", "pass$1")
      | KEEP up, len, c, k, later, day, loc, rep`)).toEqual([
      ['ALICE', 22, 'big', 'h1', '2024-05-01T11:00:00.000Z', '2024-05-01T00:00:00.000Z', 7, 'Login passed for alice'],
    ]);
  });

  it('gives null and a warning for integer overflow and division by zero', () => {
    const result = run('ROW a = 2147483647, b = 0 | EVAL c = a + 1, d = 10 / b, e = 7 / 2, f = -7 / 2');
    expect(result.values).toEqual([[2147483647, 0, null, null, 3, -3]]);
    expect(result.warnings).toEqual([
      'Line 1:38: evaluation of [a + 1] failed, treating result as null. Only first 20 failures recorded.',
      'Line 1:38: java.lang.ArithmeticException: integer overflow',
      'Line 1:49: evaluation of [10 / b] failed, treating result as null. Only first 20 failures recorded.',
      'Line 1:49: java.lang.ArithmeticException: / by zero',
    ]);
  });

  it('matches LIKE wildcards and RLIKE regular expressions against the whole value', () => {
    expect(rows('FROM logs-* METADATA _id | WHERE message LIKE "Login*" AND message RLIKE ".*fail.*" | KEEP _id | SORT _id')).toEqual([['1'], ['2']]);
    expect(rows('ROW a = "a*b" | EVAL x = a LIKE "a\\\\*b", y = a LIKE "a\\\\*c"')).toEqual([['a*b', true, false]]);
  });

  it('matches ips with CIDR_MATCH and a string constant compared with an ip field', () => {
    expect(rows('FROM logs-* METADATA _id | WHERE CIDR_MATCH(source.ip, "10.0.0.0/8") OR source.ip == "192.168.1.7" | KEEP _id | SORT _id')).toEqual([['1'], ['2']]);
  });
});

describe('embedded ES|QL engine: full-text functions through the query DSL evaluator', () => {
  it('KQL() matches as the KQL query does on the mapped fields, text analysed and keyword exact', () => {
    expect(rows('FROM logs-* METADATA _id | WHERE KQL("message: failed and user.name: alice") | KEEP _id | SORT _id')).toEqual([['1'], ['2']]);
    expect(rows('FROM logs-* METADATA _id | WHERE KQL("user.name: ALICE") | KEEP _id')).toEqual([]);
    // Document 4 writes host.name as a dotted key: the same field.
    expect(rows('FROM logs-* METADATA _id | WHERE KQL("host.name: h1 or host.name: h3") | KEEP _id | SORT _id')).toEqual([['1'], ['3'], ['4']]);
  });

  it('MATCH(), MATCH_PHRASE() and the match operator search one field; a field the row lacks matches nothing', () => {
    expect(rows('FROM logs-* METADATA _id | WHERE MATCH(message, "LOGIN") | KEEP _id | SORT _id')).toEqual([['1'], ['2']]);
    expect(rows('FROM logs-* METADATA _id | WHERE message : "failed alice" | KEEP _id | SORT _id')).toEqual([['1'], ['2']]);
    expect(rows('FROM logs-* METADATA _id | WHERE MATCH_PHRASE(message, "failed for") | KEEP _id')).toEqual([['1']]);
    expect(rows('FROM logs-* METADATA _id | WHERE MATCH(message::STRING, "failed alice", {"operator": "AND"}) | KEEP _id')).toEqual([['1']]);
    expect(rows('FROM logs-* METADATA _id | KEEP _id | WHERE KQL("message: failed")')).toEqual([]);
  });

  it('refuses by name what it cannot replay: options, a query that is not a constant', () => {
    expect(() => run('FROM logs-* | WHERE MATCH(process.name, "x", {"fuzziness": 1})')).toThrow(/option "fuzziness" of MATCH/i);
    expect(() => run('FROM logs-* | WHERE KQL(message)')).toThrow(/constant string/);
  });
});

describe('embedded ES|QL engine: STATS', () => {
  it('counts, counts distinct values and collects VALUES per group, aggregates first then groups', () => {
    const result = run('FROM logs-* | WHERE event.code == "4625" | STATS failures = COUNT(*), hosts = COUNT_DISTINCT(host.name), seen = VALUES(host.name) BY user.name');
    expect(result.columns).toEqual([{ name: 'failures', type: 'long' }, { name: 'hosts', type: 'long' }, { name: 'seen', type: 'keyword' }, { name: 'user.name', type: 'keyword' }]);
    expect(result.values).toEqual([[3, 2, ['h1', 'h2'], 'alice']]);
  });

  it('names a backquoted grouping column after the column itself', () => {
    expect(run('FROM logs-* | STATS COUNT(*) BY `user`.name | KEEP user.name, `COUNT(*)`').columns).toEqual([{ name: 'user.name', type: 'keyword' }, { name: 'COUNT(*)', type: 'long' }]);
  });

  it('puts a row with a multi-valued key in each of its groups, and a null key in the null group', () => {
    expect(rows('FROM logs-* | STATS n = COUNT(*) BY tags | SORT tags')).toEqual([[1, 'a'], [1, 'b'], [1, 'c'], [2, null]]);
  });

  it('counts every value of a multi-valued field and computes SUM, AVG, MIN, MAX', () => {
    expect(rows('FROM logs-* | STATS c = COUNT(tags), s = SUM(process.pid), a = AVG(score), lo = MIN(@timestamp), hi = MAX(process.pid)')).toEqual([
      [3, 2147483707, 2, '2024-05-01T10:00:00.000Z', 2147483647],
    ]);
  });

  it('answers one row for STATS without BY over no rows, and none with BY', () => {
    expect(rows('FROM logs-* | WHERE event.code == "nope" | STATS c = COUNT(*), m = MAX(process.pid)')).toEqual([[0, null]]);
    expect(rows('FROM logs-* | WHERE event.code == "nope" | STATS c = COUNT(*) BY host.name')).toEqual([]);
  });

  it('evaluates expressions over aggregates and filtered aggregates', () => {
    expect(rows('FROM logs-* | STATS fails = COUNT(*) WHERE event.code == "4625", ratio = ROUND(SUM(CASE(event.code == "4625", 1, 0)) * 100.0 / COUNT(*), 1)')).toEqual([[3, 75]]);
  });

  it('keeps rows and adds the group aggregates with INLINE STATS', () => {
    expect(rows('FROM logs-* METADATA _id | INLINE STATS n = COUNT(*) BY user.name | KEEP _id, n | SORT _id')).toEqual([['1', 3], ['2', 3], ['3', 1], ['4', 3]]);
  });
});

describe('embedded ES|QL engine: SORT, LIMIT, MV_EXPAND, DISSECT, GROK, RENAME, DROP', () => {
  it('sorts ASC with nulls last and DESC with nulls first by default', () => {
    expect(rows('FROM logs-* METADATA _id | SORT source.ip | KEEP _id')).toEqual([['1'], ['2'], ['3'], ['4']]);
    expect(rows('FROM logs-* METADATA _id | SORT source.ip DESC, _id | KEEP _id')).toEqual([['3'], ['4'], ['2'], ['1']]);
  });

  it('expands multi-values into rows, and extracts with DISSECT and GROK', () => {
    expect(rows('FROM logs-* METADATA _id | WHERE _id == "1" | MV_EXPAND tags | KEEP tags')).toEqual([['a'], ['b']]);
    expect(rows('ROW m = "GET /x 200" | DISSECT m "%{verb} %{path} %{code}" | KEEP verb, path, code')).toEqual([['GET', '/x', '200']]);
    expect(rows('ROW m = "10.1.2.3 took 42" | GROK m "%{IP:ip} took %{NUMBER:ms:int}" | KEEP ip, ms')).toEqual([['10.1.2.3', 42]]);
  });

  it('renames in place and drops by pattern', () => {
    expect(run('ROW a = 1, b = 2, c = 3 | RENAME b AS z | DROP c').columns.map((column) => column.name)).toEqual(['a', 'z']);
  });

  it('refuses what it cannot run, naming it', () => {
    expect(() => run('FROM logs-* | ENRICH policy')).toThrow(/the ENRICH command is outside the embedded ES\|QL engine's subset/);
    expect(() => run('FROM logs-* | STATS m = MEDIAN_ABSOLUTE_DEVIATION(process.pid)')).toThrow(/MEDIAN_ABSOLUTE_DEVIATION is outside/);
  });

  it('applies the default LIMIT of 1000', () => {
    const many = Array.from({ length: 1200 }, (_, i) => doc(String(i), { host: { name: `h${i}` } }));
    const parsed = parseQuery('FROM logs-* | KEEP host.name');
    if (!parsed.ok) throw new Error('parse');
    expect(runQuery(parsed.query, 'FROM logs-* | KEEP host.name', { documents: many, fieldTypes: mapping, now: 0 }).values).toHaveLength(1000);
  });
});

describe('embedded ES|QL engine: semantics the Elasticsearch spec files pinned down', () => {
  it('STATS: the last output of a name wins, a grouping over any aggregate, each shadowed one warns', () => {
    const result = run('FROM logs-* | STATS h = COUNT(*), h = MAX(process.pid) BY user.name | SORT user.name');
    expect(result.columns.map((column) => column.name)).toEqual(['h', 'user.name']);
    expect(result.warnings).toEqual(["Line 1:21: Field 'h' shadowed by field at line 1:35"]);
    const grouped = run('FROM logs-* | STATS x = COUNT(*) BY x = user.name | SORT x');
    expect(grouped.columns.map((column) => column.name)).toEqual(['x']);
    expect(grouped.warnings).toEqual(["Line 1:21: Field 'x' shadowed by field at line 1:37"]);
  });

  it('STATS: aggregates and their filters see aliased groupings', () => {
    expect(rows('FROM logs-* | STATS m = MAX(p), c = COUNT(*) WHERE p > 15 BY p = process.pid + 0 | SORT p')).toEqual([
      [10, 0, 10], [20, 1, 20], [30, 1, 30], [2147483647, 1, 2147483647],
    ]);
  });

  it('INLINE STATS: unshadowed input columns, then aggregates, then groupings; a multi-valued key takes every group', () => {
    const result = run('ROW k = ["a", "b"], v = 1 | INLINE STATS c = COUNT(*) BY k');
    expect(result.columns.map((column) => column.name)).toEqual(['v', 'c', 'k']);
    expect(result.values).toEqual([[1, [1, 1], ['a', 'b']]]);
  });

  it('types whole-number literals by their exact value and computes near 2^63 exactly', () => {
    expect(run('ROW a = 2147483648, b = 9223372036854775807, c = 9223372036854775808').columns.map((column) => column.type)).toEqual(['long', 'long', 'unsigned_long']);
    const overflow = run('ROW max = 9223372036854775807 | EVAL sum = max + 1, same = max * 1 | KEEP sum, same');
    expect(overflow.values).toEqual([[null, 9223372036854775807]]);
    expect(overflow.warnings).toContain('Line 1:44: java.lang.ArithmeticException: long overflow');
  });

  it('conversions keep the values of a multi-value that convert and report the others', () => {
    const result = run('ROW l = [5013792, 2147483647, 501379200000] | EVAL i = TO_INTEGER(l) | KEEP i');
    expect(result.values).toEqual([[[5013792, 2147483647]]]);
    expect(result.warnings).toContain('Line 1:56: org.elasticsearch.xpack.esql.core.InvalidArgumentException: [501379200000] out of [integer] range');
    expect(rows('ROW s = "0x32" | EVAL a = TO_LONG(s, 16), b = TO_INTEGER("31", 13), c = TO_DT("2024-01-01") | KEEP a, b, c')).toEqual([[50, 40, '2024-01-01T00:00:00.000Z']]);
  });

  it('casts string constants to dates where a date is expected, and negates NOT IN', () => {
    expect(rows('ROW d = DATE_DIFF("seconds", "2024-01-01T00:00:00Z", "2024-01-01T00:01:00Z"), e = "2024-01-01" + 1 day')).toEqual([[60, '2024-01-02T00:00:00.000Z']]);
    expect(rows('FROM logs-* METADATA _id | WHERE user.name NOT IN ("alice") | KEEP _id')).toEqual([['3']]);
  });
});
