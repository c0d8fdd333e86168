// Clause coverage of an ES|QL rule, as coverage.ts gives it for EQL and kql-coverage.ts for KQL:
// every leaf condition of every WHERE (the operands AND, OR and NOT join), evaluated on each row
// that reaches that WHERE in the tests' runs, through the same engine as the run itself. A null
// result (a missing field) counts as not true.
import type { Expression, Query } from '../esql/ast.js';
import { compileExpression } from '../engines/esql/compile-expression.js';
import { scopeOf, tableAfter } from '../engines/esql/run-query.js';
import type { EventDocument, FieldTypes } from '../engines/types.js';
import { LineIndex } from '../report/line-index.js';
import type { ConditionCoverage } from './coverage.js';

interface WhereLeaves {
  /** The command's position: coverage runs the commands before it. */
  readonly position: number;
  readonly leaves: { readonly expression: Expression; readonly coverage: ConditionCoverage }[];
}

function leavesOf(expression: Expression): Expression[] {
  if (expression.kind === 'binary' && (expression.operator === 'and' || expression.operator === 'or')) return [...leavesOf(expression.left), ...leavesOf(expression.right)];
  if (expression.kind === 'unary' && expression.operator === 'not') return leavesOf(expression.operand);
  return [expression];
}

export class EsqlCoverageRecorder {
  private readonly wheres: WhereLeaves[];

  constructor(
    private readonly query: Query,
    private readonly text: string,
    private readonly fieldTypesOf: (documents: readonly EventDocument[]) => FieldTypes,
  ) {
    const lines = new LineIndex(text);
    let count = 0;
    this.wheres = query.commands.flatMap((command, position) => {
      if (command.kind !== 'where') return [];
      count += 1;
      const leaves = leavesOf(command.condition).map((expression) => {
        const { line, column } = lines.position(expression.offset);
        const condition = text.slice(expression.offset, expression.end).replace(/\s+/g, ' ');
        return { expression, coverage: { step: `WHERE ${count}`, condition, line, column, true: 0, false: 0, null: 0 } };
      });
      return [{ position, leaves }];
    });
  }

  /** Counts each leaf over the rows reaching its WHERE when the query runs over `documents` at `now`. */
  record(documents: readonly EventDocument[], now: number): void {
    if (documents.length === 0) return;
    const options = { documents, fieldTypes: this.fieldTypesOf(documents), now };
    for (const where of this.wheres) {
      const { table, context } = tableAfter(this.query, this.text, options, where.position);
      const scope = scopeOf(table);
      for (const leaf of where.leaves) {
        const compiled = compileExpression(leaf.expression, scope, context);
        for (const row of table.rows) {
          const value = compiled.evaluate(row);
          leaf.coverage[value === true ? 'true' : value === null ? 'null' : 'false'] += 1;
        }
      }
    }
  }

  result(): ConditionCoverage[] {
    return this.wheres.flatMap((where) => where.leaves.map((leaf) => ({ ...leaf.coverage })));
  }
}
