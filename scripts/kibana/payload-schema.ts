// Checks a payload against schemas/kibana-rule.schema.json before anything is sent.
import type { Finding } from '../report/finding.js';
import { formatFieldPath, pointerToPath, type FieldPath, type RuleSource } from '../rules/rule-file.js';
import { precompiledValidator } from '../validators/precompiled.js';
import * as kibanaRuleValidator from '../validators/kibana-rule.generated.js';

const validator = precompiledValidator('kibanaRule', kibanaRuleValidator);

/**
 * Findings for every way `payload` breaks the payload schema; empty when it is valid. With the
 * rule's source, each finding points at the line of the offending field in the rule file (a
 * field `deploy` added itself has no line there and is reported at the `[rule]` table).
 */
export function checkPayload(payload: unknown, file: string, source?: Pick<RuleSource, 'locate'>): Finding[] {
  const validate = validator();
  if (validate(payload)) return [];
  return (validate.errors ?? []).map((error) => {
    const at: FieldPath = ['rule', ...pointerToPath(error.instancePath)];
    // "must NOT have additional properties" names the property only in params.
    const extra = error.keyword === 'additionalProperties' ? (error.params as { additionalProperty?: string }).additionalProperty : undefined;
    const field = extra === undefined ? at : [...at, extra];
    const where = formatFieldPath(field);
    const message = extra === undefined ? `${where} ${error.message ?? 'is invalid'}` : `${where} is not a field Kibana takes`;
    return {
      code: 'kibana.payload',
      severity: 'error',
      message: `the Kibana payload built from this rule is invalid: ${message}`,
      file,
      ...(source?.locate(field) ?? {}),
      path: where,
      hint: 'fix the rule file; schemas/kibana-rule.schema.json says what Kibana accepts',
    };
  });
}
