// A problem found in a KQL query: what the parser and the checkers report.
import type { QueryProblem } from '../report/query-problem.js';

export { problemAt as kqlProblem, QueryText } from '../report/query-problem.js';

export type KqlProblem = QueryProblem<'kql.syntax' | 'kql.field' | 'kql.type'>;
