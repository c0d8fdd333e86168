// The Detection Engine endpoints this tool uses, each a small typed function over KibanaClient.
import type { KibanaRulePayload, LiveRule } from './kibana-rule.js';
import { KibanaUnavailableError, type KibanaClient, type KibanaResponse } from './kibana-client.js';
import { multipartFile } from './multipart.js';

const RULES = '/api/detection_engine/rules';
/** Rules per `_find` page: few requests, bounded answers. */
export const FIND_PAGE_SIZE = 500;

/** Kibana answered with an error; `message` is Kibana's own words. */
export class KibanaApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Kibana's message from either of its error shapes: `{ status_code, message }` or `{ statusCode, error, message }`. */
export function kibanaMessage(response: KibanaResponse): string {
  const body = response.body;
  if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') {
    return body.message;
  }
  const text = response.text.trim();
  return text === '' ? `HTTP ${response.status}` : text.slice(0, 500);
}

function expectOk(response: KibanaResponse, what: string): KibanaResponse {
  if (response.status >= 200 && response.status < 300) return response;
  throw new KibanaApiError(response.status, `${what}: HTTP ${response.status}: ${kibanaMessage(response)}`);
}

/** Times the whole listing is read again when Kibana's rules changed while it was being paged. */
const FIND_ATTEMPTS = 3;

/**
 * Every rule in the space, page by page. Paging is only consistent while nobody changes the
 * rules: a rule deleted meanwhile shifts the next page and hides a rule that exists, and the
 * plan must see every rule to refuse the ones it does not own. So when the total moves between
 * pages, or the pages do not add up to it, the listing is read again.
 */
export async function findAllRules(client: KibanaClient, filter?: string): Promise<LiveRule[]> {
  for (let attempt = 1; ; attempt += 1) {
    const listing = await findPages(client, filter);
    if (listing.consistent) return listing.rules;
    if (attempt >= FIND_ATTEMPTS) {
      throw new KibanaUnavailableError(`reading the rules (_find): they kept changing while being read (${FIND_ATTEMPTS} tries); run again when nobody is editing rules in this space`);
    }
  }
}

async function findPages(client: KibanaClient, filter: string | undefined): Promise<{ rules: LiveRule[]; consistent: boolean }> {
  const rules = new Map<string, LiveRule>();
  const totals = new Set<number>();
  for (let page = 1; ; page += 1) {
    const response = expectOk(
      await client.request({
        method: 'GET',
        path: `${RULES}/_find`,
        query: { page, per_page: FIND_PAGE_SIZE, sort_field: 'created_at', sort_order: 'asc', filter },
        idempotent: true,
      }),
      'reading the rules (_find)',
    );
    const body = response.body as { data?: LiveRule[]; total?: number };
    const data = body.data ?? [];
    const total = body.total ?? 0;
    totals.add(total);
    for (const rule of data) rules.set(rule.id, rule);
    if (data.length === 0 || page * FIND_PAGE_SIZE >= total) {
      return { rules: [...rules.values()], consistent: totals.size === 1 && rules.size === total };
    }
  }
}

export async function readRule(client: KibanaClient, ruleId: string): Promise<LiveRule | undefined> {
  const response = await client.request({ method: 'GET', path: RULES, query: { rule_id: ruleId }, idempotent: true });
  if (response.status === 404) return undefined;
  return expectOk(response, `reading rule ${ruleId}`).body as LiveRule;
}

/** POST is not idempotent: when its answer is lost, a GET by rule_id says whether it was created. */
export async function createRule(client: KibanaClient, payload: KibanaRulePayload): Promise<LiveRule> {
  const response = await client.request({
    method: 'POST',
    path: RULES,
    json: payload,
    idempotent: false,
    recheck: async () => {
      const live = await readRule(client, payload.rule_id);
      return live === undefined ? undefined : { status: 200, body: live, text: '' };
    },
  });
  return expectOk(response, `creating rule ${payload.rule_id}`).body as LiveRule;
}

/** PUT replaces the whole rule: sending it twice leaves the same rule. */
export async function replaceRule(client: KibanaClient, payload: KibanaRulePayload): Promise<LiveRule> {
  const response = await client.request({ method: 'PUT', path: RULES, json: payload, idempotent: true });
  return expectOk(response, `replacing rule ${payload.rule_id}`).body as LiveRule;
}

export interface ImportError {
  readonly rule_id?: string;
  readonly id?: string;
  readonly error: { readonly status_code: number; readonly message: string };
}

export interface ImportAnswer {
  readonly success_count: number;
  readonly rules_count: number;
  readonly errors: ImportError[];
}

/**
 * `_import`: with `overwrite` it creates or replaces each rule by rule_id, so sending it twice
 * leaves Kibana as sending it once. Without, it only creates, and a resend can only meet rules
 * the lost attempt created, answered 409 per rule: safe to resend too, the caller sorting those out.
 */
export async function importRules(client: KibanaClient, ndjson: string, overwrite: boolean): Promise<ImportAnswer> {
  const body = multipartFile('file', 'rules.ndjson', ndjson);
  const response = await client.request({
    method: 'POST',
    path: `${RULES}/_import`,
    query: { overwrite, overwrite_exceptions: false, overwrite_action_connectors: false },
    body,
    idempotent: true,
  });
  const answer = expectOk(response, 'importing rules (_import)').body as Partial<ImportAnswer>;
  return { success_count: answer.success_count ?? 0, rules_count: answer.rules_count ?? 0, errors: answer.errors ?? [] };
}

export interface BulkDeleteAnswer {
  /** Object ids Kibana did not delete, with its reason. */
  readonly failures: { readonly id: string; readonly message: string; readonly status?: number }[];
}

interface BulkActionBody {
  attributes?: {
    errors?: { message: string; status_code?: number; rules: { id: string; name?: string }[] }[];
  };
}

/**
 * Deletes rules by object id. A resend after a lost answer can only find some of them already
 * gone ("not found"), which the caller counts as deleted: object ids are never reused.
 */
export async function bulkDelete(client: KibanaClient, ids: readonly string[]): Promise<BulkDeleteAnswer> {
  const response = await client.request({
    method: 'POST',
    path: `${RULES}/_bulk_action`,
    json: { action: 'delete', ids },
    idempotent: true,
  });
  const body = response.body as BulkActionBody | undefined;
  // A partial failure is HTTP 500 with the per-rule errors in the body.
  if (response.status === 500 && body?.attributes?.errors !== undefined) {
    return {
      failures: body.attributes.errors.flatMap((error) =>
        error.rules.map((rule) => ({ id: rule.id, message: error.message, ...(error.status_code === undefined ? {} : { status: error.status_code }) })),
      ),
    };
  }
  expectOk(response, 'deleting rules (_bulk_action)');
  return { failures: [] };
}

/** NDJSON of the given rules (all when none are given), with Kibana's summary line last. */
export async function exportRules(client: KibanaClient, ruleIds?: readonly string[]): Promise<string> {
  const response = await client.request({
    method: 'POST',
    path: `${RULES}/_export`,
    query: { exclude_export_details: true },
    json: ruleIds === undefined ? undefined : { objects: ruleIds.map((rule_id) => ({ rule_id })) },
    idempotent: true,
  });
  return expectOk(response, 'exporting rules (_export)').text;
}
