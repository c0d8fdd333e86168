// Rule quality lints: the public face of scripts/lints for `validate` and the benchmark.
// lintRules runs every enabled lint over the loaded rules and turns problems into findings
// with the configured severity and the line and column of the field concerned.
import path from 'node:path';
import { loadAttackFacts } from '../attack/facts.js';
import { REPO_ROOT } from '../project-paths.js';
import type { Finding } from '../report/finding.js';
import { snakeCase } from '../rules/file-name.js';
import { isDeprecatedRule } from '../rules/deprecated.js';
import { formatFieldPath, type RuleFile } from '../rules/rule-file.js';
import { loadLintConfig, type LintConfig } from './config.js';
import type { Lint, LintContext, LintProblem, LintProfile, LintSeverity } from './lint.js';
import { lints } from './registry.js';
import { DEFAULT_TAG_PREFIXES } from './tags/tag-taxonomy.js';

export { defaultLintConfig, loadLintConfig, LINT_CONFIG_FILE, strictLintConfig, type LintConfig, type LintException } from './config.js';
export { LINT_PROFILES, type Lint, type LintContext, type LintProblem, type LintProfile, type LintSeverity, type RepositoryLint, type RuleLint } from './lint.js';
export { lints };

/**
 * detection-rules names files after the primary tactic (`credential_access_…`). The convention
 * holds here when more than half of the rules with a threat mapping start with some tactic name;
 * only then does lint.file-name-tactic apply.
 */
export function usesTacticFileNames(rules: readonly RuleFile[], tacticNames: readonly string[]): boolean {
  const prefixes = tacticNames.map((name) => `${snakeCase(name)}_`);
  const mapped = rules.filter((rule) => (rule.document.rule.threat ?? []).length > 0);
  const prefixed = mapped.filter((rule) => {
    const base = path.basename(rule.file);
    return prefixes.some((prefix) => base.startsWith(prefix));
  });
  return mapped.length > 0 && prefixed.length * 2 > mapped.length;
}

function toFinding(rule: RuleFile, lint: Lint, severity: Exclude<LintSeverity, 'off'>, problem: LintProblem): Finding {
  const position = problem.position ?? (problem.path ? rule.source.locate(problem.path) : undefined);
  return {
    code: lint.code,
    severity,
    message: problem.message,
    file: rule.file,
    ...(position ? { line: position.line, column: position.column } : {}),
    ...(problem.path && problem.path.length > 0 ? { path: formatFieldPath(problem.path) } : {}),
    hint: problem.hint,
  };
}

/** A lint's severity under `profile`, before the configuration's own severities. */
function profileSeverity(lint: Lint, profile: LintProfile): LintSeverity {
  return profile === 'strict' ? (lint.strictSeverity ?? lint.defaultSeverity) : lint.defaultSeverity;
}

/**
 * Runs every lint not turned off over the live rules; per-rule exceptions drop their findings.
 * Deprecated rules get load, schema and query checks only, as detection-rules keeps them in a
 * collection of their own that its rule tests do not visit (tests/base.py, rc.deprecated); its
 * loader still wants ids and names unique within that collection, so the repository lints (the
 * uniqueness ones) run over each collection apart. With `focus` (validate --changed), per-rule lints
 * run on those files only, and repository lints still see every rule but report on those files only.
 */
export function lintRules(rules: readonly RuleFile[], config: LintConfig, focus?: (file: string) => boolean): Finding[] {
  const inFocus = (rule: RuleFile): boolean => focus === undefined || focus(rule.file);
  const attack = loadAttackFacts();
  const live = rules.filter((rule) => !isDeprecatedRule(rule));
  const deprecated = rules.filter(isDeprecatedRule);
  const context: LintContext = {
    attack,
    tacticFileNames: usesTacticFileNames(live, attack.tactics.map((tactic) => tactic.name)),
    tagPrefixes: config.optIn?.tagPrefixes ?? DEFAULT_TAG_PREFIXES,
    profile: config.profile,
  };
  const excepted = new Set(config.exceptions.map((exception) => `${exception.rule_id}\u0000${exception.lint}`));
  const findings: Finding[] = [];
  for (const lint of lints) {
    const severity = config.severities[lint.code] ?? profileSeverity(lint, config.profile);
    if (severity === 'off') continue;
    const report = (rule: RuleFile, problem: LintProblem): void => {
      if (inFocus(rule) && !excepted.has(`${rule.document.rule.rule_id}\u0000${lint.code}`)) findings.push(toFinding(rule, lint, severity, problem));
    };
    if (lint.scope === 'repository') {
      for (const collection of [live, deprecated]) for (const { rule, problem } of lint.check(collection, context)) report(rule, problem);
    } else {
      for (const rule of live) if (inFocus(rule)) for (const problem of lint.check(rule, context)) report(rule, problem);
    }
  }
  return findings;
}

/**
 * The lint stage of `validate` (a RuleCheck): problems in the repository's .lints.yaml, then the
 * lint findings under that configuration; `profile` (validate --profile) overrides its profile.
 */
export function checkRuleLints(rules: readonly RuleFile[], options: { profile?: LintProfile; focus?: (file: string) => boolean } = {}): Finding[] {
  const { config, findings } = loadLintConfig(REPO_ROOT);
  return [...findings, ...lintRules(rules, options.profile ? { ...config, profile: options.profile } : config, options.focus)];
}
