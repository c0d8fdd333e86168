// Rule file → the payload Kibana takes. The rule file's `rule` table is nearly the payload
// already: we convert detection-rules' layouts to Kibana's, add what Kibana wants and the file
// leaves out, and carry the repository-only metadata in `meta.repository` so nothing is lost.
import path from 'node:path';
import { DEFAULT_ENABLED, DEFAULT_VERSION } from '../rules/kibana-defaults.js';
import type { RuleFile } from '../rules/rule-file.js';
import type { KibanaRulePayload, RepositoryRecord } from './kibana-rule.js';
import { managedTag } from './managed-mark.js';

/** A Kibana required field, as the payload takes it (`ecs` is response-only). */
export interface RequiredFieldInput {
  readonly name: string;
  readonly type: string;
}

/** Computes a rule's required fields from its query; `undefined` when the query cannot be read. */
export type RequiredFieldsSource = (query: string, indexPatterns: readonly string[]) => RequiredFieldInput[] | undefined;

export interface PayloadOptions {
  readonly owner: string;
  /** Rule files' paths in `meta.repository.file` are relative to this folder. */
  readonly repoRoot: string;
  readonly requiredFields?: RequiredFieldsSource;
  /** rule_id → version, for files that leave the version to a lock file. */
  readonly versionLock?: ReadonlyMap<string, number>;
}

/**
 * Kibana requires a version range for each related integration; the repository names packages
 * only. "*" claims no more than we know: any installed version of the package satisfies it.
 */
export const ANY_PACKAGE_VERSION = '*';

export function relatedIntegrations(integration: string | string[] | undefined): { package: string; version: string; integration?: string }[] {
  const names = integration === undefined ? [] : Array.isArray(integration) ? integration : [integration];
  return names.map((name) => {
    // detection-rules writes a package's sub-integration as "aws.cloudtrail".
    const [pkg, sub] = name.split('.', 2) as [string, string | undefined];
    return sub === undefined ? { package: pkg, version: ANY_PACKAGE_VERSION } : { package: pkg, version: ANY_PACKAGE_VERSION, integration: sub };
  });
}

export function buildPayload(rule: RuleFile, options: PayloadOptions): KibanaRulePayload {
  const { new_terms: newTerms, ...body } = rule.document.rule;
  const fields: Record<string, unknown> = { ...body };

  if (newTerms !== undefined && fields.new_terms_fields === undefined) {
    // detection-rules' layout of a new terms rule → Kibana's two fields.
    fields.new_terms_fields = newTerms.value;
    fields.history_window_start = newTerms.history_window_start[0]?.value;
  }
  fields.version ??= options.versionLock?.get(body.rule_id) ?? DEFAULT_VERSION;
  // Sent explicitly: Kibana would store false when it is left out, and keep the old value on an update.
  fields.enabled ??= DEFAULT_ENABLED;
  if (fields.related_integrations === undefined && rule.document.metadata.integration !== undefined) {
    fields.related_integrations = relatedIntegrations(rule.document.metadata.integration);
  }
  if (fields.required_fields === undefined) {
    const computed =
      body.language === 'eql' && body.query !== undefined ? options.requiredFields?.(body.query, body.index ?? []) : undefined;
    if (computed !== undefined) {
      fields.required_fields = computed.map(({ name, type }) => ({ name, type }));
    }
  } else {
    fields.required_fields = (body.required_fields ?? []).map(({ name, type }) => ({ name, type }));
  }
  const mark = managedTag(options.owner);
  fields.tags = [...(body.tags ?? []).filter((tag) => tag !== mark), mark];
  const repository: RepositoryRecord = {
    owner: options.owner,
    file: path.relative(options.repoRoot, path.resolve(rule.file)).split(path.sep).join('/'),
    metadata: rule.document.metadata,
    ...(rule.document.transform === undefined ? {} : { transform: rule.document.transform }),
    fields: Object.keys(rule.document.rule).sort(),
  };
  fields.meta = { ...(body.meta ?? {}), repository };
  return sortKeys(fields) as KibanaRulePayload;
}

/** Keys in alphabetical order, so exports and plans read the same on every run. */
function sortKeys(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, value[key]]));
}
