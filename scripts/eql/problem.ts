// A problem found in an EQL query: the data every EQL stage (lexer, parser, checker) reports.
import type { QueryProblem } from '../report/query-problem.js';

export { excerptAt, problemAt, type Position } from '../report/query-problem.js';

export type EqlProblem = QueryProblem<'eql.syntax' | 'eql.field' | 'eql.type'>;
