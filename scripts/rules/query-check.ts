// Stage three of the pipeline: every rule's query checked by the checker of its language, with each
// problem placed at its line and column in the rule file, not in the query. A language without a
// checker gets a `query.unchecked` warning, never a silent pass.
import { checkQuery, FieldCatalogueError, loadFieldCatalogue, type FieldCatalogue, type Query } from '../eql/index.js';
import { excerptAt, type QueryProblem } from '../report/query-problem.js';
import { compileQuery, EqlCompileError } from '../engines/embedded/index.js';
import { checkKql } from '../kql/check-query.js';
import { checkQuery as checkEsqlQuery } from '../esql/index.js';
import type { Finding } from '../report/finding.js';
import { checkRuleFilters } from './filters-check.js';
import type { RuleBody, RuleFile } from './rule-file.js';

const QUERY_PATH = ['rule', 'query'] as const;

function toFinding(rule: RuleFile, problem: QueryProblem): Finding {
  const position = rule.source.locateInString(QUERY_PATH, problem.offset);
  return {
    code: problem.code,
    severity: problem.severity,
    message: problem.message,
    excerpt: problem.excerpt,
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
        ? { code: 'eql.replay', severity: 'warning', message: `the embedded engine cannot replay this query: ${error.message}`, excerpt, file: rule.file, path: 'rule.query', ...position, hint: 'run its tests with npm run test:rules -- --engine elasticsearch' }
        : { code: 'eql.invalid', severity: 'error', message: error.message, excerpt, file: rule.file, path: 'rule.query', ...position, hint: 'Elasticsearch rejects this query when the rule runs: correct the value' },
    ];
  }
}

/**
 * `metadata.query_schema_validation = false` turns the checks against the field catalogue off (unknown fields and
 * field types), as detection-rules does; syntax is still checked.
 */
const fieldCheckOff = (rule: RuleFile): boolean => rule.document.metadata.query_schema_validation === false;
const catalogueCodes = new Set(['eql.field', 'eql.type', 'kql.field', 'kql.type']);
const keptFinding = (rule: RuleFile) => (problem: { code: string }): boolean => !catalogueCodes.has(problem.code) || !fieldCheckOff(rule);

function checkEqlRule(rule: RuleFile, text: string, catalogue: FieldCatalogue): Finding[] {
  const { query, problems } = checkQuery(text, { catalogue, indexPatterns: rule.document.rule.index ?? [] });
  const findings = problems.filter(keptFinding(rule)).map((problem) => toFinding(rule, problem));
  return query && findings.length === 0 ? checkCompiles(rule, query, text) : findings;
}

function checkKqlRule(rule: RuleFile, text: string, catalogue: FieldCatalogue): Finding[] {
  const { problems } = checkKql(text, { catalogue, indexPatterns: rule.document.rule.index ?? [] });
  return problems.filter(keptFinding(rule)).map((problem) => toFinding(rule, problem));
}

function checkEsqlRule(rule: RuleFile, text: string, catalogue: FieldCatalogue): Finding[] {
  // ES|QL names its indices in FROM: the checker resolves them itself.
  return checkEsqlQuery(text, { catalogue, checkFields: !fieldCheckOff(rule) }).problems.map((problem) => toFinding(rule, problem));
}

type LanguageChecker = (rule: RuleFile, text: string, catalogue: FieldCatalogue) => Finding[];

/** One checker per query language; Lucene has none yet. */
const languageCheckers: Readonly<Record<string, LanguageChecker>> = {
  eql: checkEqlRule,
  kuery: checkKqlRule,
  esql: checkEsqlRule,
};

/** The rule's query language, with Kibana's defaults when `language` is left out. */
export function queryLanguage(rule: RuleBody): string {
  const { language, type } = rule;
  if (language !== undefined) return language;
  return type === 'eql' || type === 'esql' ? type : 'kuery';
}

function uncheckedWarning(rule: RuleFile, language: string): Finding {
  const position = rule.source.locate(['rule', 'language']);
  return {
    code: 'query.unchecked',
    severity: 'warning',
    message: `the ${language} query of this rule is not checked: this tool has no ${language} checker, so syntax and field errors show only when Kibana runs the rule`,
    file: rule.file,
    path: 'rule.language',
    ...(position ?? {}),
    hint: 'review the query by hand, or run it in Kibana before merging',
  };
}

/** Query findings of one rule: its query by its language's checker, and its `filters`. */
export function checkRuleQuery(rule: RuleFile, catalogue: FieldCatalogue = loadFieldCatalogue()): Finding[] {
  const body = rule.document.rule;
  const filterFindings = checkRuleFilters(rule, catalogue, !fieldCheckOff(rule));
  if (body.query === undefined) return filterFindings;
  const language = queryLanguage(rule.document.rule);
  const checker = Object.hasOwn(languageCheckers, language) ? languageCheckers[language] : undefined;
  const queryFindings = checker ? checker(rule, body.query, catalogue) : [uncheckedWarning(rule, language)];
  return [...queryFindings, ...filterFindings];
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
