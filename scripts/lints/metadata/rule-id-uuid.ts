import type { RuleLint } from '../lint.js';

// detection-rules' UUIDString (detection_rules/schemas/definitions.py); Kibana itself takes any string.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const ruleIdUuid: RuleLint = {
  code: 'lint.rule-id-uuid',
  scope: 'rule',
  defaultSeverity: 'warning',
  strictSeverity: 'error',
  counterpart: 'detection_rules/schemas/definitions.py::UUIDString (rule_id)',
  description: '`rule_id` is a lowercase UUID, as detection-rules writes it; Kibana accepts any non-empty string, so the default profile only warns.',
  check(rule) {
    const id = rule.document.rule.rule_id;
    if (UUID.test(id)) return [];
    return [
      {
        path: ['rule', 'rule_id'],
        message: `rule_id "${id}" is not a lowercase UUID`,
        hint: id.length > 0 && UUID.test(id.toLowerCase()) ? `write it in lowercase: "${id.toLowerCase()}"` : 'a rule_id never changes once deployed; give new rules a fresh UUID (uuidgen | tr A-Z a-z)',
      },
    ];
  },
};
