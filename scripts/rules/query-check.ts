// Stage three of the pipeline: every EQL rule's query parsed and its fields checked, with each
// problem placed at its line and column in the rule file, not in the query.
import { checkQuery, FieldCatalogueError, loadFieldCatalogue, type EqlProblem, type FieldCatalogue, type Query } from '../eql/index.js';
import { excerptAt } from '../eql/problem.js';
import { compileQuery, EqlCompileError } from '../engines/embedded/index.js';
import { checkQuery as checkEsqlQuery, type EsqlProblem } from '../esql/index.js';
import type { Finding } from '../report/finding.js';
import type { RuleFile } from './rule-file.js';

const QUERY_PATH = ['rule', 'query'] as const;

function toFinding(rule: RuleFile, problem: EqlProblem | EsqlProblem): Finding {
  const position = rule.source.locateInString(QUERY_PATH, problem.offset);
  return {
    code: problem.code,
    severity: problem.severity,
    message: `${problem.message}\n${problem.excerpt}`,
    file: rule.file,
    path: 'rule.query',
    ...(position ?? {}),
    ...(problem.hint ? { hint: problem.hint } : {}),
  };
}

/**
 * Values the parser accepts but Elasticsearch rejects when the rule runs (a malformed regex, a CIDR
 * block with a bad prefix), found by compiling the query as the embedded engine does; and what
 * only the embedded engine cannot run, so that the rule's tests need a real Elasticsearch.
 */
function checkCompiles(rule: RuleFile, query: Query, text: string): Finding[] {
  try {
    compileQuery(query);
    return [];
  } catch (error) {
    if (!(error instanceof EqlCompileError)) throw error;
    const span = error.span ?? query.span;
    const position = rule.source.locateInString(QUERY_PATH, span.offset);
    const excerpt = excerptAt(text, span);
    return [
      error.engineLimitation
        ? { code: 'eql.replay', severity: 'warning', message: `the embedded engine cannot replay this query: ${error.message}\n${excerpt}`, file: rule.file, path: 'rule.query', ...position, hint: 'run its tests with npm run test:rules -- --engine elasticsearch' }
        : { code: 'eql.invalid', severity: 'error', message: `${error.message}\n${excerpt}`, file: rule.file, path: 'rule.query', ...position, hint: 'Elasticsearch rejects this query when the rule runs: correct the value' },
    ];
  }
}

/** Query findings of one rule; `metadata.query_schema_validation = false` turns the field check off. */
export function checkRuleQuery(rule: RuleFile, catalogue: FieldCatalogue = loadFieldCatalogue()): Finding[] {
  const { rule: body, metadata } = rule.document;
  if (body.language === 'esql' && body.query !== undefined) {
    const checkFields = metadata.query_schema_validation !== false;
    return checkEsqlQuery(body.query, { catalogue, checkFields }).problems.map((problem) => toFinding(rule, problem));
  }
  if (body.language !== 'eql' || body.query === undefined) return [];
  const { query, problems } = checkQuery(body.query, { catalogue, indexPatterns: body.index ?? [] });
  const findings = problems
    .filter((problem) => problem.code !== 'eql.field' || metadata.query_schema_validation !== false)
    .map((problem) => toFinding(rule, problem));
  return query && findings.length === 0 ? checkCompiles(rule, query, body.query) : findings;
}

export function checkRuleQueries(rules: readonly RuleFile[]): Finding[] {
  let catalogue: FieldCatalogue;
  try {
    catalogue = loadFieldCatalogue();
  } catch (error) {
    // A broken declarations file breaks every field check: one finding on that file says why.
    if (!(error instanceof FieldCatalogueError)) throw error;
    return [{ code: 'eql.fields-file', severity: 'error', message: error.message.slice(error.file.length + 2), file: error.file, hint: 'fix the field declarations file' }];
  }
  return rules.flatMap((rule) => checkRuleQuery(rule, catalogue));
}
