// The repository's side of a deploy or an export: every rule file loaded, validated and turned
// into the payload Kibana gets. Any error stops the deploy before Kibana is touched: load and
// schema errors, and EQL syntax and field errors (a query Kibana would refuse, or one that can
// never match). Lints are policy, `validate`'s to enforce, and do not block a deploy.
import { isDeprecatedRule } from '../rules/deprecated.js';
import { loadRules } from '../rules/load.js';
import type { RuleFile } from '../rules/rule-file.js';
import { checkRuleQueries } from '../rules/query-check.js';
import { isError, type Finding } from '../report/finding.js';
import type { DesiredRule } from './deploy-plan.js';
import { eqlRequiredFields } from './eql-required-fields.js';
import { buildPayload } from './payload.js';
import { checkPayload } from './payload-schema.js';
import { readVersionLock } from './version-lock.js';

export interface DesiredRulesOptions {
  readonly owner: string;
  readonly repoRoot: string;
}

export async function loadDesiredRules(paths: readonly string[], options: DesiredRulesOptions): Promise<{ desired: DesiredRule[]; deprecated: RuleFile[]; findings: Finding[] }> {
  const loaded = await loadRules(paths.length > 0 ? paths : ['rules']);
  // Deprecated rules are never published, so deploy --prune removes those Kibana still holds.
  const rules = loaded.rules.filter((rule) => !isDeprecatedRule(rule));
  const deprecated = loaded.rules.filter(isDeprecatedRule);
  const { lock, findings: lockFindings } = readVersionLock(options.repoRoot);
  const findings: Finding[] = [...loaded.findings.filter(isError), ...lockFindings, ...checkRuleQueries(rules).filter(isError)];
  const requiredFields = eqlRequiredFields();
  const desired: DesiredRule[] = [];
  const files = new Map<string, string>();
  for (const rule of rules) {
    const payload = buildPayload(rule, { owner: options.owner, repoRoot: options.repoRoot, requiredFields, versionLock: lock });
    const problems = checkPayload(payload, rule.file, rule.source);
    findings.push(...problems);
    const first = files.get(payload.rule_id);
    if (first !== undefined) {
      const at = rule.source.locate(['rule', 'rule_id']);
      findings.push({
        code: 'kibana.duplicate-rule-id',
        severity: 'error',
        message: `rule_id ${payload.rule_id} is also used by ${first}`,
        file: rule.file,
        ...(at ?? {}),
        path: 'rule.rule_id',
        hint: 'every rule needs its own rule_id; generate a new UUID for one of them',
      });
      continue;
    }
    files.set(payload.rule_id, rule.file);
    if (problems.length === 0) desired.push({ file: rule.file, payload });
  }
  return { desired, deprecated, findings };
}
