// A plan and an apply's results, as text for people and JSON for programs.
import type { DeployPlan, PlannedAction } from './deploy-plan.js';
import type { RuleResult } from './deploy-apply.js';
import type { FieldChange } from './rule-diff.js';
import { PREBUILT_NOTE } from '../rules/prebuilt-rules.js';

const SYMBOLS: Record<PlannedAction['action'], string> = { create: '+', update: '~', delete: '-', unchanged: '=', conflict: '!' };
/** Longest rendering of one value in a text diff; the JSON plan has them whole. */
const VALUE_WIDTH = 160;

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > VALUE_WIDTH ? `${text.slice(0, VALUE_WIDTH - 1)}…` : text;
}

function changeLine(change: FieldChange): string {
  return `      ${change.path}: ${show(change.before)} → ${show(change.after)}`;
}

export function planText(plan: DeployPlan, options: { verbose: boolean }): string {
  const lines = [`Kibana space "${plan.space}", rules owned by "${plan.owner}"${plan.prune ? ', pruning' : ''}:`];
  for (const action of plan.actions) {
    if (action.action === 'unchanged' && !options.verbose) continue;
    lines.push(`  ${SYMBOLS[action.action]} ${action.action.padEnd(9)} ${action.name} (${action.rule_id})${'file' in action ? `  ${action.file}` : ''}`);
    if (action.action === 'update') lines.push(...action.changes.map(changeLine));
    if ('prebuilt' in action && action.prebuilt) lines.push(`      ${PREBUILT_NOTE}`);
    if (action.action === 'conflict' || (action.action === 'delete' && action.reason !== undefined)) lines.push(`      ${action.reason}`);
  }
  const { create, update, delete: remove, unchanged, conflict } = plan.summary;
  lines.push(
    `Plan: ${create} to create, ${update} to update, ${remove} to delete, ${unchanged} unchanged${conflict > 0 ? `, ${conflict} refused` : ''}.`,
  );
  const prebuilt = plan.actions.filter((action) => 'prebuilt' in action && action.prebuilt).length;
  if (prebuilt > 0) {
    lines.push(`${prebuilt} rule${prebuilt === 1 ? ' has' : 's have'} an Elastic prebuilt rule_id: Kibana treats ${prebuilt === 1 ? 'it as a customised Elastic rule' : 'them as customised Elastic rules'}, and upgrades from Elastic may conflict (docs/deploy.md, "Prebuilt rule_ids").`);
  }
  return `${lines.join('\n')}\n`;
}

export function planJson(plan: DeployPlan): object {
  return {
    space: plan.space,
    owner: plan.owner,
    prune: plan.prune,
    summary: plan.summary,
    actions: plan.actions.map((action) => ({
      action: action.action,
      rule_id: action.rule_id,
      name: action.name,
      ...('file' in action ? { file: action.file } : {}),
      ...('id' in action ? { id: action.id } : {}),
      ...(action.action === 'update' ? { changes: action.changes } : {}),
      ...('prebuilt' in action && action.prebuilt ? { prebuilt: true } : {}),
      ...(action.action === 'conflict' || (action.action === 'delete' && action.reason !== undefined) ? { reason: action.reason } : {}),
    })),
  };
}

export function resultsText(results: readonly RuleResult[], differences: readonly string[], statistics: { requests: number; retries: number; seconds: number }): string {
  const lines = results.map(
    (result) => `  ${result.outcome.padEnd(9)} ${result.name} (${result.rule_id})${result.message === undefined ? '' : `: ${result.message}`}`,
  );
  if (differences.length > 0) lines.push('Kibana does not match the plan:', ...differences.map((difference) => `  ! ${difference}`));
  const count = (outcome: RuleResult['outcome']): number => results.filter((result) => result.outcome === outcome).length;
  lines.push(
    `Applied: ${count('created')} created, ${count('updated')} updated, ${count('deleted')} deleted, ${count('unchanged')} unchanged, ` +
      `${count('failed')} failed, ${count('refused')} refused (${statistics.requests} requests, ${statistics.retries} retries, ${statistics.seconds.toFixed(2)} s).`,
  );
  return `${lines.join('\n')}\n`;
}
