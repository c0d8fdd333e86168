// The review's findings for one rule change: version and updated_date discipline, rule_id
// stability, deprecation before removal. Each is placed on the line of the field concerned.
import type { Finding, Severity } from '../report/finding.js';
import { isDeprecatedRule } from '../rules/deprecated.js';
import { formatFieldPath, type FieldPath, type RuleFile } from '../rules/rule-file.js';
import { ruleDate } from '../rules/rule-date.js';
import type { RulePair } from './rule-pairs.js';

/** Findings about `path` in `rule`, at the line where the field is written (or its nearest written parent). */
export function findingAt(rule: RuleFile, fieldPath: FieldPath, code: string, severity: Severity, message: string, hint?: string): Finding {
  const position = rule.source.locate(fieldPath);
  return {
    code,
    severity,
    message,
    file: rule.file,
    ...(position ? { line: position.line, column: position.column } : {}),
    path: formatFieldPath(fieldPath),
    ...(hint ? { hint } : {}),
  };
}

/** The command that raises versions and moves updated_dates for every changed rule (scripts/author/version-command.ts). */
export const BUMP_COMMAND = 'npm run version -- bump';

export const isDeprecated = (rule: RuleFile): boolean => isDeprecatedRule(rule) || rule.document.metadata.deprecation_date !== undefined;

export interface ChangeFacts {
  readonly pair: RulePair;
  /** A field of `rule` other than version changed, or the query changed once formatted. */
  readonly contentChanged: boolean;
  /** Any field changed at all, metadata included (updated_date itself aside). */
  readonly anyFieldChanged: boolean;
  /** rule_ids recorded as deprecated (deprecated_rules.json). */
  readonly deprecationRecord: ReadonlySet<string>;
  /** For a rule that keeps its version in rules/version.lock.json: its entry at the base and now. */
  readonly lockedVersion?: { readonly before: number | undefined; readonly now: number | undefined };
  readonly today: Date;
}

export function changeFindings({ pair, contentChanged, anyFieldChanged, deprecationRecord, lockedVersion, today }: ChangeFacts): Finding[] {
  const { before, after } = pair;
  const findings: Finding[] = [];
  if (pair.change === 'removed' && before) {
    const id = before.document.rule.rule_id;
    if (!isDeprecated(before) && !deprecationRecord.has(id)) {
      findings.push(
        findingAt(
          before,
          ['rule', 'rule_id'],
          'review.removed-without-deprecation',
          'error',
          `rule "${before.document.rule.name}" (${id}) was deleted without being deprecated first`,
          'restore the file with metadata.maturity = "deprecated" and metadata.deprecation_date set, or record the rule_id in deprecated_rules.json',
        ),
      );
    }
    return findings;
  }
  if (pair.change === 'added' && after) return addedRuleFindings(after, today);
  if (!before || !after) return findings;

  if (pair.change === 'rule-id-changed') {
    findings.push(
      findingAt(
        after,
        ['rule', 'rule_id'],
        'review.rule-id-changed',
        'error',
        `rule_id changed from ${before.document.rule.rule_id} to ${after.document.rule.rule_id}: Kibana would install a new rule and orphan the old one`,
        `restore rule_id = "${before.document.rule.rule_id}"; to replace a rule, deprecate it and add a new file`,
      ),
    );
    return findings;
  }

  const was = before.document.rule.version;
  const now = after.document.rule.version;
  if (typeof was === 'number' && typeof now === 'number' && now < was) {
    findings.push(findingAt(after, ['rule', 'version'], 'review.version-lowered', 'error', `version went down from ${was} to ${now}`, `versions only go up: set version = ${was + 1}`));
  } else if (contentChanged && typeof was === 'number' && !(typeof now === 'number' && now > was)) {
    findings.push(
      findingAt(
        after,
        ['rule', 'version'],
        'review.version-not-bumped',
        'error',
        `the rule's content changed but version is ${now === undefined ? 'missing' : `still ${now}`} (was ${was} at the base)`,
        `run ${BUMP_COMMAND} (or set version = ${was + 1})`,
      ),
    );
  } else if (contentChanged && was === undefined && now === undefined && lockedVersion?.before !== undefined && !((lockedVersion.now ?? 0) > lockedVersion.before)) {
    // The version lives in the lock (detection-rules' layout): its entry must go up. A warning, as
    // detection-rules raises lock entries at release time rather than in each pull request.
    findings.push(
      findingAt(
        after,
        ['rule', 'rule_id'],
        'review.lock-version-not-bumped',
        'warning',
        `the rule's content changed but its entry in rules/version.lock.json is ${lockedVersion.now === undefined ? 'gone' : `still version ${lockedVersion.now}`} (was ${lockedVersion.before} at the base)`,
        `run ${BUMP_COMMAND}, unless the lock is raised at release time`,
      ),
    );
  }

  const datedBefore = before.document.metadata.updated_date;
  const datedNow = after.document.metadata.updated_date;
  if (anyFieldChanged && !(datedNow > datedBefore)) {
    findings.push(
      findingAt(
        after,
        ['metadata', 'updated_date'],
        'review.updated-date-not-moved',
        'warning',
        `the rule changed but metadata.updated_date is ${datedNow === datedBefore ? 'still' : 'earlier:'} ${datedNow}`,
        `run ${BUMP_COMMAND} (or set updated_date = "${ruleDate(today)}")`,
      ),
    );
  }
  return findings;
}

/** Older than this, a new rule's creation_date was most likely copied with the file it started from. */
const STALE_CREATION_DAYS = 30;

/** What a rule copied from another one still carries: its version and its dates (`npm run new -- rule` starts fresh). */
function addedRuleFindings(rule: RuleFile, today: Date): Finding[] {
  const findings: Finding[] = [];
  const version = rule.document.rule.version;
  if (typeof version === 'number' && version > 1) {
    findings.push(findingAt(rule, ['rule', 'version'], 'review.added-version', 'warning', `a new rule starts at version 1, this one has ${version} (copied from another rule?)`, 'set version = 1'));
  }
  const created = rule.document.metadata.creation_date;
  const cutoff = ruleDate(new Date(today.getTime() - STALE_CREATION_DAYS * 86_400_000));
  if (created < cutoff) {
    findings.push(
      findingAt(rule, ['metadata', 'creation_date'], 'review.added-creation-date', 'warning', `a new rule created on ${created}? (copied from another rule?)`, `set creation_date and updated_date = "${ruleDate(today)}"`),
    );
  }
  return findings;
}
