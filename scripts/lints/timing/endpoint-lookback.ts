import type { RuleLint } from '../lint.js';

// detection-rules' test_required_lookback: Elastic Defend's events reach the index late, so rules on
// them state their look-back rather than take Kibana's default.
const LATE_INDEX = 'logs-endpoint.events.*';

export const endpointLookback: RuleLint = {
  code: 'lint.endpoint-lookback',
  scope: 'rule',
  defaultSeverity: 'error',
  counterpart: 'tests/test_all_rules.py::test_required_lookback',
  description: `A rule reading \`${LATE_INDEX}\` sets \`from\`: Elastic Defend's events arrive late, and Kibana's default look-back (now-6m) misses them.`,
  check(rule) {
    const body = rule.document.rule;
    const index = (body.index ?? []).indexOf(LATE_INDEX);
    if (index === -1 || body.from !== undefined || body.type === 'machine_learning') return [];
    return [
      {
        path: ['rule', 'index', index],
        message: `the rule reads ${LATE_INDEX} but sets no from`,
        hint: 'set from = "now-9m" (the interval plus late-arriving events)',
      },
    ];
  },
};
