// Clause coverage: for every leaf condition of a rule's query (each comparison, match, `in` or
// function call, per step), how many test documents made it true, false or null. A condition
// the tests never saw both true and not true is a part of the rule nobody has proven.
import type { EventFilter, Expr, Query } from '../eql/ast.js';
import { ExpressionCompiler } from '../engines/embedded/compile-expression.js';
import type { EventDocument, FieldTypes } from '../engines/types.js';

export interface ConditionCoverage {
  /** `query`, `step 1`, `step 2`, …, `until`. */
  readonly step: string;
  /** The condition as written in the query; `not` kept when it wraps the condition directly. */
  readonly condition: string;
  /** 1-based line and column of the condition in the query. */
  readonly line: number;
  readonly column: number;
  true: number;
  false: number;
  null: number;
}

export type CoverageGap = 'never evaluated' | 'never true' | 'never false';

/** What the tests never showed of a condition; null (a missing field) counts as not true. */
export function coverageGap(coverage: ConditionCoverage): CoverageGap | undefined {
  if (coverage.true + coverage.false + coverage.null === 0) return 'never evaluated';
  if (coverage.true === 0) return 'never true';
  if (coverage.false + coverage.null === 0) return 'never false';
  return undefined;
}

interface Leaf {
  readonly coverage: ConditionCoverage;
  readonly evaluate: (source: Record<string, unknown>) => boolean | null;
}

interface Step {
  readonly inCategory: (source: Record<string, unknown>) => boolean;
  readonly leaves: Leaf[];
}

const isLeaf = (expr: Expr): boolean => expr.kind !== 'logical' && expr.kind !== 'not' && expr.kind !== 'literal';

function leavesOf(condition: Expr): Expr[] {
  switch (condition.kind) {
    case 'logical':
      return [...leavesOf(condition.left), ...leavesOf(condition.right)];
    case 'not':
      return isLeaf(condition.operand) ? [condition] : leavesOf(condition.operand);
    case 'literal':
      return [];
    default:
      return [condition];
  }
}

function stepsOf(query: Query): { label: string; filter: EventFilter }[] {
  switch (query.kind) {
    case 'event':
      return [{ label: 'query', filter: query.filter }];
    case 'sequence':
      return [
        ...query.steps.map((step, n) => ({ label: `step ${n + 1}`, filter: step.filter })),
        ...(query.until ? [{ label: 'until', filter: query.until.filter }] : []),
      ];
    case 'sample':
      return query.steps.map((step, n) => ({ label: `step ${n + 1}`, filter: step.filter }));
  }
}

/** Counts, across every document given to `record`, how each leaf condition of `query` evaluated. */
export class CoverageRecorder {
  private readonly steps: Step[];

  constructor(query: Query, queryText: string, options: { fieldTypes?: FieldTypes; categoryField?: string }) {
    const compiler = new ExpressionCompiler({ ...(options.fieldTypes ? { fieldTypes: options.fieldTypes } : {}) });
    const categoryField = options.categoryField ?? 'event.category';
    this.steps = stepsOf(query).map(({ label, filter }) => {
      const anyEvent: EventFilter = { ...filter, condition: { kind: 'literal', value: true, span: filter.span } };
      return {
        inCategory: compiler.filter(anyEvent, categoryField),
        leaves: leavesOf(filter.condition).map((expr) => ({
          evaluate: compiler.condition(expr),
          coverage: {
            step: label,
            condition: queryText.slice(expr.span.offset, expr.span.end).replace(/\s+/g, ' '),
            line: expr.span.line,
            column: expr.span.column,
            true: 0,
            false: 0,
            null: 0,
          },
        })),
      };
    });
  }

  /** Evaluates every leaf of the steps whose event category the document has. */
  record(documents: readonly EventDocument[]): void {
    for (const document of documents) {
      for (const step of this.steps) {
        if (!step.inCategory(document._source)) continue;
        for (const leaf of step.leaves) {
          const value = leaf.evaluate(document._source);
          leaf.coverage[value === null ? 'null' : value ? 'true' : 'false'] += 1;
        }
      }
    }
  }

  result(): ConditionCoverage[] {
    return this.steps.flatMap((step) => step.leaves.map((leaf) => ({ ...leaf.coverage })));
  }
}
