// The embedded evaluator of Elasticsearch's query DSL: which documents a query matches, judged by
// each field's mapped type. See README.md for what it covers.
export { compileDsl, DslCompileError, type DocumentPredicate, type DslOptions } from './compile.js';
export { analyze, type Token } from './analyzer.js';
export { resolveField, familyOf, type ResolvedField, type ValueFamily } from './field-values.js';
export { resolveDateMath, storedDateMillis, DateMathError } from './date-math.js';
