// What a lint is: a code, a default severity, a description, and a check that returns problems
// at field paths. lintRules (index.ts) turns problems into findings with severity and location.
import type { AttackFacts } from '../attack/facts.js';
import type { FieldPath, RuleFile, SourcePosition } from '../rules/rule-file.js';

export type LintSeverity = 'error' | 'warning' | 'off';

/**
 * `default` holds rules to elastic/detection-rules' own unit tests (their condition and scope);
 * `strict` adds this repository's higher bar. Chosen in .lints.yaml (`profile:`).
 */
export type LintProfile = 'default' | 'strict';
export const LINT_PROFILES: readonly LintProfile[] = ['default', 'strict'];

export interface LintProblem {
  /** The field the problem is about; absent for a problem with the file itself (its name). */
  readonly path?: FieldPath;
  readonly message: string;
  /** The fix. */
  readonly hint: string;
  /** A position more precise than the field's: inside the query or the note. */
  readonly position?: SourcePosition;
}

/** What the lints may consult besides the rule: computed once per run, never per rule. */
export interface LintContext {
  readonly attack: AttackFacts;
  /** Most rule files start with a tactic name (`credential_access_…`), as in detection-rules. */
  readonly tacticFileNames: boolean;
  /** Allowed prefixes of the opt-in tag taxonomy. */
  readonly tagPrefixes: readonly string[];
  /** Lints whose condition differs between the profiles read it. */
  readonly profile: LintProfile;
}

interface LintBase {
  readonly code: `lint.${string}`;
  /** The severity under the default profile: `off` for a check detection-rules does not make. */
  readonly defaultSeverity: LintSeverity;
  /** The severity under the strict profile, when it differs from the default one. */
  readonly strictSeverity?: LintSeverity;
  /** detection-rules' counterpart (`tests/test_all_rules.py::test_…`), whose condition the default profile applies. */
  readonly counterpart?: string;
  /** One sentence: what the lint checks and why. */
  readonly description: string;
  /** Always an error, with no exceptions: the repository cannot be published with this problem. */
  readonly alwaysError?: true;
}

export interface RuleLint extends LintBase {
  readonly scope: 'rule';
  check(rule: RuleFile, context: LintContext): LintProblem[];
}

export interface RuleProblem {
  readonly rule: RuleFile;
  readonly problem: LintProblem;
}

export interface RepositoryLint extends LintBase {
  readonly scope: 'repository';
  check(rules: readonly RuleFile[], context: LintContext): RuleProblem[];
}

export type Lint = RuleLint | RepositoryLint;
