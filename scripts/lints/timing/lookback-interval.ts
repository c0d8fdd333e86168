import type { RuleLint } from '../lint.js';
import { formatDuration, readSchedule } from '../../rules/schedule.js';
import { schedulePath } from './schedule-path.js';

export const lookbackInterval: RuleLint = {
  code: 'lint.lookback-interval',
  scope: 'rule',
  defaultSeverity: 'off',
  strictSeverity: 'error',
  description: 'The look-back (`from`) is at least the `interval`; a shorter one leaves time no run searches.',
  check(rule) {
    const body = rule.document.rule;
    const schedule = readSchedule(body);
    if (!schedule || schedule.lookBackMillis >= schedule.intervalMillis) return [];
    const gap = formatDuration(schedule.intervalMillis - schedule.lookBackMillis);
    return [
      {
        path: schedulePath(body),
        message: `look-back ${schedule.from} is shorter than the interval ${schedule.interval}: ${gap} of every run's window is never searched`,
        hint: `set from = "now-${formatDuration(schedule.intervalMillis + 4 * 60_000)}" (the interval plus some extra look-back for late events), or shorten the interval`,
      },
    ];
  },
};
