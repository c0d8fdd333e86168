// Property tests: format∘parse gives back the very tree, on generated trees and on random edits of
// real rule queries; the parser never throws and stays fast; the translation to query DSL never
// throws on a query the parser accepts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Query, Span, Term, ValueExpr } from '../../scripts/kql/ast.js';
import { formatKql } from '../../scripts/kql/formatter.js';
import { parseKql } from '../../scripts/kql/parser.js';
import { buildRuleQuery } from '../../scripts/kql/rule-query.js';
import { kqlToDsl } from '../../scripts/kql/to-dsl.js';
import { withoutSpans } from '../eql/without-spans.js';

const span: Span = { offset: 0, length: 0, line: 1, column: 1 };
const budgetMs = 50;

/** Text built from pieces that stress escaping: specials, keywords, whitespace, unicode. */
const rawText = fc
  .array(fc.constantFrom('a', 'Z', '0', '.', '-', '_', '/', '\\', '(', ')', ':', '<', '>', '"', '*', '{', '}', ' ', '\t', '\n', 'é', '\u00a0', 'or', 'AND', 'not', 'u0041', '@'), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(''));

/** What the parser can produce for an unquoted term: trimmed, non-empty, keywords as JSON values. */
const unquotedTerm: fc.Arbitrary<Term> = fc.oneof(
  rawText.map((text) => text.trim()).filter((text) => text !== '' && !['true', 'false', 'null'].includes(text)).map((value): Term => ({ kind: 'term', value, quoted: false, span })),
  fc.constantFrom(true, false, null).map((value): Term => ({ kind: 'term', value, quoted: false, span })),
  fc.array(rawText, { minLength: 2, maxLength: 3 }).map((pieces): Term => {
    const trimmed = pieces.map((piece, index) => (index === 0 ? piece.trimStart() : index === pieces.length - 1 ? piece.trimEnd() : piece));
    return { kind: 'term', value: trimmed.join('*'), quoted: false, wildcard: trimmed, span };
  }),
);
const quotedTerm = rawText.map((value): Term => ({ kind: 'term', value, quoted: true, span }));
const term = fc.oneof(unquotedTerm, quotedTerm);

const values: fc.Arbitrary<ValueExpr> = fc.letrec<{ values: ValueExpr }>((tie) => ({
  values: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    term,
    fc.record({ kind: fc.constantFrom('or' as const, 'and' as const), operands: fc.array(tie('values'), { minLength: 2, maxLength: 3 }), span: fc.constant(span) }),
    fc.record({ kind: fc.constant('not' as const), operand: tie('values'), span: fc.constant(span) }),
  ),
})).values;

const query: fc.Arbitrary<Query> = fc.letrec<{ query: Query }>((tie) => ({
  query: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('match' as const), field: term, values, span: fc.constant(span) }),
    fc.record({ kind: fc.constant('match' as const), field: fc.constant(null), values: term, span: fc.constant(span) }),
    fc.record({ kind: fc.constant('range' as const), field: term, operator: fc.constantFrom('gt' as const, 'gte' as const, 'lt' as const, 'lte' as const), value: term, span: fc.constant(span) }),
    fc.record({ kind: fc.constant('nested' as const), path: term, query: tie('query'), span: fc.constant(span) }),
    fc.record({ kind: fc.constantFrom('or' as const, 'and' as const), operands: fc.array(tie('query'), { minLength: 2, maxLength: 3 }), span: fc.constant(span) }),
    fc.record({ kind: fc.constant('not' as const), operand: tie('query'), span: fc.constant(span) }),
  ),
})).query;

const samples = [
  'event.category:process and host.os.type:windows and process.name:(cmd.exe or powershell.exe) and not user.name:SYSTEM',
  String.raw`process.executable:C\:\\Windows\\Temp\\* and process.args:("-enc" or "-e") and source.port >= 1024`,
  'event.dataset:aws.cloudtrail and event.action:(CreateUser or "Delete*") and aws.cloudtrail.user_identity.type:*',
  'nested.thing:{ child:value and other > 3 } or free text value',
  'winlog.channel:"Microsoft-Windows-Sysmon/Operational" and not (event.code:1 or event.code:3)',
];

const mutated = fc
  .tuple(
    fc.constantFrom(...samples),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete'), fc.oneof(fc.string({ minLength: 1, maxLength: 3 }), fc.constantFrom('"', '(', ')', '{', '}', ':', '\\', '*', ' or ', ' and ', 'not ', '<', '>='))), { minLength: 1, maxLength: 5 }),
  )
  .map(([text, edits]) => {
    let result = text;
    for (const [position, kind, chunk] of edits) {
      const at = position % (result.length + 1);
      result = kind === 'insert' ? result.slice(0, at) + chunk + result.slice(at) : result.slice(0, at) + result.slice(at + chunk.length);
    }
    return result;
  });

describe('KQL properties', () => {
  it('format then parse gives back the generated tree', () => {
    fc.assert(
      fc.property(query, (tree) => {
        const text = formatKql(tree);
        const reparsed = parseKql(text);
        if (!reparsed.ok) throw new Error(`formatted text does not parse: ${JSON.stringify(text)}: ${reparsed.errors[0]?.message}`);
        expect(withoutSpans(reparsed.query)).toEqual(withoutSpans(tree));
      }),
      { numRuns: 400 },
    );
  });

  it('on edited rule queries: never throws, stays fast, and what parses formats stably and translates', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        const started = performance.now();
        const parsed = parseKql(text);
        expect(performance.now() - started).toBeLessThan(budgetMs);
        if (!parsed.ok) {
          expect(parsed.errors[0]?.code).toBe('kql.syntax');
          return;
        }
        const formatted = formatKql(parsed.query);
        const again = parseKql(formatted);
        if (!again.ok) throw new Error(`formatted text does not parse: ${JSON.stringify(formatted)}`);
        expect(withoutSpans(again.query)).toEqual(withoutSpans(parsed.query));
        expect(formatKql(again.query)).toBe(formatted);
        expect(() => JSON.stringify(kqlToDsl(parsed.query))).not.toThrow();
        expect(buildRuleQuery({ query: text }).ok).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('translates every generated tree without throwing', () => {
    fc.assert(fc.property(query, (tree) => typeof JSON.stringify(kqlToDsl(tree)) === 'string'));
  });
});
