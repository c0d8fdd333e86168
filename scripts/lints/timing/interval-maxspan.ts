import type { RuleLint } from '../lint.js';
import { formatDuration, readSchedule } from '../../rules/schedule.js';
import { sequenceMaxspan } from './sequence-maxspan.js';

// detection-rules' test_eql_interval_to_maxspan: from a maxspan of 2.5 minutes up, the rule runs at
// least every maxspan / 2.
const SHORTEST_CHECKED_MAXSPAN_MILLIS = 150_000;

export const intervalMaxspan: RuleLint = {
  code: 'lint.interval-maxspan',
  scope: 'rule',
  defaultSeverity: 'error',
  counterpart: 'tests/test_all_rules.py::test_eql_interval_to_maxspan',
  description: 'An EQL sequence with a maxspan over 2.5 minutes runs at an interval of at least half its maxspan, so runs are not wasted re-searching the same window.',
  check(rule) {
    const body = rule.document.rule;
    const maxspan = sequenceMaxspan(body);
    const schedule = readSchedule(body);
    if (!maxspan || !schedule || maxspan.millis <= SHORTEST_CHECKED_MAXSPAN_MILLIS || schedule.intervalMillis * 2 >= maxspan.millis) return [];
    const half = formatDuration(Math.floor(maxspan.millis / 2));
    return [
      {
        path: body.interval === undefined ? ['rule'] : ['rule', 'interval'],
        message: `interval ${schedule.interval} is shorter than half the sequence's maxspan=${formatDuration(maxspan.millis)}`,
        hint: `set interval = "${half}" or more (and from to cover it), or shorten maxspan`,
      },
    ];
  },
};
