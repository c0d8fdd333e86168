// Executes a plan, then proves it. Deletes go first (so an extra copy of a rule_id is gone before
// the copy we keep is written), in `_bulk_action`s of at most 100 ids. Creates and updates go
// through `_import` (creates without overwrite, updates with it), in chunks strictly under
// Kibana's limits: one request per chunk instead of one per rule. Every answer is reconciled with
// what was sent, and a last read-back (`_find`) must show Kibana holding exactly the plan's result.
// The per-rule strategy (POST/PUT) stays for Kibanas that refuse imports.
import { setTimeout as sleep } from 'node:timers/promises';
import { OutcomeUnknownError, type KibanaClient } from './kibana-client.js';
import type { KibanaRulePayload, LiveRule } from './kibana-rule.js';
import type { DeployPlan, PlannedAction } from './deploy-plan.js';
import { MULTIPART_OVERHEAD_BYTES } from './multipart.js';
import { BULK_ACTION_MAX_IDS, bulkDelete, createRule, findAllRules, importRules, KibanaApiError, replaceRule, tagFilter } from './rules-api.js';
import { isManagedBy, managedTag } from './managed-mark.js';
import { diffRule } from './rule-diff.js';

export type ApplyStrategy = 'import' | 'rules';

export interface ImportLimits {
  readonly maxBytes: number;
  readonly maxObjects: number;
}

/**
 * Kibana's defaults: xpack.securitySolution.maxRuleImportPayloadBytes (10 MB) and
 * maxRuleImportExportSize (10,000), SS/server/config.ts. Chunks stay strictly below both.
 */
export const KIBANA_IMPORT_LIMITS: ImportLimits = { maxBytes: 10 * 1024 * 1024, maxObjects: 10_000 };

export type RuleOutcome = 'created' | 'updated' | 'deleted' | 'unchanged' | 'failed' | 'refused';

export interface RuleResult {
  readonly rule_id: string;
  readonly name: string;
  readonly action: PlannedAction['action'];
  readonly outcome: RuleOutcome;
  /** Why it failed, in Kibana's words or the read-back's. */
  readonly message?: string;
}

export interface ApplyReport {
  readonly results: RuleResult[];
  /** What the read-back and Kibana's answers show beyond the planned actions: each fails the run. */
  readonly differences: string[];
}

export interface ApplyOptions {
  readonly strategy: ApplyStrategy;
  readonly limits?: ImportLimits;
}

type Write = Extract<PlannedAction, { action: 'create' | 'update' }>;
type Delete = Extract<PlannedAction, { action: 'delete' }>;

/** What Kibana answered for one write or delete; the read-back has the last word. */
interface Answer {
  /** Kibana's error for this rule; absent when it reported success. */
  readonly message?: string;
  readonly status?: number;
}

export async function applyPlan(client: KibanaClient, plan: DeployPlan, options: ApplyOptions): Promise<ApplyReport> {
  const differences: string[] = [];
  const answers = new Map<PlannedAction, Answer>();
  const deletes = plan.actions.filter((action): action is Delete => action.action === 'delete');
  for (const [action, answer] of await deleteRules(client, deletes)) answers.set(action, answer);
  const writes = plan.actions.filter((action): action is Write => action.action === 'create' || action.action === 'update');
  // Rules under an Elastic prebuilt rule_id always go through _import: POST would store them as
  // custom rules, _import as Elastic rules, and both strategies must store the same kind.
  const byImport = options.strategy === 'import' ? writes : writes.filter((write) => write.prebuilt);
  const oneByOne = options.strategy === 'import' ? [] : writes.filter((write) => !write.prebuilt);
  const limits = options.limits ?? KIBANA_IMPORT_LIMITS;
  for (const [action, answer] of await writeByImport(client, byImport, limits, plan.owner, differences)) answers.set(action, answer);
  for (const [action, answer] of await writeOneByOne(client, oneByOne)) answers.set(action, answer);
  const live = await findAllRules(client);
  return { results: reconcile(plan, answers, live, differences), differences };
}

const done = (write: Write): RuleOutcome => (write.action === 'create' ? 'created' : 'updated');

function result(action: PlannedAction, outcome: RuleOutcome, message?: string): RuleResult {
  return { rule_id: action.rule_id, name: action.name, action: action.action, outcome, ...(message === undefined ? {} : { message }) };
}

/**
 * Each planned action's outcome, from Kibana's answer checked against the read-back: a write
 * counts when Kibana holds exactly one rule with its rule_id, ours and equal to the payload; a
 * delete when the object id is gone. Anything else the read-back shows is a difference.
 */
function reconcile(plan: DeployPlan, answers: ReadonlyMap<PlannedAction, Answer>, live: readonly LiveRule[], differences: string[]): RuleResult[] {
  const copies = new Map<string, LiveRule[]>();
  for (const rule of live) copies.set(rule.rule_id, [...(copies.get(rule.rule_id) ?? []), rule]);
  const liveIds = new Set(live.map((rule) => rule.id));
  const results = plan.actions.map((action): RuleResult => {
    const answer = answers.get(action);
    switch (action.action) {
      case 'conflict':
        return result(action, 'refused', action.reason);
      case 'delete':
        if (!liveIds.has(action.id)) return result(action, 'deleted');
        return result(action, 'failed', answer?.message ?? 'read-back: the rule is still in Kibana');
      default: {
        const held = copies.get(action.rule_id) ?? [];
        const ours = held.filter((rule) => isManagedBy(rule.tags, plan.owner));
        const matches = ours.length === 1 && held.length === 1 && diffRule(action.payload, ours[0] as LiveRule).length === 0;
        if (action.action === 'unchanged') return matches ? result(action, 'unchanged') : result(action, 'failed', `read-back: ${heldText(held, action.payload, plan.owner)}`);
        if (matches) return result(action, done(action));
        if (answer?.status === 409 && action.action === 'create' && ours.length === 0) {
          return result(action, 'refused', `${answer.message ?? ''} (a rule made in Kibana after the plan, left alone; run plan again)`);
        }
        return result(action, 'failed', answer?.message ?? `read-back: ${heldText(held, action.payload, plan.owner)}`);
      }
    }
  });
  // A managed rule no action was about (one whose failed delete is already listed is not new).
  const planned = new Set(plan.actions.map((action) => action.rule_id));
  for (const [ruleId, held] of copies) {
    const ours = held.filter((rule) => isManagedBy(rule.tags, plan.owner));
    if (plan.prune && !planned.has(ruleId) && ours.length > 0) differences.push(`read-back: ${ruleId} carries "${managedTag(plan.owner)}" but is not in the repository`);
  }
  return results;
}

function heldText(held: readonly LiveRule[], payload: KibanaRulePayload, owner: string): string {
  if (held.length === 0) return 'Kibana does not hold the rule';
  if (held.length > 1) return `Kibana holds ${held.length} rules with this rule_id (${held.map((rule) => rule.id).join(', ')})`;
  const rule = held[0] as LiveRule;
  if (!isManagedBy(rule.tags, owner)) return `Kibana's rule does not carry "${managedTag(owner)}"`;
  const fields = diffRule(payload, rule).map((change) => change.path);
  return `Kibana's rule differs from the repository in ${fields.slice(0, 5).join(', ')}${fields.length > 5 ? ', …' : ''}`;
}

/** Splits payloads into NDJSON chunks each strictly under both import limits. */
export function importChunks(payloads: readonly KibanaRulePayload[], limits: ImportLimits): { chunks: KibanaRulePayload[][]; tooLarge: KibanaRulePayload[] } {
  const chunks: KibanaRulePayload[][] = [];
  const tooLarge: KibanaRulePayload[] = [];
  let chunk: KibanaRulePayload[] = [];
  let bytes = MULTIPART_OVERHEAD_BYTES;
  for (const payload of payloads) {
    const size = Buffer.byteLength(JSON.stringify(payload), 'utf8') + 1;
    if (MULTIPART_OVERHEAD_BYTES + size >= limits.maxBytes) {
      tooLarge.push(payload);
      continue;
    }
    // Kibana refuses a file of maxObjects rules or more (its check is >=).
    if (chunk.length > 0 && (bytes + size >= limits.maxBytes || chunk.length + 1 >= limits.maxObjects)) {
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
 * instead of overwritten; the read-back tells it from our own create whose answer was lost.
 */
async function writeByImport(client: KibanaClient, writes: readonly Write[], limits: ImportLimits, owner: string, differences: string[]): Promise<Map<Write, Answer>> {
  const answers = new Map<Write, Answer>();
  for (const [overwrite, kind] of [[false, 'create'], [true, 'update']] as const) {
    const selected = writes.filter((write) => write.action === kind);
    const { chunks, tooLarge } = importChunks(selected.map((write) => write.payload), limits);
    const byId = new Map(selected.map((write) => [write.rule_id, write]));
    for (const payload of tooLarge) answers.set(byId.get(payload.rule_id) as Write, { message: `the rule is larger than Kibana's import limit of ${limits.maxBytes} bytes` });
    for (const chunk of chunks) {
      const chunkWrites = chunk.map((payload) => byId.get(payload.rule_id) as Write);
      for (const [write, answer] of await importChunk(client, chunkWrites, overwrite, owner, differences)) answers.set(write, answer);
    }
  }
  return answers;
}

/**
 * One chunk. When the answer is lost (timeout, reset, 502/504), the rules that did arrive are
 * read back and only the rest are sent again, after a backoff that gives a first attempt still
 * running in Kibana time to finish: resending all of them could create one rule_id twice.
 */
async function importChunk(client: KibanaClient, writes: readonly Write[], overwrite: boolean, owner: string, differences: string[]): Promise<Map<Write, Answer>> {
  const answers = new Map<Write, Answer>();
  const { attempts, baseDelayMs, maxDelayMs } = client.connection.retry;
  let pending = writes;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    try {
      const answer = await importRules(client, pending.map((write) => `${JSON.stringify(write.payload)}\n`).join(''), overwrite);
      for (const [write, verdict] of reconcileImport(pending, answer, differences)) answers.set(write, verdict);
      return answers;
    } catch (error) {
      const lost = error instanceof OutcomeUnknownError;
      if (!lost && !(error instanceof KibanaApiError)) throw error;
      if (!lost || attempt >= attempts) {
        // 413: this Kibana's maxRuleImportPayloadBytes is below the limit we chunked for.
        const hint = error instanceof KibanaApiError && error.status === 413 ? '; set --import-max-bytes to this Kibana\'s xpack.securitySolution.maxRuleImportPayloadBytes' : '';
        for (const write of pending) answers.set(write, { message: `${(error as Error).message}${hint}` });
        return answers;
      }
      await sleep(Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
      const held = new Map((await findAllRules(client, tagFilter(managedTag(owner)))).map((rule) => [rule.rule_id, rule]));
      pending = pending.filter((write) => {
        const rule = held.get(write.rule_id);
        return rule === undefined || diffRule(write.payload, rule).length > 0;
      });
    }
  }
  return answers;
}

/**
 * Kibana's `_import` answer against what was sent. Errors name their rule_id, except for a rule
 * that failed Kibana's schema, reported as "(unknown id)": such messages go to every rule the
 * answer does not account for, and the read-back then shows which of them is really missing.
 * `success_count` must equal the rules sent less the errors.
 */
function reconcileImport(sent: readonly Write[], answer: { success_count: number; errors: readonly { rule_id?: string; error: { status_code: number; message: string } }[] }, differences: string[]): Map<Write, Answer> {
  const byId = new Map(sent.map((write) => [write.rule_id, write]));
  const named = new Map<string, Answer>();
  const unnamed: string[] = [];
  for (const { rule_id: ruleId, error } of answer.errors) {
    if (ruleId !== undefined && byId.has(ruleId)) named.set(ruleId, { message: error.message, status: error.status_code });
    else unnamed.push(`${error.message} (Kibana named no rule: "${ruleId ?? ''}")`);
  }
  if (answer.success_count !== sent.length - answer.errors.length) {
    differences.push(`_import: Kibana counted ${answer.success_count} rules imported, but ${sent.length} were sent and ${answer.errors.length} refused`);
  }
  const unnamedMessage = unnamed.length === 0 ? undefined : unnamed.join('; ');
  return new Map(sent.map((write) => [write, named.get(write.rule_id) ?? (unnamedMessage === undefined ? {} : { message: unnamedMessage })]));
}

async function writeOneByOne(client: KibanaClient, writes: readonly Write[]): Promise<Map<Write, Answer>> {
  const answers = new Map<Write, Answer>();
  for (const write of writes) {
    try {
      if (write.action === 'create') await createRule(client, write.payload);
      else await replaceRule(client, write.payload);
      answers.set(write, {});
    } catch (error) {
      if (!(error instanceof KibanaApiError)) throw error;
      answers.set(write, { message: error.message, status: error.status });
    }
  }
  return answers;
}

async function deleteRules(client: KibanaClient, deletes: readonly Delete[]): Promise<Map<Delete, Answer>> {
  const answers = new Map<Delete, Answer>();
  for (let start = 0; start < deletes.length; start += BULK_ACTION_MAX_IDS) {
    const chunk = deletes.slice(start, start + BULK_ACTION_MAX_IDS);
    try {
      const answer = await bulkDelete(client, chunk.map((action) => action.id));
      const failures = new Map(answer.failures.map((failure) => [failure.id, failure.message]));
      for (const action of chunk) {
        const message = failures.get(action.id);
        answers.set(action, message === undefined ? {} : { message });
      }
    } catch (error) {
      if (!(error instanceof KibanaApiError)) throw error;
      for (const action of chunk) answers.set(action, { message: error.message, status: error.status });
    }
  }
  return answers;
}
