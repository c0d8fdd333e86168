// The rule as Kibana's Detection Engine API (2023-10-31) takes it: what we send on create,
// replace and import. Its JSON Schema is schemas/kibana-rule.schema.json.
import type { RuleDocument } from '../rules/rule-file.js';

/** What the repository keeps beside the Kibana rule, carried in `meta.repository` so import can restore the file. */
export interface RepositoryRecord {
  readonly owner: string;
  /** The rule file, relative to the repository root, with forward slashes. */
  readonly file: string;
  readonly metadata: RuleDocument['metadata'];
  readonly transform?: RuleDocument['transform'];
  /** The keys the file's `rule` table wrote; payload fields beyond them were derived (defaults, EQL, version lock). */
  readonly fields: readonly string[];
}

export interface KibanaRulePayload {
  rule_id: string;
  name: string;
  description: string;
  type: string;
  risk_score: number;
  severity: string;
  version: number;
  enabled: boolean;
  tags: string[];
  meta: { repository?: RepositoryRecord; [key: string]: unknown };
  [field: string]: unknown;
}

/** A rule as Kibana returns it: the payload plus response-only fields. */
export interface LiveRule {
  id: string;
  rule_id: string;
  name?: string;
  tags?: string[];
  enabled?: boolean;
  version?: number;
  [field: string]: unknown;
}

/** Fields Kibana adds to responses; never part of what we compare or write back. */
export const RESPONSE_ONLY_FIELDS: readonly string[] = [
  'id',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'revision',
  'immutable',
  'rule_source',
  'execution_summary',
  'outcome',
  'alias_target_id',
  'alias_purpose',
];
