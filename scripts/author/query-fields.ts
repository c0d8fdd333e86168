// The document fields a rule's search reads: the fields its EQL query names, the event category
// field its `where` clauses test, and the time fields the detection engine windows and orders by.
// `new rule` lists them in the test skeleton; `new case` trims recorded events to them.
import { fieldsOf } from '../eql/ast-walk.js';
import { parseQuery } from '../eql/index.js';
import type { RuleBody } from '../rules/rule-file.js';

export const TIMESTAMP_FIELD = '@timestamp';
const EVENT_CATEGORY_FIELD = 'event.category';

/** The field names, in first-read order; undefined when the rule's query is not EQL or does not parse. */
export function queryReadFields(rule: RuleBody): string[] | undefined {
  if (rule.language !== 'eql' || rule.query === undefined) return undefined;
  const parsed = parseQuery(rule.query);
  if (!parsed.ok) return undefined;
  const names = [
    TIMESTAMP_FIELD,
    rule.timestamp_override,
    rule.event_category_override ?? EVENT_CATEGORY_FIELD,
    rule.tiebreaker_field,
    ...fieldsOf(parsed.query).map((field) => field.name),
  ];
  return [...new Set(names.filter((name): name is string => name !== undefined))];
}
