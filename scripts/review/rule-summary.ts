// What a reviewer needs to see of an added rule without opening the file: what it searches, how
// bad an alert is, and what ATT&CK behaviour it claims.
import { threatItems } from '../attack/threat-mapping.js';
import type { RuleFile } from '../rules/rule-file.js';

export interface RuleSummary {
  readonly type: string;
  readonly language: string | null;
  readonly query: string | null;
  readonly severity: string;
  readonly risk_score: number;
  readonly index: string[];
  /** `TA0006 Credential Access`, `T1003 OS Credential Dumping`, `T1003.002 Security Account Manager`, in mapping order. */
  readonly attack: string[];
}

export function summarizeRule(rule: RuleFile): RuleSummary {
  const body = rule.document.rule;
  return {
    type: body.type,
    language: body.language ?? null,
    query: body.query?.trim() ?? null,
    severity: body.severity,
    risk_score: body.risk_score,
    index: [...(body.index ?? [])],
    attack: threatItems(body).map((item) => `${item.id} ${item.name}`),
  };
}
