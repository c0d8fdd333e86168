import type { RuleLint } from '../lint.js';

/** detection-rules' bands: the risk score says how bad, the severity names the band. */
export const severityBands = {
  low: [0, 21],
  medium: [22, 47],
  high: [48, 73],
  critical: [74, 100],
} as const satisfies Record<string, readonly [number, number]>;

type BandSeverity = keyof typeof severityBands;

export const riskSeverity: RuleLint = {
  code: 'lint.risk-severity',
  scope: 'rule',
  defaultSeverity: 'error',
  counterpart: 'tests/test_all_rules.py::test_rule_risk_score_severity_mismatch',
  description: '`risk_score` lies in the band of `severity`: low 0–21, medium 22–47, high 48–73, critical 74–100.',
  check(rule) {
    const { risk_score: score, severity } = rule.document.rule;
    const [low, high] = severityBands[severity];
    if (score >= low && score <= high) return [];
    const fitting = (Object.keys(severityBands) as BandSeverity[]).find(
      (band) => score >= severityBands[band][0] && score <= severityBands[band][1],
    );
    return [
      {
        path: ['rule', 'risk_score'],
        message: `risk_score ${score} is outside the ${severity} band ${low}–${high}`,
        hint: `set risk_score within ${low}–${high}${fitting ? `, or severity = "${fitting}" if the score is right` : ''}`,
      },
    ];
  },
};
