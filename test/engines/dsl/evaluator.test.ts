// The query DSL evaluator, clause by clause and field type by field type, with the answers
// Elasticsearch gives (mapper semantics from server/src/main/java/org/elasticsearch/index/mapper/).
import { describe, expect, it } from 'vitest';
import { compileDsl, DslCompileError } from '../../../scripts/engines/dsl/index.js';
import type { EventDocument, FieldMapping } from '../../../scripts/engines/types.js';

const NOW = Date.parse('2024-05-01T10:00:00Z');

const types = new Map<string, FieldMapping>([
  ['host.name', { type: 'keyword', ignoreAbove: 10 }],
  ['event.code', { type: 'keyword' }],
  ['process.command_line', { type: 'wildcard' }],
  ['process.command_line.text', { type: 'match_only_text' }],
  ['message', { type: 'match_only_text' }],
  ['title', { type: 'text', keywordSubField: { name: 'keyword' } }],
  ['event.risk', { type: 'long' }],
  ['event.score', { type: 'double' }],
  ['@timestamp', { type: 'date' }],
  ['source.ip', { type: 'ip' }],
  ['winlog.trusted', { type: 'boolean' }],
  ['host.alias', { type: 'alias', path: 'host.name' }],
]);

function matching(query: unknown, documents: Record<string, unknown>[]): string[] {
  const test = compileDsl(query, { fieldTypes: types, now: NOW });
  return documents
    .map((source, n): EventDocument => ({ _index: 'logs', _id: String(n + 1), _source: source }))
    .filter(test)
    .map((document) => document._id);
}

describe('keyword fields', () => {
  const docs = [{ host: { name: 'WS-01' } }, { host: { name: 'ws-01' } }, { 'host.name': ['dc-01', 'WS-01'] }, { host: { name: 'a-very-long-name' } }, {}];
  it('term is exact and case-sensitive; arrays match on any element; dotted keys and objects alike', () => {
    expect(matching({ term: { 'host.name': 'WS-01' } }, docs)).toEqual(['1', '3']);
    expect(matching({ term: { 'host.name': { value: 'ws-01', case_insensitive: true } } }, docs)).toEqual(['1', '2', '3']);
  });
  it('match on a keyword field is a term query (no analysis)', () => {
    expect(matching({ match: { 'host.name': 'ws' } }, docs)).toEqual([]);
    expect(matching({ match: { 'host.name': { query: 'dc-01' } } }, docs)).toEqual(['3']);
  });
  it('values over ignore_above are not indexed: no term, wildcard or exists sees them', () => {
    expect(matching({ term: { 'host.name': 'a-very-long-name' } }, docs)).toEqual([]);
    expect(matching({ exists: { field: 'host.name' } }, docs)).toEqual(['1', '2', '3']);
  });
  it('wildcard: * and ? with backslash escapes; case_insensitive', () => {
    expect(matching({ wildcard: { 'host.name': { value: 'WS-*' } } }, docs)).toEqual(['1', '3']);
    expect(matching({ wildcard: { 'host.name': { value: 'ws-0?', case_insensitive: true } } }, docs)).toEqual(['1', '2', '3']);
    expect(matching({ wildcard: { 'event.code': 'a\\*b' } }, [{ event: { code: 'a*b' } }, { event: { code: 'axxb' } }])).toEqual(['1']);
  });
  it('prefix and terms', () => {
    expect(matching({ prefix: { 'host.name': 'dc' } }, docs)).toEqual(['3']);
    expect(matching({ terms: { 'host.name': ['ws-01', 'nothing'] } }, docs)).toEqual(['2']);
  });
  it('numbers in keyword fields are their string form', () => {
    expect(matching({ term: { 'event.code': '4625' } }, [{ event: { code: 4625 } }, { event: { code: '4625' } }, { event: { code: '4624' } }])).toEqual(['1', '2']);
  });
  it('an alias reads its target', () => {
    expect(matching({ term: { 'host.alias': 'dc-01' } }, docs)).toEqual(['3']);
  });
  it('range on keyword compares strings', () => {
    expect(matching({ range: { 'event.code': { gte: '4624', lt: '4626' } } }, [{ event: { code: '4624' } }, { event: { code: '4625' } }, { event: { code: '4626' } }, { event: { code: '5' } }])).toEqual(['1', '2']);
  });
});

describe('text and match_only_text fields (standard analyzer)', () => {
  const docs = [
    { message: 'An account failed to log on.' },
    { message: 'Account LOGON failed' },
    { message: ['first value ends with failed', 'to start the second'] },
    { process: { command_line: 'C:\\Windows\\System32\\cmd.exe /c whoami' } },
  ];
  it('match: any analysed term by default, all with operator and', () => {
    expect(matching({ match: { message: 'FAILED logon' } }, docs)).toEqual(['1', '2', '3']);
    expect(matching({ match: { message: { query: 'failed logon', operator: 'and' } } }, docs)).toEqual(['2']);
  });
  it('match_phrase: terms at consecutive positions, never across two values of an array', () => {
    expect(matching({ match_phrase: { message: 'failed to log' } }, docs)).toEqual(['1']);
    expect(matching({ match_phrase: { message: 'logon failed' } }, docs)).toEqual(['2']);
    expect(matching({ match_phrase: { message: 'failed to' } }, docs)).toEqual(['1']);
  });
  it('term on a text field compares one indexed (lower-cased) token, the query unanalysed', () => {
    expect(matching({ term: { message: 'account' } }, docs)).toEqual(['1', '2']);
    expect(matching({ term: { message: 'Account' } }, docs)).toEqual([]);
  });
  it('a multi-field (.text) analyses its parent value; the parent stays exact', () => {
    expect(matching({ match: { 'process.command_line.text': 'WHOAMI' } }, docs)).toEqual(['4']);
    expect(matching({ match: { 'process.command_line': 'whoami' } }, docs)).toEqual([]);
    expect(matching({ wildcard: { 'process.command_line.text': 'SYS*' } }, docs)).toEqual(['4']);
  });
  it("a text field's keyword sub-field is exact", () => {
    const titles = [{ title: 'Quick Brown Fox' }];
    expect(matching({ match: { title: 'fox' } }, titles)).toEqual(['1']);
    expect(matching({ term: { 'title.keyword': 'Quick Brown Fox' } }, titles)).toEqual(['1']);
    expect(matching({ term: { 'title.keyword': 'fox' } }, titles)).toEqual([]);
  });
});

describe('numbers, dates, IPs and booleans', () => {
  it('long and double: term by value, integer fields drop decimals, ranges inclusive or not', () => {
    const docs = [{ event: { risk: 5 } }, { event: { risk: '7' } }, { event: { risk: 9.9 } }, { event: { score: 0.5 } }];
    expect(matching({ term: { 'event.risk': 5 } }, docs)).toEqual(['1']);
    expect(matching({ match: { 'event.risk': '7' } }, docs)).toEqual(['2']);
    expect(matching({ term: { 'event.risk': 9 } }, docs)).toEqual(['3']);
    expect(matching({ term: { 'event.risk': 5.5 } }, docs)).toEqual([]);
    expect(matching({ range: { 'event.risk': { gt: 5, lte: 9 } } }, docs)).toEqual(['2', '3']);
    expect(matching({ range: { 'event.score': { gte: 0.5 } } }, docs)).toEqual(['4']);
  });
  it('a non-number against a numeric field is an error, as Elasticsearch answers number_format_exception', () => {
    expect(() => matching({ bool: { filter: [{ term: { 'event.risk': 'high' } }] } }, [])).toThrow(/query\.bool\.filter\[0\]\.term\.event\.risk: .*not a number/);
  });
  it('date ranges: formats, epoch millis, date math, rounding by side, time zones', () => {
    const docs = [
      { '@timestamp': '2024-05-01T09:55:00Z' },
      { '@timestamp': '2024-04-30T23:30:00Z' },
      { '@timestamp': Date.parse('2024-05-01T09:59:59.999Z') },
      { '@timestamp': '2024-05-02T00:00:00Z' },
    ];
    expect(matching({ range: { '@timestamp': { gte: 'now-5m', lte: 'now' } } }, docs)).toEqual(['1', '3']);
    // lte rounds a date without a time up to the day's last millisecond; gt rounds it up too.
    expect(matching({ range: { '@timestamp': { lte: '2024-05-01' } } }, docs)).toEqual(['1', '2', '3']);
    expect(matching({ range: { '@timestamp': { gt: '2024-05-01' } } }, docs)).toEqual(['4']);
    expect(matching({ range: { '@timestamp': { gte: 'now/d', lt: 'now+1d/d' } } }, docs)).toEqual(['1', '3']);
    expect(matching({ range: { '@timestamp': { gte: '2024-05-01', lte: '2024-05-01', time_zone: '+01:00' } } }, docs)).toEqual(['1', '2', '3']);
    expect(matching({ range: { '@timestamp': { gte: 1714557300000, format: 'epoch_millis' } } }, docs)).toEqual(['1', '3', '4']);
    // A term on a date covers the value's whole precision.
    expect(matching({ term: { '@timestamp': '2024-05-01' } }, docs)).toEqual(['1', '3']);
  });
  it('a malformed date is an error naming the clause', () => {
    expect(() => matching({ range: { '@timestamp': { gte: 'yesterday' } } }, [])).toThrow(DslCompileError);
  });
  it('ip: exact address (IPv4 equal to its IPv4-mapped IPv6 form), CIDR terms, ranges', () => {
    const docs = [{ source: { ip: '10.1.2.3' } }, { source: { ip: '192.168.0.7' } }, { source: { ip: '::ffff:10.9.9.9' } }, { source: { ip: '2001:db8::1' } }];
    expect(matching({ term: { 'source.ip': '10.0.0.0/8' } }, docs)).toEqual(['1', '3']);
    expect(matching({ term: { 'source.ip': '10.9.9.9' } }, docs)).toEqual(['3']);
    expect(matching({ term: { 'source.ip': '2001:db8::/32' } }, docs)).toEqual(['4']);
    expect(matching({ range: { 'source.ip': { gte: '192.168.0.0', lte: '192.168.255.255' } } }, docs)).toEqual(['2']);
  });
  it('boolean: true and "true" alike', () => {
    const docs = [{ winlog: { trusted: true } }, { winlog: { trusted: 'false' } }, { winlog: { trusted: 'true' } }];
    expect(matching({ term: { 'winlog.trusted': true } }, docs)).toEqual(['1', '3']);
    expect(matching({ match: { 'winlog.trusted': 'false' } }, docs)).toEqual(['2']);
  });
});

describe('bool', () => {
  const docs = [{ event: { code: '1' } }, { event: { code: '2' } }, { event: { code: '3' } }, {}];
  const code = (value: string) => ({ term: { 'event.code': value } });
  it('must and filter all hold; must_not none; should alone needs one', () => {
    expect(matching({ bool: { should: [code('1'), code('2')] } }, docs)).toEqual(['1', '2']);
    expect(matching({ bool: { filter: [{ exists: { field: 'event.code' } }], must_not: [code('2')] } }, docs)).toEqual(['1', '3']);
    expect(matching({ bool: { must: code('3'), should: [code('1')] } }, docs)).toEqual(['3']);
  });
  it('minimum_should_match: integers, negatives and percentages; more than the clauses matches nothing', () => {
    const twoOf = { bool: { should: [{ exists: { field: 'event.code' } }, code('1'), code('2')], minimum_should_match: 2 } };
    expect(matching(twoOf, docs)).toEqual(['1', '2']);
    expect(matching({ bool: { ...twoOf.bool, minimum_should_match: '-1' } }, docs)).toEqual(['1', '2']);
    expect(matching({ bool: { ...twoOf.bool, minimum_should_match: '34%' } }, docs)).toEqual(['1', '2', '3']);
    expect(matching({ bool: { ...twoOf.bool, minimum_should_match: 4 } }, docs)).toEqual([]);
    expect(matching({ bool: { filter: [code('1')], should: [code('2')], minimum_should_match: 1 } }, docs)).toEqual([]);
  });
  it('an empty bool matches everything', () => {
    expect(matching({ bool: {} }, docs)).toEqual(['1', '2', '3', '4']);
  });
  it('missing fields: no term matches, must_not does', () => {
    expect(matching({ bool: { must_not: [code('1')] } }, docs)).toEqual(['2', '3', '4']);
  });
});

describe('query_string and multi_match as Kibana sends them', () => {
  const docs = [{ process: { name: 'cmd.exe' } }, { process: { name: 'CMD.EXE' } }, { process: { name: 'my cmd.exe' } }, { message: 'cmd started' }];
  it('a wildcard term on one keyword field, escapes kept literal', () => {
    expect(matching({ query_string: { fields: ['process.name'], query: 'cmd*' } }, docs)).toEqual(['1']);
    expect(matching({ query_string: { fields: ['process.name'], query: 'my\\ cmd*' } }, docs)).toEqual(['3']);
    expect(matching({ query_string: { fields: ['process.name'], query: '*cmd\\.exe' } }, docs)).toEqual(['1', '3']);
  });
  it('without fields, every field the document has (leniently)', () => {
    expect(matching({ query_string: { query: 'cmd*' } }, docs)).toEqual(['1', '4']);
    expect(matching({ multi_match: { type: 'best_fields', query: 'started', lenient: true } }, docs)).toEqual(['4']);
    expect(matching({ multi_match: { type: 'phrase', query: 'cmd started', lenient: true } }, docs)).toEqual(['4']);
  });
  it('Lucene syntax beyond terms is refused with the place and a reason', () => {
    expect(() => matching({ query_string: { query: 'a AND b' } }, [])).toThrow(/query\.query_string: .*boolean operators/);
    expect(() => matching({ query_string: { query: 'field:x' } }, [])).toThrow(/unescaped ":"/);
  });
});

describe('errors are data with a path', () => {
  it('an unknown clause, an extra key, a non-object', () => {
    expect(() => matching({ bool: { filter: [{ script: {} }] } }, [])).toThrow(/query\.bool\.filter\[0\]\.script: the embedded evaluator does not run "script"/);
    expect(() => matching({ bool: { must: [], musnt: [] } }, [])).toThrow(/query\.bool\.musnt/);
    expect(() => matching('match_all', [])).toThrow(/a query must be an object/);
    expect(() => matching({ term: {}, match: {} }, [])).toThrow(/exactly one clause/);
  });
  it('_id and _index are metadata, not source fields', () => {
    expect(matching({ terms: { _id: ['2'] } }, [{}, {}])).toEqual(['2']);
    expect(matching({ wildcard: { _index: 'log*' } }, [{}])).toEqual(['1']);
  });
});
