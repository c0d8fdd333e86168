// The ES|QL front end's public API: parse, format, check.
export type * from './ast.js';
export { formatQuery } from './formatter.js';
export { parseQuery, type ParseResult } from './parser.js';
