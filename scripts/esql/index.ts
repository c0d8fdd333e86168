// The ES|QL front end's public API: parse, format, check.
export type * from './ast.js';
export { checkQuery } from './check-query.js';
export { formatQuery } from './formatter.js';
export { parseQuery, type ParseResult } from './parser.js';
export type { EsqlProblem } from './problem.js';
