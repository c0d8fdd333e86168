// Stage three of the pipeline: every EQL rule's query parsed and its fields checked, with each
// problem placed at its line and column in the rule file, not in the query.
import { checkQuery, FieldCatalogueError, loadFieldCatalogue, type EqlProblem, type FieldCatalogue } from '../eql/index.js';
import type { Finding } from '../report/finding.js';
import type { RuleFile } from './rule-file.js';

const QUERY_PATH = ['rule', 'query'] as const;

function toFinding(rule: RuleFile, problem: EqlProblem): Finding {
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

/** Query findings of one rule; `metadata.query_schema_validation = false` turns the field check off. */
export function checkRuleQuery(rule: RuleFile, catalogue: FieldCatalogue = loadFieldCatalogue()): Finding[] {
  const { rule: body, metadata } = rule.document;
  if (body.language !== 'eql' || body.query === undefined) return [];
  const { problems } = checkQuery(body.query, { catalogue, indexPatterns: body.index ?? [] });
  return problems
    .filter((problem) => problem.code !== 'eql.field' || metadata.query_schema_validation !== false)
    .map((problem) => toFinding(rule, problem));
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
