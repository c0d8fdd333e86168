// A problem found in an ES|QL query: the same shape as the EQL and KQL front ends', so that
// validate places them all at the rule file's line and column the same way.
import type { QueryProblem } from '../report/query-problem.js';

export { QueryText } from '../report/query-problem.js';

export type EsqlProblem = QueryProblem<'esql.syntax' | 'esql.field' | 'esql.type' | 'esql.function'>;
