import { describe, expect, it } from 'vitest';
import { formatQuery, parseQuery, type Command, type Expression, type Query } from '../../scripts/esql/index.js';

function parsed(text: string): Query {
  const result = parseQuery(text);
  if (!result.ok) throw new Error(`${result.error.message} at ${result.error.offset}`);
  return result.query;
}

function failure(text: string): { message: string; offset: number } {
  const result = parseQuery(text);
  if (result.ok) throw new Error(`expected a syntax error for ${text}`);
  return { message: result.error.message, offset: result.error.offset };
}

const where = (text: string): Expression => {
  const command = parsed(`FROM i | WHERE ${text}`).commands[1] as Command & { kind: 'where' };
  return command.condition;
};

describe('ES|QL source commands', () => {
  it('reads FROM with several patterns, a remote cluster, a quoted index, a selector and METADATA', () => {
    const from = parsed('from logs-*, remote:metrics-*, "my index", logs-x::failures metadata _id, _index, _version').commands[0];
    expect(from).toMatchObject({
      kind: 'from',
      indices: [{ name: 'logs-*' }, { cluster: 'remote', name: 'metrics-*' }, { name: 'my index', quoted: true }, { name: 'logs-x', selector: 'failures' }],
      metadata: [{ name: '_id' }, { name: '_index' }, { name: '_version' }],
    });
  });

  it('keeps date math with a single slash in an index name, and reads // as a comment', () => {
    const from = parsed('FROM <logs-{now/d}> // today\n| LIMIT 1').commands[0];
    expect(from).toMatchObject({ indices: [{ name: '<logs-{now/d}>' }] });
  });

  it('reads ROW, SHOW INFO and TS', () => {
    expect(parsed('ROW a = 1, b = "x", c = [1, 2]').commands[0]).toMatchObject({ kind: 'row', fields: [{ name: { name: 'a' } }, { name: { name: 'b' } }, { name: { name: 'c' } }] });
    expect(parsed('show info').commands[0]).toMatchObject({ kind: 'show' });
    expect(parsed('TS metrics-*').commands[0]).toMatchObject({ kind: 'ts' });
  });

  it('takes command words in any case', () => {
    expect(parsed('FrOm a | wHeRe x > 1 | Limit 5').commands.map((command) => command.kind)).toEqual(['from', 'where', 'limit']);
  });
});

describe('ES|QL processing commands', () => {
  it('reads every processing command detection rules use', () => {
    const query = parsed(`FROM logs-* METADATA _id
      | WHERE event.code == "4625" AND NOT user.name IN ("a", "b")
      | EVAL day = DATE_TRUNC(1 day, @timestamp), n = 1 + 2 * 3
      | DISSECT message "%{a} %{b}" APPEND_SEPARATOR = "-"
      | GROK message "%{IP:ip} %{WORD:w}", "%{WORD:w}"
      | MV_EXPAND tags
      | STATS c = COUNT(*), hosts = COUNT_DISTINCT(host.name) WHERE host.name IS NOT NULL BY user.name, day
      | INLINE STATS m = MAX(c) BY user.name
      | INLINESTATS m2 = MAX(c)
      | RENAME c AS attempts, total = hosts
      | KEEP user.*, attempts, \`total\`
      | DROP m2
      | SORT attempts DESC NULLS LAST, user.name
      | ENRICH hosts_policy ON user.name WITH owner = team, site
      | LOOKUP JOIN threat_intel ON source.ip
      | SAMPLE 0.5
      | LIMIT 10`);
    expect(query.commands.map((command) => command.kind)).toEqual([
      'from', 'where', 'eval', 'dissect', 'grok', 'mv_expand', 'stats', 'inline_stats', 'inline_stats', 'rename', 'keep', 'drop', 'sort', 'enrich', 'lookup_join', 'sample', 'limit',
    ]);
    expect(query.commands[6]).toMatchObject({ aggregates: [{ name: { name: 'c' } }, { name: { name: 'hosts' }, filter: { kind: 'is-null', negated: true } }], groupings: [{}, {}] });
    expect(query.commands[9]).toMatchObject({ renames: [{ from: { name: 'c' }, to: { name: 'attempts' } }, { from: { name: 'hosts' }, to: { name: 'total' } }] });
    expect(query.commands[10]).toMatchObject({ patterns: [{ name: 'user.*' }, { name: 'attempts' }, { name: 'total' }] });
    expect(query.commands[13]).toMatchObject({ policy: 'hosts_policy', on: { name: 'user.name' }, with: [{ name: { name: 'owner' }, field: { name: 'team' } }, { field: { name: 'site' } }] });
  });

  it('reads FORK, CHANGE_POINT, COMPLETION, RERANK and FUSE', () => {
    const query = parsed(`FROM i
      | FORK (WHERE a > 1 | LIMIT 2) (WHERE b < 2)
      | CHANGE_POINT v ON t AS type, pvalue
      | COMPLETION answer = prompt WITH {"inference_id": "x"}
      | RERANK "query" ON title, body = CONCAT(a, b) WITH {"inference_id": "y"}
      | FUSE rrf SCORE BY _score KEY BY _id, _index`);
    expect(query.commands.map((command) => command.kind)).toEqual(['from', 'fork', 'change_point', 'completion', 'rerank', 'fuse']);
    expect(query.commands[1]).toMatchObject({ branches: [[{ kind: 'where' }, { kind: 'limit' }], [{ kind: 'where' }]] });
  });
});

describe('ES|QL expressions', () => {
  it('binds NOT tighter than AND, AND tighter than OR', () => {
    expect(where('NOT a OR b AND c')).toMatchObject({
      kind: 'binary', operator: 'or', left: { kind: 'unary', operator: 'not' }, right: { kind: 'binary', operator: 'and' },
    });
  });

  it('binds * tighter than +, unary minus tighter than *, and a cast tightest', () => {
    expect(where('a + b * -c::long > 1')).toMatchObject({
      kind: 'binary', operator: '>',
      left: { operator: '+', right: { operator: '*', right: { kind: 'unary', operator: '-', operand: { kind: 'cast', type: 'long' } } } },
    });
  });

  it('reads IN, NOT IN, IS [NOT] NULL, [NOT] LIKE and RLIKE, the list form of LIKE, and the match operator', () => {
    expect(where('a NOT IN (1, 2)')).toMatchObject({ kind: 'in', negated: true, list: [{ value: 1 }, { value: 2 }] });
    expect(where('a IS NULL')).toMatchObject({ kind: 'is-null', negated: false });
    expect(where('a NOT LIKE "x*"')).toMatchObject({ kind: 'like', operator: 'like', negated: true, patterns: [{ value: 'x*' }] });
    expect(where('a RLIKE ("x.*", "y")')).toMatchObject({ kind: 'like', operator: 'rlike', list: true });
    expect(where('message : "error"')).toMatchObject({ kind: 'match', field: { name: 'message' }, query: { value: 'error' } });
  });

  it('reads every literal form: null, booleans, integers, decimals, exponents, signed numbers, time spans, strings, lists, parameters', () => {
    const row = parsed('ROW a = null, b = true, c = 42, d = 1.5, e = 1e3, f = -7, g = 1 hour, h = "q\\"\\n", i = """raw "x" \\n""", j = [1, 2.5], k = ?, l = ?name, m = ?1, n = .5').commands[0] as Command & { kind: 'row' };
    expect(row.fields.map((field) => field.expression)).toMatchObject([
      { type: 'null' }, { type: 'boolean', value: true }, { type: 'integer', value: 42 }, { type: 'decimal', value: 1.5 },
      { type: 'decimal', value: 1000 }, { type: 'integer', value: -7 }, { type: 'time_span', value: { amount: 1, unit: 'hour' } },
      { type: 'string', value: 'q"\n' }, { type: 'string', value: 'raw "x" \\n' }, { kind: 'list' },
      { kind: 'param', name: '' }, { kind: 'param', name: 'name' }, { kind: 'param', name: '1' }, { type: 'decimal', value: 0.5 },
    ]);
  });

  it('reads backquoted names with doubled backquotes, and function calls with *, options and the BY form', () => {
    expect(where('`my field`.`a``b` == 1')).toMatchObject({ left: { kind: 'column', parts: ['my field', 'a`b'] } });
    const stats = parsed('FROM i | STATS COUNT(*), FIRST(x BY @timestamp), first(x, y), MATCH(a, "b", {"fuzziness": 2})').commands[1] as Command & { kind: 'stats' };
    expect(stats.aggregates.map((field) => field.expression)).toMatchObject([
      { name: 'count', star: true }, { name: 'first', by: { name: '@timestamp' } }, { name: 'first', args: [{}, {}] }, { name: 'match', options: { entries: [{ key: 'fuzziness' }] } },
    ]);
  });

  it('skips nested block comments and line comments anywhere', () => {
    expect(parsed('FROM a /* x /* y */ z */ | WHERE /* c */ b // end\n== 1').commands).toHaveLength(2);
  });
});

describe('ES|QL syntax errors', () => {
  it('names an unknown command at its offset, as `| wher (((` from the issue', () => {
    const error = failure('FROM logs-* | wher (((');
    expect(error.offset).toBe(14);
    expect(error.message).toMatch(/^mismatched input 'wher' expecting a processing command: /);
  });

  it('reports a missing index, an unterminated string, a dangling operator and unbalanced parentheses', () => {
    expect(failure('FROM')).toMatchObject({ message: 'mismatched input <EOF> expecting {QUOTED_STRING, UNQUOTED_SOURCE}', offset: 4 });
    expect(failure('FROM a | WHERE b == "x')).toMatchObject({ offset: 20 });
    expect(failure('FROM a | WHERE b ==').message).toMatch(/mismatched input <EOF>/);
    expect(failure('FROM a | WHERE (b == 1').message).toBe("mismatched input <EOF> expecting ')'");
    expect(failure('FROM a | WHERE b == 1)').message).toBe("mismatched input ')' expecting {<EOF>, '|'}");
  });

  it('refuses a keyword as a field name, a bad escape and a query that starts with a processing command', () => {
    expect(failure('FROM a | KEEP').message).toMatch(/expecting ID_PATTERN/);
    expect(failure('FROM a | WHERE b == "\\q"').message).toMatch(/invalid escape sequence/);
    expect(failure('WHERE a').message).toMatch(/^mismatched input 'WHERE' expecting a source command/);
  });

  it('bounds nesting, so deep input is a finding and not a stack overflow', () => {
    expect(failure(`FROM a | WHERE ${'('.repeat(5000)}a${')'.repeat(5000)}`).message).toMatch(/nests deeper than 200/);
    expect(failure(`FROM a | WHERE ${'NOT '.repeat(5000)}a`).message).toMatch(/nests deeper than 200/);
  });
});

describe('ES|QL formatter', () => {
  const canonical = (text: string): string => formatQuery(parsed(text));

  it('writes the canonical form: upper-case words, one command per line, minimal parentheses', () => {
    expect(canonical('from logs-* metadata _id | where (a == 1 and b) or not c | stats n=count(*) by host.name | sort n desc nulls first')).toBe(
      'FROM logs-* METADATA _id\n| WHERE a == 1 AND b OR NOT c\n| STATS n = COUNT(*) BY host.name\n| SORT n DESC NULLS FIRST',
    );
    expect(canonical('FROM a | EVAL x = (a + b) * c, y = a - (b - c), `we ird`.f = "t\\"ab"')).toBe(
      'FROM a\n| EVAL x = (a + b) * c, y = a - (b - c), `we ird`.f = "t\\"ab"',
    );
  });

  it('gives back the same tree when its output is parsed again', () => {
    const strip = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, item) => (['offset', 'end', 'keyword', 'text', 'written'].includes(key) ? undefined : item)));
    for (const text of [
      'FROM a | WHERE NOT (a OR b) AND (c IS NULL) == d',
      'FROM a | WHERE (a == b) IN (true, false) AND x NOT LIKE ("a", "b")',
      'ROW a = -1, b = 1 day, c = [true, false] | EVAL d = -(a + 1)',
      'FROM a | RENAME x = y | ENRICH "p" ON k | LOOKUP JOIN l ON a == b',
    ]) {
      const first = parsed(text);
      const again = parsed(formatQuery(first));
      expect(strip(again)).toEqual(strip(first));
      expect(formatQuery(again)).toBe(formatQuery(first));
    }
  });
});
