// The KQL front end's public API: parse, format, check fields, translate to query DSL.
export type * from './ast.js';
export { checkKql } from './check-query.js';
export { dslFields } from './dsl-fields.js';
export { checkKqlFields, fieldUses } from './field-checker.js';
export { filtersToDsl } from './filters-to-dsl.js';
export { formatKql } from './formatter.js';
export { parseKql, type ParseResult } from './parser.js';
export type { KqlProblem } from './problem.js';
export { buildRuleQuery, type BoolQuery, type RuleQueryInput, type RuleQueryResult } from './rule-query.js';
export { kqlToDsl, type DslQuery } from './to-dsl.js';
