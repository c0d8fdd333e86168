import type { RuleLint } from '../lint.js';
import { formatDuration, readSchedule } from '../../rules/schedule.js';
import { sequenceMaxspan } from './sequence-maxspan.js';

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
    const maxspan = sequenceMaxspan(body);
    const schedule = readSchedule(body);
    if (!maxspan || !schedule || maxspan.millis <= schedule.lookBackMillis + (profile === 'strict' ? 0 : DETECTION_RULES_SLACK_MILLIS)) return [];
    const position = rule.source.locateInString(['rule', 'query'], maxspan.offset);
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
