import type { RuleLint } from '../lint.js';
import { parseQuery } from '../../eql/parser.js';
import { formatDuration, readSchedule } from '../../rules/schedule.js';

/** detection-rules' test_eql_lookback allows a maxspan up to the look-back plus ten minutes. */
const DETECTION_RULES_SLACK_MILLIS = 10 * 60_000;

export const maxspanLookback: RuleLint = {
  code: 'lint.maxspan-lookback',
  scope: 'rule',
  defaultSeverity: 'error',
  counterpart: 'tests/test_all_rules.py::test_eql_lookback',
  description:
    'An EQL sequence\'s maxspan is not longer than the look-back window, or sequences spanning runs can never complete. Default: longer by more than 10 minutes (detection-rules\' slack); strict: longer at all.',
  check(rule, { profile }) {
    const body = rule.document.rule;
    // Parse only the queries that can hold a maxspan; the EQL stage reports syntax errors.
    if (body.language !== 'eql' || body.query === undefined || !body.query.includes('maxspan')) return [];
    const parsed = parseQuery(body.query);
    if (!parsed.ok || parsed.query.kind !== 'sequence' || parsed.query.maxspan === null) return [];
    const schedule = readSchedule(body);
    const maxspan = parsed.query.maxspan;
    if (!schedule || maxspan.millis <= schedule.lookBackMillis + (profile === 'strict' ? 0 : DETECTION_RULES_SLACK_MILLIS)) return [];
    const position = rule.source.locateInString(['rule', 'query'], maxspan.span.offset);
    return [
      {
        path: ['rule', 'query'],
        ...(position ? { position } : {}),
        message: `sequence maxspan=${formatDuration(maxspan.millis)} is longer than the look-back ${schedule.from}: a sequence spanning more than ${formatDuration(schedule.lookBackMillis)} is never seen whole by one run`,
        hint: `set from = "now-${formatDuration(maxspan.millis)}" or more, or shorten maxspan`,
      },
    ];
  },
};
