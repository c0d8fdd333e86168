// The EQL front end's public API: parse, format, check fields, list required fields.
export type * from './ast.js';
export { checkQuery } from './check-query.js';
export { loadFieldCatalogue, FieldCatalogueError, type FieldCatalogue, type FieldInfo } from '../fields/field-catalogue.js';
export { checkFields } from './field-checker.js';
export { formatQuery } from './formatter.js';
export { parseQuery, type ParseResult } from './parser.js';
export type { EqlProblem } from './problem.js';
export { requiredFields } from './required-fields.js';
