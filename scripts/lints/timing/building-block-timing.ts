import type { LintProblem, RuleLint } from '../lint.js';
import { formatDuration, readSchedule } from '../../rules/schedule.js';
import { schedulePath } from './schedule-path.js';

// detection-rules runs building-block rules hourly over two hours (from now-119m, interval 60m):
// their alerts only feed other rules, so they trade latency for cost.
export const BUILDING_BLOCK_MIN_LOOKBACK = 119 * 60_000;
export const BUILDING_BLOCK_MIN_INTERVAL = 60 * 60_000;

export const buildingBlockTiming: RuleLint = {
  code: 'lint.building-block-timing',
  scope: 'rule',
  defaultSeverity: 'error',
  counterpart: 'detection_rules/rule.py::DataValidator (building-block from/interval)',
  description: 'Building-block rules look back at least 119m and run at most hourly (interval ≥ 60m), unless metadata.bypass_bbr_timing is set.',
  check(rule) {
    const body = rule.document.rule;
    if (body.building_block_type === undefined || rule.document.metadata.bypass_bbr_timing === true) return [];
    const schedule = readSchedule(body);
    if (!schedule) return [];
    const problems: LintProblem[] = [];
    if (schedule.lookBackMillis < BUILDING_BLOCK_MIN_LOOKBACK) {
      problems.push({
        path: schedulePath(body),
        message: `building-block rule looks back ${schedule.from}; building blocks look back at least now-${formatDuration(BUILDING_BLOCK_MIN_LOOKBACK)}`,
        hint: `set from = "now-${formatDuration(BUILDING_BLOCK_MIN_LOOKBACK)}", or set metadata.bypass_bbr_timing = true with a comment why`,
      });
    }
    if (schedule.intervalMillis < BUILDING_BLOCK_MIN_INTERVAL) {
      problems.push({
        path: body.interval !== undefined ? ['rule', 'interval'] : ['rule'],
        message: `building-block rule runs every ${schedule.interval}; building blocks run at most hourly`,
        hint: `set interval = "${formatDuration(BUILDING_BLOCK_MIN_INTERVAL)}", or set metadata.bypass_bbr_timing = true with a comment why`,
      });
    }
    return problems;
  },
};
