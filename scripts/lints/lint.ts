// What a lint is: a code, a default severity, a description, and a check that returns problems
// at field paths. lintRules (index.ts) turns problems into findings with severity and location.
import type { AttackFacts } from '../attack/facts.js';
import type { FieldPath, RuleFile, SourcePosition } from '../rules/rule-file.js';

export type LintSeverity = 'error' | 'warning' | 'off';

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
}

interface LintBase {
  readonly code: `lint.${string}`;
  readonly defaultSeverity: LintSeverity;
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
