// The plan: what applying would do to each rule, computed from the repository's payloads and
// the rules Kibana holds. No state file: the repository is the state, the tag is the ownership.
import type { KibanaRulePayload, LiveRule } from './kibana-rule.js';
import { isManagedBy, managedTag } from './managed-mark.js';
import { isElasticRule } from './prebuilt-rules.js';
import { diffRule, type FieldChange } from './rule-diff.js';

export interface DesiredRule {
  readonly file: string;
  readonly payload: KibanaRulePayload;
}

/** `prebuilt`: the rule_id is one of Elastic's prebuilt rules (see prebuilt-rules.ts). */
export type PlannedAction =
  | { readonly action: 'create'; readonly rule_id: string; readonly name: string; readonly file: string; readonly payload: KibanaRulePayload; readonly prebuilt: boolean }
  | {
      readonly action: 'update';
      readonly rule_id: string;
      readonly name: string;
      readonly file: string;
      readonly id: string;
      readonly payload: KibanaRulePayload;
      readonly changes: FieldChange[];
      readonly prebuilt: boolean;
    }
  | { readonly action: 'unchanged'; readonly rule_id: string; readonly name: string; readonly file: string; readonly id: string; readonly payload: KibanaRulePayload; readonly prebuilt: boolean }
  /** `reason` says why when it is not a prune: a second copy of a repository rule. */
  | { readonly action: 'delete'; readonly rule_id: string; readonly name: string; readonly id: string; readonly reason?: string }
  /** The rule_id exists in Kibana but this repository does not own it, or prune may not delete it: never touched. */
  | { readonly action: 'conflict'; readonly rule_id: string; readonly name: string; readonly file: string; readonly id: string; readonly reason: string };

export type ActionKind = PlannedAction['action'];

export interface DeployPlan {
  readonly space: string;
  readonly owner: string;
  readonly prune: boolean;
  readonly actions: PlannedAction[];
  readonly summary: Record<ActionKind, number>;
}

export interface PlanOptions {
  readonly space: string;
  readonly owner: string;
  readonly prune: boolean;
  /**
   * For a managed rule prune would delete: why it must stay (its file still exists in the
   * repository in some form), or undefined to let prune delete it.
   */
  readonly keepFromPrune?: (rule: LiveRule) => { readonly file: string; readonly reason: string } | undefined;
  /** Elastic's prebuilt rule_ids known offline; live rules Kibana holds as Elastic rules count too. */
  readonly prebuiltRuleIds?: ReadonlySet<string>;
}

/** The copies Kibana holds of each rule_id: normally one; two after a resend overlapped its first attempt. */
function copiesByRuleId(live: readonly LiveRule[]): Map<string, LiveRule[]> {
  const copies = new Map<string, LiveRule[]>();
  for (const rule of live) copies.set(rule.rule_id, [...(copies.get(rule.rule_id) ?? []), rule]);
  return copies;
}

/** The copy to keep: one already equal to the payload, else the oldest. */
function keeper(copies: readonly LiveRule[], payload: KibanaRulePayload): LiveRule {
  if (copies.length === 1) return copies[0] as LiveRule;
  const oldestFirst = [...copies].sort((a, b) => String(a.created_at ?? '').localeCompare(String(b.created_at ?? '')));
  return oldestFirst.find((copy) => diffRule(payload, copy).length === 0) ?? (oldestFirst[0] as LiveRule);
}

export function buildPlan(desired: readonly DesiredRule[], live: readonly LiveRule[], options: PlanOptions): DeployPlan {
  const liveByRuleId = copiesByRuleId(live);
  const wanted = new Set(desired.map(({ payload }) => payload.rule_id));
  const actions: PlannedAction[] = [];
  for (const { file, payload } of desired) {
    const { rule_id, name } = payload;
    const copies = liveByRuleId.get(rule_id) ?? [];
    const stranger = copies.find((copy) => !isManagedBy(copy.tags, options.owner));
    const prebuilt = options.prebuiltRuleIds?.has(rule_id) === true || copies.some(isElasticRule);
    if (copies.length === 0) {
      actions.push({ action: 'create', rule_id, name, file, payload, prebuilt });
    } else if (stranger !== undefined) {
      const reason = stranger.immutable === true
        ? 'a prebuilt Elastic rule installed in Kibana has this rule_id'
        : `a rule with this rule_id exists in Kibana without the tag "${managedTag(options.owner)}"; add the tag in Kibana to hand it to this repository, or change the rule_id`;
      actions.push({ action: 'conflict', rule_id, name, file, id: stranger.id, reason });
    } else {
      const current = keeper(copies, payload);
      const changes = diffRule(payload, current);
      actions.push(changes.length === 0
        ? { action: 'unchanged', rule_id, name, file, id: current.id, payload, prebuilt }
        : { action: 'update', rule_id, name, file, id: current.id, payload, changes, prebuilt });
      // Drift of another kind: one rule_id, several rules, all ours. The extra copies go.
      for (const copy of copies.filter((other) => other !== current)) {
        actions.push({ action: 'delete', rule_id, name: copy.name ?? rule_id, id: copy.id, reason: `a second copy of this rule_id in Kibana (object id ${copy.id}); ${current.id} is kept` });
      }
    }
  }
  if (options.prune) {
    const orphans = live
      .filter((rule) => !wanted.has(rule.rule_id) && isManagedBy(rule.tags, options.owner))
      .sort((a, b) => a.rule_id.localeCompare(b.rule_id) || a.id.localeCompare(b.id));
    for (const rule of orphans) {
      const name = rule.name ?? rule.rule_id;
      const kept = options.keepFromPrune?.(rule);
      actions.push(kept === undefined
        ? { action: 'delete', rule_id: rule.rule_id, name, id: rule.id }
        : { action: 'conflict', rule_id: rule.rule_id, name, file: kept.file, id: rule.id, reason: kept.reason });
    }
  }
  const summary: Record<ActionKind, number> = { create: 0, update: 0, unchanged: 0, delete: 0, conflict: 0 };
  for (const { action } of actions) summary[action] += 1;
  return { space: options.space, owner: options.owner, prune: options.prune, actions, summary };
}

/** True when applying would change Kibana. */
export function hasChanges(plan: DeployPlan): boolean {
  return plan.summary.create + plan.summary.update + plan.summary.delete > 0;
}
