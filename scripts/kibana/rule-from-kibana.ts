// A Kibana rule (from an export file or a live Kibana) → a rule document and where its file goes.
// Rules this repository deployed carry `meta.repository`, which restores the file exactly: its
// metadata, its path, and which fields it wrote. Other rules get metadata from Kibana's dates
// and a path by detection-rules' convention.
import path from 'node:path';
import { ruleFileStem, snakeCase } from '../rules/file-name.js';
import { ruleDate } from '../rules/rule-date.js';
import type { RuleDocument } from '../rules/rule-file.js';
import { RESPONSE_ONLY_FIELDS, type RepositoryRecord } from './kibana-rule.js';
import { managedTag } from './managed-mark.js';
import { DEFAULT_ENABLED } from '../rules/kibana-defaults.js';
import { deepEqual, KIBANA_DEFAULTS } from './rule-diff.js';

/** Payload fields computed on the way out; written back only when the file itself wrote them. */
const COMPUTED_FIELDS = new Set(['required_fields', 'related_integrations', 'version']);

export interface ImportedRule {
  readonly document: RuleDocument;
  /**
   * Where its file may go, relative to the repository root, with forward slashes, best first:
   * the recorded path alone for a rule this repository deployed; for another, the conventional
   * path, then the same with the rule_id's first part appended, for when a different rule
   * already has the conventional one (two Kibana rules of the same name and tactic).
   */
  readonly files: readonly string[];
}

/**
 * Values a rule file leaves out: Kibana's defaults, except `enabled`, which deploy sends as
 * DEFAULT_ENABLED when the file is silent (Kibana's own default differs).
 */
const FILE_DEFAULTS: Readonly<Record<string, unknown>> = { ...KIBANA_DEFAULTS, enabled: DEFAULT_ENABLED };

export function ruleFromKibana(kibanaRule: Record<string, unknown>, owner: string): ImportedRule {
  const meta = isObject(kibanaRule.meta) ? kibanaRule.meta : {};
  const record = isObject(meta.repository) ? (meta.repository as unknown as RepositoryRecord) : undefined;
  const written = new Set(record?.fields ?? []);
  const marks = new Set([managedTag(owner), ...(record === undefined ? [] : [managedTag(record.owner)])]);
  const body: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(kibanaRule)) {
    if (RESPONSE_ONLY_FIELDS.includes(key) || raw === undefined) continue;
    let value = raw;
    if (key === 'tags' && Array.isArray(value)) value = value.filter((tag) => !marks.has(tag as string));
    if (key === 'meta') value = Object.fromEntries(Object.entries(meta).filter(([name]) => name !== 'repository'));
    if (key === 'required_fields' && Array.isArray(value)) value = value.map(({ name, type }: { name: string; type: string }) => ({ name, type }));
    const keep = written.has(key) || (!COMPUTED_FIELDS.has(key) && !deepEqual(value, FILE_DEFAULTS[key]));
    if (keep) body[key] = value;
  }
  if (written.has('new_terms') && !written.has('new_terms_fields')) {
    // The file wrote detection-rules' layout of a new terms rule; give it back in that layout.
    body.new_terms = {
      field: 'new_terms_fields',
      value: body.new_terms_fields,
      history_window_start: [{ field: 'history_window_start', value: body.history_window_start }],
    };
    delete body.new_terms_fields;
    delete body.history_window_start;
  }
  const metadata = record?.metadata ?? metadataFromKibana(kibanaRule);
  const document = {
    metadata,
    rule: body,
    ...(record?.transform === undefined ? {} : { transform: record.transform }),
  } as unknown as RuleDocument;
  if (record !== undefined) return { document, files: [record.file] };
  const conventional = conventionalPath(document);
  const distinct = conventional.replace(/\.toml$/, `_${snakeCase(String(document.rule.rule_id).slice(0, 8))}.toml`);
  return { document, files: [conventional, distinct] };
}

/** What a rule made in Kibana says about itself: its dates, its integrations. */
function metadataFromKibana(kibanaRule: Record<string, unknown>): RuleDocument['metadata'] {
  const packages = Array.isArray(kibanaRule.related_integrations)
    ? [...new Set((kibanaRule.related_integrations as { package: string }[]).map((integration) => integration.package))]
    : [];
  return {
    creation_date: repositoryDate(kibanaRule.created_at),
    ...(packages.length > 0 ? { integration: packages } : {}),
    maturity: 'production',
    updated_date: repositoryDate(kibanaRule.updated_at ?? kibanaRule.created_at),
  };
}

/** Kibana's timestamp as a metadata date; today when Kibana gives none that parses. */
function repositoryDate(value: unknown): string {
  return ruleDate(typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value) : new Date());
}

const PLATFORMS = ['windows', 'linux', 'macos'];

/** detection-rules' convention: rules/<platform or integration>/<tactic>_<name>.toml. */
export function conventionalPath(document: RuleDocument): string {
  const tags = (document.rule.tags ?? []).map((tag) => tag.toLowerCase());
  const integration = document.metadata.integration;
  const firstIntegration = Array.isArray(integration) ? integration[0] : integration;
  const folder = PLATFORMS.find((platform) => tags.includes(platform)) ?? firstIntegration?.split('.')[0] ?? 'cross-platform';
  const tactic = document.rule.threat?.[0]?.tactic.name;
  const stem = ruleFileStem(tactic, document.rule.name);
  return path.posix.join('rules', snakeCase(folder), `${stem || snakeCase(document.rule.rule_id)}.toml`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
