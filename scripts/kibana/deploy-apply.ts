// Executes a plan. Creates and updates go through `_import` (creates without overwrite, updates
// with it), in chunks under Kibana's limits (10 MB and 10,000 objects a request): one request per
// chunk instead of one per rule, and safe to resend when an answer is lost (docs/deploy.md has the numbers).
// The per-rule strategy (POST/PUT) stays for Kibanas that refuse imports.
import type { KibanaClient } from './kibana-client.js';
import type { KibanaRulePayload, LiveRule } from './kibana-rule.js';
import type { DeployPlan, PlannedAction } from './deploy-plan.js';
import { MULTIPART_OVERHEAD_BYTES } from './multipart.js';
import { bulkDelete, createRule, findAllRules, importRules, KibanaApiError, replaceRule } from './rules-api.js';
import { isManagedBy } from './managed-mark.js';

export type ApplyStrategy = 'import' | 'rules';

export interface ImportLimits {
  readonly maxBytes: number;
  readonly maxObjects: number;
}

/** Kibana's defaults (savedObjects.maxImportPayloadBytes, maxImportExportSize). */
export const KIBANA_IMPORT_LIMITS: ImportLimits = { maxBytes: 10 * 1024 * 1024, maxObjects: 10_000 };
/** Object ids per `_bulk_action` request. */
const DELETE_CHUNK = 1_000;

export type RuleOutcome = 'created' | 'updated' | 'deleted' | 'unchanged' | 'failed' | 'refused';

export interface RuleResult {
  readonly rule_id: string;
  readonly name: string;
  readonly action: PlannedAction['action'];
  readonly outcome: RuleOutcome;
  /** Why it failed, in Kibana's words. */
  readonly message?: string;
}

export interface ApplyOptions {
  readonly strategy: ApplyStrategy;
  readonly limits?: ImportLimits;
}

type Write = Extract<PlannedAction, { action: 'create' | 'update' }>;

export async function applyPlan(client: KibanaClient, plan: DeployPlan, options: ApplyOptions): Promise<RuleResult[]> {
  const writes = plan.actions.filter((action): action is Write => action.action === 'create' || action.action === 'update');
  const written =
    options.strategy === 'import'
      ? await writeByImport(client, writes, options.limits ?? KIBANA_IMPORT_LIMITS, plan.owner)
      : await writeOneByOne(client, writes);
  const deletes = plan.actions.filter((action) => action.action === 'delete');
  const deleted = await deleteRules(client, deletes);
  const results = new Map<string, RuleResult>([...written, ...deleted].map((result) => [result.rule_id, result]));
  return plan.actions.map((action) => {
    if (action.action === 'unchanged') return { rule_id: action.rule_id, name: action.name, action: action.action, outcome: 'unchanged' };
    if (action.action === 'conflict') {
      return { rule_id: action.rule_id, name: action.name, action: action.action, outcome: 'refused', message: action.reason };
    }
    return results.get(action.rule_id) as RuleResult;
  });
}

const done = (write: Write): RuleOutcome => (write.action === 'create' ? 'created' : 'updated');

function failed(action: { rule_id: string; name: string; action: PlannedAction['action'] }, message: string): RuleResult {
  return { rule_id: action.rule_id, name: action.name, action: action.action, outcome: 'failed', message };
}

/** Splits payloads into NDJSON chunks each under both import limits. */
export function importChunks(payloads: readonly KibanaRulePayload[], limits: ImportLimits): { chunks: KibanaRulePayload[][]; tooLarge: KibanaRulePayload[] } {
  const chunks: KibanaRulePayload[][] = [];
  const tooLarge: KibanaRulePayload[] = [];
  let chunk: KibanaRulePayload[] = [];
  let bytes = MULTIPART_OVERHEAD_BYTES;
  for (const payload of payloads) {
    const size = Buffer.byteLength(JSON.stringify(payload), 'utf8') + 1;
    if (MULTIPART_OVERHEAD_BYTES + size > limits.maxBytes) {
      tooLarge.push(payload);
      continue;
    }
    if (chunk.length > 0 && (bytes + size > limits.maxBytes || chunk.length >= limits.maxObjects)) {
      chunks.push(chunk);
      chunk = [];
      bytes = MULTIPART_OVERHEAD_BYTES;
    }
    chunk.push(payload);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return { chunks, tooLarge };
}

/**
 * Creates are imported without overwrite and updates with it: a rule made in Kibana between the
 * plan and now, under a rule_id the plan meant to create, is then refused ("already exists")
 * instead of overwritten. Such a 409 has two causes, told apart by one more read: our own create
 * whose answer was lost and was sent again (the rule carries our tag: created), or someone
 * else's rule (no tag: refused, never touched).
 */
async function writeByImport(client: KibanaClient, writes: readonly Write[], limits: ImportLimits, owner: string): Promise<RuleResult[]> {
  const creates = await importWrites(client, writes.filter((write) => write.action === 'create'), limits, false);
  const updates = await importWrites(client, writes.filter((write) => write.action === 'update'), limits, true);
  const clashes = creates.filter((result) => result.status === 409);
  const live = clashes.length === 0 ? new Map<string, LiveRule>() : new Map((await findAllRules(client)).map((rule) => [rule.rule_id, rule]));
  return [...creates, ...updates].map(({ status, message, ...result }): RuleResult => {
    if (status !== 409 || result.action !== 'create') return message === undefined ? result : { ...result, message };
    if (isManagedBy(live.get(result.rule_id)?.tags, owner)) return { ...result, outcome: 'created' };
    return { ...result, outcome: 'refused', message: `${message ?? ''} (a rule made in Kibana after the plan, left alone; run plan again)` };
  });
}

/** Imports the writes in chunks; each result keeps Kibana's status for the caller. */
async function importWrites(client: KibanaClient, writes: readonly Write[], limits: ImportLimits, overwrite: boolean): Promise<(RuleResult & { status?: number })[]> {
  const byId = new Map(writes.map((write) => [write.rule_id, write]));
  const { chunks, tooLarge } = importChunks(writes.map((write) => write.payload), limits);
  const results: (RuleResult & { status?: number })[] = tooLarge.map((payload) =>
    failed(byId.get(payload.rule_id) as Write, `the rule is larger than Kibana's import limit of ${limits.maxBytes} bytes`),
  );
  for (const chunk of chunks) {
    const ndjson = chunk.map((payload) => `${JSON.stringify(payload)}\n`).join('');
    try {
      const answer = await importRules(client, ndjson, overwrite);
      const errors = new Map(answer.errors.map((error) => [error.rule_id ?? error.id ?? '', error.error]));
      for (const payload of chunk) {
        const write = byId.get(payload.rule_id) as Write;
        const error = errors.get(payload.rule_id);
        results.push(error === undefined ? { rule_id: write.rule_id, name: write.name, action: write.action, outcome: done(write) } : { ...failed(write, error.message), status: error.status_code });
      }
    } catch (error) {
      // 413: this Kibana's savedObjects.maxImportPayloadBytes is below the limit we chunked for.
      const tooBig = error instanceof KibanaApiError && error.status === 413 ? '; set --import-max-bytes to this Kibana\'s limit' : '';
      for (const payload of chunk) results.push(failed(byId.get(payload.rule_id) as Write, `${(error as Error).message}${tooBig}`));
    }
  }
  return results;
}

async function writeOneByOne(client: KibanaClient, writes: readonly Write[]): Promise<RuleResult[]> {
  const results: RuleResult[] = [];
  for (const write of writes) {
    try {
      if (write.action === 'create') await createRule(client, write.payload);
      else await replaceRule(client, write.payload);
      results.push({ rule_id: write.rule_id, name: write.name, action: write.action, outcome: done(write) });
    } catch (error) {
      results.push(failed(write, (error as Error).message));
    }
  }
  return results;
}

async function deleteRules(client: KibanaClient, deletes: readonly Extract<PlannedAction, { action: 'delete' }>[]): Promise<RuleResult[]> {
  const results: RuleResult[] = [];
  for (let start = 0; start < deletes.length; start += DELETE_CHUNK) {
    const chunk = deletes.slice(start, start + DELETE_CHUNK);
    try {
      const answer = await bulkDelete(client, chunk.map((action) => action.id));
      // "Not found" means an earlier, lost attempt already deleted it.
      const failures = new Map(answer.failures.filter((failure) => failure.status !== 404).map((failure) => [failure.id, failure.message]));
      for (const action of chunk) {
        const message = failures.get(action.id);
        results.push(message === undefined ? { rule_id: action.rule_id, name: action.name, action: 'delete', outcome: 'deleted' } : failed(action, message));
      }
    } catch (error) {
      for (const action of chunk) results.push(failed(action, (error as Error).message));
    }
  }
  return results;
}
