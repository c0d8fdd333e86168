// Which engine path replays a rule, or why none can: EQL rules run on the EQL engine; query,
// threshold and new_terms rules (KQL or Lucene) run their query DSL through the rule type's
// executor; ES|QL rules run on the ES|QL engine; the other rule types are not applicable to replay tests, so `--require-tests` does
// not ask them for tests and their cases are skipped with the reason, never passed.
import type { RuleFile } from '../rules/rule-file.js';

export type ReplayKind = { readonly kind: 'eql' } | { readonly kind: 'dsl' } | { readonly kind: 'esql' } | { readonly kind: 'not-applicable'; readonly reason: string };

const notReplayable: Readonly<Record<string, string>> = {
  threat_match: 'threat_match rules match events against an indicator index; replay does not emulate indicator matching',
  machine_learning: 'machine_learning rules read the anomaly results of ML jobs, which replay cannot produce',
  saved_query: 'saved_query rules read their query from a Kibana saved object, which a repository does not hold',
};

export function replayKind(rule: RuleFile): ReplayKind {
  const body = rule.document.rule;
  const reason = notReplayable[body.type];
  if (reason !== undefined) return { kind: 'not-applicable', reason };
  if (body.type === 'eql') return { kind: 'eql' };
  if (body.type === 'esql' || body.language === 'esql') return { kind: 'esql' };
  return { kind: 'dsl' };
}
