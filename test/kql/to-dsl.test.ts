// KQL → query DSL against Kibana's own expectations (kbn-es-query: kuery/functions/{is,range,and,
// or,not,nested}.test.ts, es_query/{build_es_query,migrate_filter,from_combined_filter}.test.ts),
// for the detection engine's data view, which knows no field types: the cases Kibana runs without
// an index pattern, or on fields its stub data view maps as text. Expected outputs are Kibana's.
import { describe, expect, it } from 'vitest';
import { parseKql } from '../../scripts/kql/parser.js';
import { buildRuleQuery } from '../../scripts/kql/rule-query.js';
import { kqlToDsl, type DslQuery } from '../../scripts/kql/to-dsl.js';

function dsl(text: string): DslQuery {
  const parsed = parseKql(text);
  if (!parsed.ok) throw new Error(parsed.errors[0]?.message);
  return kqlToDsl(parsed.query);
}

const should = (...clauses: unknown[]) => ({ bool: { should: clauses, minimum_should_match: 1 } });

describe('KQL to query DSL (Kibana functions/*.test.ts)', () => {
  it('is: match_all for *:* and for an empty query', () => {
    expect(dsl('*:*')).toEqual({ match_all: {} });
    expect(dsl('')).toEqual({ match_all: {} });
  });

  it('is: multi_match without a field, query_string for a wildcard without a field', () => {
    expect(dsl('200')).toEqual({ multi_match: { query: '200', type: 'best_fields', lenient: true } });
    expect(dsl('"200"')).toEqual({ multi_match: { query: '200', type: 'phrase', lenient: true } });
    expect(dsl('jpg*')).toEqual({ query_string: { query: 'jpg*' } });
  });

  it('is: exists for field:*', () => {
    expect(dsl('extension:*')).toEqual(should({ exists: { field: 'extension' } }));
  });

  it('is: match, match_phrase for a quoted value', () => {
    expect(dsl('extension:jpg')).toEqual(should({ match: { extension: 'jpg' } }));
    expect(dsl('extension:"jpg"')).toEqual(should({ match_phrase: { extension: 'jpg' } }));
  });

  it('is: query_string with Kibana escaping for a wildcard value', () => {
    expect(dsl('extension:jpg*')).toEqual(should({ query_string: { fields: ['extension'], query: 'jpg*' } }));
    // wildcard.ts escapes the query_string reserved characters of every piece.
    expect(dsl(String.raw`process.executable:C\:\\Windows\\*.exe`)).toEqual(
      should({ query_string: { fields: ['process.executable'], query: String.raw`C\:\\Windows\\*.exe` } }),
    );
    expect(dsl(String.raw`f:*a+b \(c\)/d?*`)).toEqual(should({ query_string: { fields: ['f'], query: String.raw`*a\+b \(c\)\/d\?*` } }));
  });

  it('is: a wildcard field name goes through as-is when no field is known', () => {
    expect(dsl('ext*:jpg')).toEqual(should({ match: { 'ext*': 'jpg' } }));
  });

  it('is: a date value stays a match (no field types, so no range and no time zone)', () => {
    expect(dsl('@timestamp:"2018-04-03T19:04:17"')).toEqual(should({ match_phrase: { '@timestamp': '2018-04-03T19:04:17' } }));
  });

  it('is: unquoted true, false and null are JSON values', () => {
    expect(dsl('flag:true')).toEqual(should({ match: { flag: true } }));
    expect(dsl('flag:"true"')).toEqual(should({ match_phrase: { flag: 'true' } }));
  });

  it('range: one range clause per operator, value as written', () => {
    expect(dsl('bytes > 1000')).toEqual(should({ range: { bytes: { gt: '1000' } } }));
    expect(dsl('bytes >= 1000')).toEqual(should({ range: { bytes: { gte: '1000' } } }));
    expect(dsl('bytes < 1000')).toEqual(should({ range: { bytes: { lt: '1000' } } }));
    expect(dsl('@timestamp <= "2018-04-03"')).toEqual(should({ range: { '@timestamp': { lte: '2018-04-03' } } }));
  });

  it('and, or, not: bool filter, should with minimum_should_match, must_not', () => {
    expect(dsl('a:1 and b:2')).toEqual({ bool: { filter: [should({ match: { a: '1' } }), should({ match: { b: '2' } })] } });
    expect(dsl('a:1 or b:2')).toEqual({ bool: { should: [should({ match: { a: '1' } }), should({ match: { b: '2' } })], minimum_should_match: 1 } });
    expect(dsl('not a:1')).toEqual({ bool: { must_not: should({ match: { a: '1' } }) } });
  });

  it('value lists distribute the field', () => {
    expect(dsl('a:(1 or not 2)')).toEqual({
      bool: { should: [should({ match: { a: '1' } }), { bool: { must_not: should({ match: { a: '2' } }) } }], minimum_should_match: 1 },
    });
  });

  it('nested: path, score_mode none, full field names inside, also nested twice', () => {
    expect(dsl('nestedField:{ child:foo }')).toEqual({
      nested: { path: 'nestedField', query: should({ match: { 'nestedField.child': 'foo' } }), score_mode: 'none' },
    });
    expect(dsl('a:{ b:{ c:* } }')).toEqual({
      nested: { path: 'a', score_mode: 'none', query: { nested: { path: 'a.b', score_mode: 'none', query: should({ exists: { field: 'a.b.c' } }) } } },
    });
  });
});

describe("buildRuleQuery: the detection engine's buildEsQuery (build_es_query.test.ts)", () => {
  it('returns an empty bool for an empty query and no filters (match_all removed)', () => {
    expect(buildRuleQuery({ query: '', language: 'kuery' })).toEqual({ ok: true, query: { bool: { must: [], filter: [], should: [], must_not: [] } } });
  });

  it('puts KQL under filter and the enabled filters after it; negated filters under must_not', () => {
    const filters = [
      { query: { match: { a: 'b' } }, meta: { alias: '', disabled: false, negate: false } },
      { query: { match_all: {} }, meta: { type: 'match_all' } },
      { exists: { field: 'user_agent.original' }, meta: { disabled: false, negate: true, type: 'exists' }, $state: { store: 'appState' } },
      { query: { match: { off: 'x' } }, meta: { disabled: true } },
    ];
    expect(buildRuleQuery({ query: 'extension:jpg', filters })).toEqual({
      ok: true,
      query: {
        bool: {
          must: [],
          filter: [should({ match: { extension: 'jpg' } }), { match: { a: 'b' } }],
          should: [],
          must_not: [{ exists: { field: 'user_agent.original' } }],
        },
      },
    });
  });

  it('migrates a legacy match of type phrase to match_phrase (migrate_filter.test.ts)', () => {
    const result = buildRuleQuery({ query: '', filters: [{ match: { fieldFoo: { query: 'foobar', type: 'phrase' } }, meta: {} }] });
    expect(result.ok && result.query.bool.filter).toEqual([{ match_phrase: { fieldFoo: { query: 'foobar' } } }]);
  });

  it('drops top-level keys beside query (migrate_filter.test.ts)', () => {
    const result = buildRuleQuery({ query: '', filters: [{ query: { term: { a: 1 } }, meta: {}, size: 0 }] });
    expect(result.ok && result.query.bool.filter).toEqual([{ term: { a: 1 } }]);
  });

  it('turns combined filters into bools (from_combined_filter.ts)', () => {
    const a = { query: { match_phrase: { a: 1 } }, meta: {} };
    const b = { query: { match_phrase: { b: 2 } }, meta: { negate: true } };
    const or = buildRuleQuery({ query: '', filters: [{ meta: { type: 'combined', relation: 'OR', params: [a, b] } }] });
    expect(or.ok && or.query.bool.filter).toEqual([
      {
        bool: {
          should: [
            { bool: { must: [], filter: [{ match_phrase: { a: 1 } }], should: [], must_not: [] } },
            { bool: { must: [], filter: [], should: [], must_not: [{ match_phrase: { b: 2 } }] } },
          ],
          minimum_should_match: 1,
        },
      },
    ]);
    const and = buildRuleQuery({ query: '', filters: [{ meta: { type: 'combined', relation: 'AND', params: [a, b] } }] });
    expect(and.ok && and.query.bool.filter).toEqual([
      { bool: { must: [], filter: [{ match_phrase: { a: 1 } }], should: [], must_not: [{ match_phrase: { b: 2 } }] } },
    ]);
  });

  it('builds a Lucene query_string with the engine options under must', () => {
    expect(buildRuleQuery({ query: 'bar:baz', language: 'lucene' })).toEqual({
      ok: true,
      query: { bool: { must: [{ query_string: { query: 'bar:baz', analyze_wildcard: true, time_zone: 'Zulu' } }], filter: [], should: [], must_not: [] } },
    });
  });

  it('returns errors as data: a KQL syntax error, a filter that is not an object, a language without DSL', () => {
    const broken = buildRuleQuery({ query: 'a:(b' });
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.problems[0]).toMatchObject({ code: 'kql.syntax', offset: 4 });
    expect(buildRuleQuery({ query: 'a:b', filters: ['nope'] })).toMatchObject({ ok: false, error: 'filters[0] is not a Kibana filter object' });
    expect(buildRuleQuery({ query: 'FROM x', language: 'esql' })).toMatchObject({ ok: false });
  });
});
