// The entry points hostile input reaches, each wrapped so that a fuzz case passes when it ends in a
// value or in the error that entry point documents, within a time bound; anything else (another
// exception, a stack overflow, a hang) fails the case. Shared by the short run in `npm test` and the
// long run (`npm run fuzz -- --minutes N`).
import fc from 'fast-check';
import { checkQuery, loadFieldCatalogue } from '../../scripts/eql/index.js';
import { compileQuery, EqlCompileError } from '../../scripts/engines/embedded/index.js';
import { compileLuceneRegex, RegexError } from '../../scripts/engines/embedded/lucene-regex.js';
import { NdjsonError, parseLine } from '../../scripts/engines/embedded/ndjson.js';
import { compileWildcard } from '../../scripts/engines/embedded/wildcard.js';
import { parseRuleText } from '../../scripts/rules/load.js';
import { compileDsl, DslCompileError } from '../../scripts/engines/dsl/index.js';
import { NotReplayableError, runQuery } from '../../scripts/engines/esql/run-query.js';
import { PatternError } from '../../scripts/engines/esql/text-patterns.js';
import type { EventDocument, FieldMapping } from '../../scripts/engines/types.js';
import { checkQuery as checkEsql } from '../../scripts/esql/index.js';
import { buildRuleQuery, checkKql } from '../../scripts/kql/index.js';

/** Per input, on a loaded 2-core machine; the bound is 5 s end to end. */
export const MAX_MS_PER_INPUT = 3000;

export interface FuzzTarget {
  readonly name: string;
  readonly input: fc.Arbitrary<string>;
  /** Throws when the input is not handled; returns normally otherwise. */
  readonly run: (input: string) => void;
}

const expected = (work: () => void, ...allowed: (abstract new (...args: never[]) => Error)[]): void => {
  const started = performance.now();
  try {
    work();
  } catch (error) {
    if (!allowed.some((type) => error instanceof type)) throw error;
  }
  const ms = performance.now() - started;
  if (ms > MAX_MS_PER_INPUT) throw new Error(`took ${ms.toFixed(0)} ms`);
};

/** Pieces attackers combine: deep nesting, huge counts, many stars, odd code points. */
const regexPiece = fc.constantFrom('a', '.', '*', '+', '?', '|', '(', ')', '[a-z]', '[^a]', '{1000}', '{0,100}', '{2,}', '\\', '"x"', '@', '#', '&', '~', '<1-9>', '\\d', '😀', '\u0000');
const adversarialRegex = fc.oneof(
  fc.array(regexPiece, { maxLength: 60 }).map((pieces) => pieces.join('')),
  fc.tuple(fc.string({ maxLength: 5 }), fc.integer({ min: 1, max: 3000 }), fc.constantFrom('(', '*', 'a{9}', '[a-z]{50}')).map(([head, n, piece]) => head + piece.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

const depth = fc.integer({ min: 1, max: 20_000 });
const adversarialLine = fc.oneof(
  fc.json({ maxDepth: 5 }),
  depth.map((n) => `{"a":${'['.repeat(n)}${']'.repeat(n)}}`),
  depth.map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.tuple(fc.json({ maxDepth: 3 }), fc.integer({ min: 0, max: 50 })).map(([json, cut]) => json.slice(0, Math.max(0, json.length - cut))),
);

const ruleLine = fc.constantFrom('[metadata]', '[rule]', 'risk_score = inf', 'risk_score = nan', 'name = "x"', 'query = """', 'a = [[[[[[', '? [a]: 1', '&x a', '*x', 'key: &a [*a, *a]', '- - - - -', '{', '"\\u0000"', 'type = "eql"', 'language = "eql"');
const adversarialRuleText = fc.oneof(
  fc.array(ruleLine, { maxLength: 30 }).map((lines) => lines.join('\n')),
  fc.string({ unit: 'binary', maxLength: 500 }),
  depth.map((n) => `a = ${'['.repeat(n)}${']'.repeat(n)}`),
  depth.map((n) => `${'- '.repeat(Math.min(n, 2000))}x`),
);

const queryPiece = fc.constantFrom('process where ', 'true', 'a == 1', ' and ', ' or ', 'not ', '(', ')', 'x regex "', 'a{1000}{1000}', '"', ' : "a*', 'sequence by x ', '[any where true]', 'length(', 'cidrMatch(ip, "10.0.0.0/8")', ' | head 1', '*', '?');
const adversarialQuery = fc.oneof(
  fc.array(queryPiece, { maxLength: 40 }).map((pieces) => pieces.join('')),
  fc.string({ maxLength: 200 }).map((s) => `process where x regex ${JSON.stringify(s)}`),
  fc.string({ maxLength: 200 }).map((s) => `process where x : ${JSON.stringify(s)}`),
);

const kqlPiece = fc.constantFrom('host.name', 'process.pid', '@timestamp', 'message', 'source.ip', 'x.*', ':', ' : ', '*', 'a*b', '"quoted \\" value"', '\\', ' and ', ' or ', 'not ', '(', ')', '{', '}', '<', '>=', '10.0.0.0/8', 'now-5m', '1e309', '-1', 'true', 'é', '😀', ' ');
const adversarialKql = fc.oneof(
  fc.array(kqlPiece, { maxLength: 40 }).map((pieces) => pieces.join('')),
  fc.string({ maxLength: 200 }),
  fc.integer({ min: 1, max: 20_000 }).map((n) => `${'('.repeat(n)}a:b${')'.repeat(n)}`),
);

const esqlPiece = fc.constantFrom('FROM logs-* ', 'METADATA _id', '| WHERE ', '| EVAL ', '| STATS ', ' BY ', '| SORT ', '| KEEP ', '| LIMIT 3', '| MV_EXPAND host.name', '| DISSECT message "%{a} %{b}"', '| GROK message "%{WORD:w}"', 'host.name', 'process.pid', '@timestamp', 'x = ', 'COUNT(*)', 'COUNT_DISTINCT(', 'VALUES(', 'TO_LOWER(', 'CASE(', 'MV_SLICE(', 'DATE_TRUNC(1 hour, ', 'LENGTH(', ')', '(', ',', ' == ', ' + ', ' / 0', ' LIKE "a*"', ' RLIKE "(a|b)+"', ' IS NULL', ' AND ', ' OR ', 'NOT ', '"x"', '9223372036854775807', '1.5', 'null', '?p', '`a b`', '// c\n', '/* c */', 'KQL("host.name: a* and not message: (b or c)")', 'MATCH(message, "x y")', 'message : "z"', 'QSTR("a:b")');
const adversarialEsql = fc.oneof(
  fc.array(esqlPiece, { maxLength: 30 }).map((pieces) => pieces.join('')),
  fc.string({ maxLength: 200 }).map((s) => `FROM logs-* | WHERE host.name ${s}`),
  fc.integer({ min: 1, max: 20_000 }).map((n) => `FROM logs-* | WHERE ${'('.repeat(n)}true${')'.repeat(n)}`),
);

const catalogue = loadFieldCatalogue();
const fieldTypes = new Map<string, FieldMapping>([
  ['host.name', { type: 'keyword' }],
  ['process.pid', { type: 'long' }],
  ['@timestamp', { type: 'date' }],
  ['message', { type: 'text' }],
  ['source.ip', { type: 'ip' }],
]);
const documents: EventDocument[] = [
  { _index: 'logs-a', _id: '1', _source: { '@timestamp': '2024-05-01T10:00:00Z', host: { name: ['h1', 'h2'] }, process: { pid: 9223372036854775807 }, message: 'a b c', source: { ip: '10.0.0.1' } } },
  { _index: 'logs-a', _id: '2', _source: { '@timestamp': 'not a date', host: { name: 'h1' }, process: { pid: 'x' }, message: null, source: { ip: 'bad' } } },
  { _index: 'logs-b', _id: '3', _source: {} },
];

export const targets: readonly FuzzTarget[] = [
  {
    name: 'regex',
    input: adversarialRegex,
    run: (pattern) =>
      expected(() => {
        const test = compileLuceneRegex(pattern, pattern.length % 2 === 0);
        for (const value of ['', 'a', 'a'.repeat(10_000), pattern]) test(value);
      }, RegexError),
  },
  {
    name: 'wildcard',
    input: adversarialRegex,
    run: (pattern) =>
      expected(() => {
        const test = compileWildcard(pattern, pattern.length % 2 === 1);
        for (const value of ['', 'a'.repeat(10_000), pattern]) test(value);
      }, RegexError),
  },
  { name: 'ndjson line', input: adversarialLine, run: (line) => expected(() => parseLine(line, 1, 'events.ndjson'), NdjsonError) },
  {
    name: 'rule file',
    input: adversarialRuleText,
    run: (text) =>
      expected(() => {
        for (const file of ['x.toml', 'x.yaml']) {
          const { findings } = parseRuleText(file, text);
          if (!Array.isArray(findings)) throw new Error('no findings array');
        }
      }),
  },
  {
    name: 'eql query',
    input: adversarialQuery,
    run: (text) =>
      expected(() => {
        const { query } = checkQuery(text, { catalogue, indexPatterns: [] });
        if (query) compileQuery(query);
      }, EqlCompileError),
  },
  {
    name: 'kql query',
    input: adversarialKql,
    run: (text) =>
      expected(() => {
        const { query } = checkKql(text, { catalogue, indexPatterns: [] });
        if (!query) return;
        const built = buildRuleQuery({ query: text, language: 'kuery' });
        if (!built.ok) return;
        const matches = compileDsl({ bool: built.query.bool }, { fieldTypes, now: Date.now() });
        for (const document of documents) matches(document);
      }, DslCompileError),
  },
  {
    name: 'esql query',
    input: adversarialEsql,
    run: (text) =>
      expected(() => {
        const { query } = checkEsql(text, { catalogue });
        if (query) runQuery(query, text, { documents, fieldTypes, now: Date.now() });
      }, NotReplayableError, PatternError),
  },
];
