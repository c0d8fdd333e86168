// The document fields a rule's search reads: the fields its query names (EQL, KQL with the rule's
// filters, threshold and new_terms fields, or the columns of ES|QL), the event category field EQL's
// `where` clauses test, and the time fields the detection engine windows and orders by. `new rule`
// lists them in the test skeleton; `new case` trims recorded events to them.
import { columnNames } from '../esql/ast-walk.js';
import { fieldsOf } from '../eql/ast-walk.js';
import { parseQuery } from '../eql/index.js';
import { parseQuery as parseEsql } from '../esql/parser.js';
import { buildRuleQuery, dslFields } from '../kql/index.js';
import { queryLanguage } from '../rules/query-check.js';
import type { RuleBody } from '../rules/rule-file.js';

export const TIMESTAMP_FIELD = '@timestamp';
const EVENT_CATEGORY_FIELD = 'event.category';

/** The field names, in first-read order; undefined when the rule has no query or it does not parse. */
export function queryReadFields(rule: RuleBody): string[] | undefined {
  const read = rule.query === undefined ? undefined : queryFields(rule, rule.query);
  if (read === undefined) return undefined;
  const names = [TIMESTAMP_FIELD, rule.timestamp_override, ...read];
  return [...new Set(names.filter((name): name is string => name !== undefined && name !== ''))];
}

function queryFields(rule: RuleBody, query: string): (string | undefined)[] | undefined {
  const language = queryLanguage(rule);
  if (language === 'eql') {
    const parsed = parseQuery(query);
    if (!parsed.ok) return undefined;
    return [rule.event_category_override ?? EVENT_CATEGORY_FIELD, rule.tiebreaker_field, ...fieldsOf(parsed.query).map((field) => field.name)];
  }
  if (language === 'esql') {
    // Every column the query names: the ones it makes itself are in no event, so picking them keeps nothing.
    const parsed = parseEsql(query);
    return parsed.ok ? [...columnNames(parsed.query.commands)] : undefined;
  }
  const built = buildRuleQuery({ query, language, filters: rule.filters ?? [] });
  if (!built.ok) return undefined;
  const threshold = rule.threshold;
  const thresholdFields = threshold === undefined ? [] : [threshold.field ?? []].flat();
  return [...dslFields(built.query), ...thresholdFields, ...(threshold?.cardinality ?? []).map((entry) => entry.field), ...(rule.new_terms_fields ?? rule.new_terms?.value ?? [])];
}
