// Property tests: the formatter round trip on generated trees, and the parser's robustness on
// random and mutated text (only syntax errors, never an exception, never slow).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkQuery, formatQuery, loadFieldCatalogue, parseQuery } from '../../scripts/eql/index.js';
import { queryArbitrary } from './query-arbitraries.js';
import { seedIndexPatterns, seedQuery } from './seed-query.js';
import { withoutSpans } from './without-spans.js';

const catalogue = loadFieldCatalogue();
const budgetMs = 50;

const samples = [
  seedQuery,
  'process where process.name : ("cmd.exe", "powershell.exe") and not process.args : "*-enc*" | head 10',
  'sequence by host.id with maxspan=5m [process where startsWith~(process.name, "a")] by process.pid ![file where true] by process.pid until [process where event.type == "end"] by process.pid',
  'sample by host.id [network where cidrMatch(source.ip, "10.0.0.0/8")] [dns where dns.question.name like~ "*.xyz"]',
  String.raw`file where file.path regex~ """C:\\Users\\[a-z]+\\.*""" and length(file.name) > 3 * (2 + 1) % 4`,
  'any where `weird field`.x[0] == -1.5e3 and ?optional.thing in~ ("a", "b") // comment',
];

/** A query text with random edits: characters inserted, deleted or replaced. */
const mutatedQuery = fc
  .tuple(
    fc.constantFrom(...samples),
    fc.array(
      fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), fc.oneof(fc.string({ minLength: 1, maxLength: 3 }), fc.constantFrom('"', '"""', '`', '[', ']', '(', ')', '/*', '*/', '\\', '~', '!', '?', '|', '\n', 'and', 'not', 'sequence'))),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([text, edits]) => {
    let result = text;
    for (const [position, kind, chunk] of edits) {
      const at = position % (result.length + 1);
      if (kind === 'insert') result = result.slice(0, at) + chunk + result.slice(at);
      else if (kind === 'delete') result = result.slice(0, at) + result.slice(at + chunk.length);
      else result = result.slice(0, at) + chunk + result.slice(at + chunk.length);
    }
    return result;
  });

/** Milliseconds to parse and check `text`: the best of up to three runs, so a GC pause is not a failure. */
function checkMs(text: string): number {
  let best = Infinity;
  for (let run = 0; run < 3 && best >= budgetMs; run++) {
    const started = performance.now();
    checkQuery(text, { catalogue, indexPatterns: seedIndexPatterns });
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

function assertHandled(text: string): void {
  const parsed = parseQuery(text);
  const checked = checkQuery(text, { catalogue, indexPatterns: seedIndexPatterns });
  expect(checkMs(text)).toBeLessThan(budgetMs);
  if (!parsed.ok) {
    expect(parsed.errors.length).toBeGreaterThan(0);
    for (const error of parsed.errors) {
      expect(error.code).toBe('eql.syntax');
      expect(error.line).toBeGreaterThanOrEqual(1);
      expect(error.column).toBeGreaterThanOrEqual(1);
      expect(error.offset).toBeLessThanOrEqual(text.length);
      expect(error.excerpt).toContain('^');
    }
  }
  expect(checked.problems.length === 0).toBe(checked.query !== undefined && parsed.ok && checked.problems.length === 0);
}

describe('formatter round trip', () => {
  it('parse(format(tree)) equals the tree, spans aside', () => {
    fc.assert(
      fc.property(queryArbitrary, (query) => {
        const text = formatQuery(query);
        const parsed = parseQuery(text);
        if (!parsed.ok) throw new Error(`formatted text does not parse:\n${text}\n${parsed.errors.map((e) => e.message).join('\n')}`);
        expect(withoutSpans(parsed.query)).toEqual(withoutSpans(query));
      }),
      { numRuns: 300 },
    );
  });

  it('formatting is idempotent on real queries', () => {
    for (const sample of samples) {
      const parsed = parseQuery(sample);
      if (!parsed.ok) throw new Error(`sample does not parse: ${parsed.errors[0]?.message}`);
      const once = formatQuery(parsed.query);
      const again = parseQuery(once);
      expect(again.ok && formatQuery(again.query)).toBe(once);
    }
  });
});

describe('parser robustness', () => {
  it('handles random text with syntax errors only, each in under 50 ms', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), assertHandled), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), assertHandled), { numRuns: 200 });
  });

  it('handles mutated real queries with syntax errors only, each in under 50 ms', () => {
    fc.assert(fc.property(mutatedQuery, assertHandled), { numRuns: 1000 });
  });

  it('stays fast on pathological inputs', () => {
    for (const text of [
      `process where a : "${'*'.repeat(20_000)}a"`,
      `process where ${'not '.repeat(150)}a`,
      `process where ${'a and '.repeat(5000)}b`,
      `process where a in (${'1, '.repeat(10_000)}1)`,
      `process where "${'\\\\'.repeat(10_000)}`,
      `/*${' /*'.repeat(10_000)}`,
      `sequence ${'[a where '.repeat(2000)}`,
      `process where ${'-'.repeat(10_000)}1`,
    ]) {
      assertHandled(text);
    }
  });
});
