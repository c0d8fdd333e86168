// The plan: what applying would do to each rule, computed from the repository's payloads and
// the rules Kibana holds. No state file: the repository is the state, the tag is the ownership.
import type { KibanaRulePayload, LiveRule } from './kibana-rule.js';
import { isManagedBy, managedTag } from './managed-mark.js';
import { diffRule, type FieldChange } from './rule-diff.js';

export interface DesiredRule {
  readonly file: string;
  readonly payload: KibanaRulePayload;
}

export type PlannedAction =
  | { readonly action: 'create'; readonly rule_id: string; readonly name: string; readonly file: string; readonly payload: KibanaRulePayload }
  | {
      readonly action: 'update';
      readonly rule_id: string;
      readonly name: string;
      readonly file: string;
      readonly id: string;
      readonly payload: KibanaRulePayload;
      readonly changes: FieldChange[];
    }
  | { readonly action: 'unchanged'; readonly rule_id: string; readonly name: string; readonly file: string; readonly id: string }
  | { readonly action: 'delete'; readonly rule_id: string; readonly name: string; readonly id: string }
  /** The rule_id exists in Kibana but this repository does not own it: never touched. */
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
}

export function buildPlan(desired: readonly DesiredRule[], live: readonly LiveRule[], options: PlanOptions): DeployPlan {
  const liveById = new Map(live.map((rule) => [rule.rule_id, rule]));
  const wanted = new Set(desired.map(({ payload }) => payload.rule_id));
  const actions: PlannedAction[] = [];
  for (const { file, payload } of desired) {
    const { rule_id, name } = payload;
    const current = liveById.get(rule_id);
    if (current === undefined) {
      actions.push({ action: 'create', rule_id, name, file, payload });
    } else if (!isManagedBy(current.tags, options.owner)) {
      const reason = current.immutable === true
        ? 'a prebuilt Elastic rule has this rule_id'
        : `a rule with this rule_id exists in Kibana without the tag "${managedTag(options.owner)}"; add the tag in Kibana to hand it to this repository, or change the rule_id`;
      actions.push({ action: 'conflict', rule_id, name, file, id: current.id, reason });
    } else {
      const changes = diffRule(payload, current);
      actions.push(changes.length === 0
        ? { action: 'unchanged', rule_id, name, file, id: current.id }
        : { action: 'update', rule_id, name, file, id: current.id, payload, changes });
    }
  }
  if (options.prune) {
    const orphans = live
      .filter((rule) => !wanted.has(rule.rule_id) && isManagedBy(rule.tags, options.owner))
      .sort((a, b) => a.rule_id.localeCompare(b.rule_id));
    for (const rule of orphans) actions.push({ action: 'delete', rule_id: rule.rule_id, name: rule.name ?? rule.rule_id, id: rule.id });
  }
  const summary: Record<ActionKind, number> = { create: 0, update: 0, unchanged: 0, delete: 0, conflict: 0 };
  for (const { action } of actions) summary[action] += 1;
  return { space: options.space, owner: options.owner, prune: options.prune, actions, summary };
}

/** True when applying would change Kibana. */
export function hasChanges(plan: DeployPlan): boolean {
  return plan.summary.create + plan.summary.update + plan.summary.delete > 0;
}
