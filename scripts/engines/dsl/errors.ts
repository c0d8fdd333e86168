// A query the evaluator refuses, as Elasticsearch would refuse it (a type mismatch, a bad date)
// or because the evaluator does not run that form; compile.ts adds where in the query it sits.
export class DslQueryError extends Error {}
