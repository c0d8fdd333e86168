// Clause coverage of a KQL rule, as coverage.ts gives it for EQL: every leaf condition (one field
// and one value; a value list `f:(a or b)` has a leaf per value; a range; `f:*`) evaluated on each
// document the tests' runs searched, through the same query DSL evaluator as the run itself. A
// condition on a field the document lacks counts as null (not true), as in EQL.
import { compileDsl, resolveField } from '../engines/dsl/index.js';
import type { EventDocument, FieldTypes } from '../engines/types.js';
import { kqlToDsl, parseKql, type FieldMatch, type Query, type Span, type ValueExpr } from '../kql/index.js';
import type { ConditionCoverage } from './coverage.js';

interface KqlLeaf {
  readonly query: Query;
  /** The field the condition reads, when it names one without wildcards. */
  readonly field: string | undefined;
  readonly coverage: ConditionCoverage;
}

function valueLeaves(match: FieldMatch, values: ValueExpr): { match: FieldMatch; span: Span }[] {
  switch (values.kind) {
    case 'term':
      return [{ match: { ...match, values }, span: values.span }];
    case 'not':
      return valueLeaves(match, values.operand);
    default:
      return values.operands.flatMap((operand) => valueLeaves(match, operand));
  }
}

export class KqlCoverageRecorder {
  private constructor(
    private readonly leaves: readonly KqlLeaf[],
    private readonly fieldTypesOf: (documents: readonly EventDocument[]) => FieldTypes,
  ) {}

  /** A recorder for the leaves of `text`; undefined when the query does not parse (validate reports that). */
  static forQuery(text: string, fieldTypesOf: (documents: readonly EventDocument[]) => FieldTypes): KqlCoverageRecorder | undefined {
    const parsed = parseKql(text);
    if (!parsed.ok) return undefined;
    const leaves: KqlLeaf[] = [];
    const slice = (span: Span) => text.slice(span.offset, span.offset + span.length).replace(/\s+/g, ' ');
    const fieldOf = (node: { field: { value: unknown; wildcard?: readonly string[] } | null }) =>
      node.field && !node.field.wildcard && typeof node.field.value === 'string' ? node.field.value : undefined;
    const leaf = (query: Query, condition: string, span: Span, field: string | undefined) =>
      leaves.push({ query, field, coverage: { step: 'query', condition, line: span.line, column: span.column, true: 0, false: 0, null: 0 } });
    const visit = (query: Query, nestedPath?: string): void => {
      switch (query.kind) {
        case 'and':
        case 'or':
          query.operands.forEach((operand) => visit(operand, nestedPath));
          return;
        case 'not':
          visit(query.operand, nestedPath);
          return;
        case 'nested':
          visit(query.query, nestedPath);
          return;
        case 'match-all':
          return;
        case 'range':
          leaf(query, slice(query.span), query.span, fieldOf(query));
          return;
        case 'match': {
          const parts = valueLeaves(query, query.values);
          if (parts.length === 1) leaf(query, slice(query.span), query.span, fieldOf(query));
          else for (const part of parts) leaf(part.match, `${query.field ? `${slice(query.field.span)}: ` : ''}${slice(part.span)}`, part.span, fieldOf(query));
        }
      }
    };
    visit(parsed.query);
    return new KqlCoverageRecorder(leaves, fieldTypesOf);
  }

  record(documents: readonly EventDocument[], now: number): void {
    if (documents.length === 0) return;
    const fieldTypes = this.fieldTypesOf(documents);
    for (const leaf of this.leaves) {
      const test = compileDsl(kqlToDsl(leaf.query), { fieldTypes, now });
      const present = leaf.field === undefined ? () => true : ((field) => (source: Record<string, unknown>) => field.read(source).length > 0)(resolveField(leaf.field, fieldTypes));
      for (const document of documents) {
        leaf.coverage[!present(document._source) ? 'null' : test(document) ? 'true' : 'false'] += 1;
      }
    }
  }

  result(): ConditionCoverage[] {
    return this.leaves.map((leaf) => ({ ...leaf.coverage }));
  }
}
