import { DEFAULT_MAX_SIGNALS } from '../../rules/kibana-defaults.js';
import type { RuleLint } from '../lint.js';

export const KIBANA_MAX_SIGNALS = 1000;

export const maxSignalsRange: RuleLint = {
  code: 'lint.max-signals-range',
  scope: 'rule',
  defaultSeverity: 'error',
  counterpart: 'tests/test_all_rules.py::test_max_signals_note (above 1000) and definitions.py::MaxSignals (at least 1)',
  description: `\`max_signals\` is within 1–${KIBANA_MAX_SIGNALS}, the most alerts Kibana writes per run by default.`,
  check(rule) {
    const value = rule.document.rule.max_signals;
    if (value === undefined || (value >= 1 && value <= KIBANA_MAX_SIGNALS)) return [];
    return [
      {
        path: ['rule', 'max_signals'],
        message: `max_signals = ${value} is outside 1–${KIBANA_MAX_SIGNALS}`,
        hint: `set max_signals between 1 and ${KIBANA_MAX_SIGNALS} (default ${DEFAULT_MAX_SIGNALS})`,
      },
    ];
  },
};

export const maxSignalsHigh: RuleLint = {
  code: 'lint.max-signals-high',
  scope: 'rule',
  defaultSeverity: 'off',
  strictSeverity: 'warning',
  description: `A note when \`max_signals\` is above the default ${DEFAULT_MAX_SIGNALS}: a rule that needs more is usually too noisy.`,
  check(rule) {
    const value = rule.document.rule.max_signals;
    if (value === undefined || value <= DEFAULT_MAX_SIGNALS || value > KIBANA_MAX_SIGNALS) return [];
    return [
      {
        path: ['rule', 'max_signals'],
        message: `max_signals = ${value} is above the default ${DEFAULT_MAX_SIGNALS}`,
        hint: `tune the query so ${DEFAULT_MAX_SIGNALS} alerts per run suffice, or add an exception for this rule with the reason`,
      },
    ];
  },
};
