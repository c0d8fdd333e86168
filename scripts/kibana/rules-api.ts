// The Detection Engine endpoints this tool uses, each a small typed function over KibanaClient,
// each answer checked against the shape its endpoint documents. Kibana sources are cited as
// SS/… = x-pack/solutions/security/plugins/security_solution/… in elastic/kibana.
import type { KibanaRulePayload, LiveRule } from './kibana-rule.js';
import { KibanaUnavailableError, type KibanaClient, type KibanaResponse } from './kibana-client.js';
import { multipartFile } from './multipart.js';
import { excerpt, printable } from './server-text.js';

const RULES = '/api/detection_engine/rules';
/** Rules per `_find` page: few requests, bounded answers. */
export const FIND_PAGE_SIZE = 500;
/**
 * Elasticsearch's `index.max_result_window`: Kibana's `_find` pages through a saved-objects
 * search with from/size, and a page with page × per_page beyond it fails. Past it the listing
 * moves on by `created_at` (the sort key) instead of by page number.
 */
export const RESULT_WINDOW = 10_000;
/** More rules than any real space holds: a `total` above it is not believed. */
export const MAX_LISTED_RULES = 500_000;
/** `_export` answers hold whole rule sets: a larger cap than other answers. */
export const EXPORT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/** Kibana answered with an error; `message` is Kibana's own words, made printable. */
export class KibanaApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The answer is not what the endpoint documents: an HTML login page, a proxy's error page, an
 * empty body, a Kibana without the Security app. Nothing else can be trusted from that server.
 */
export class UnexpectedAnswerError extends KibanaUnavailableError {}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unexpected(client: KibanaClient, method: string, path: string, response: KibanaResponse, expected: string): UnexpectedAnswerError {
  const type = response.contentType === '' ? 'no content type' : printable(response.contentType);
  const began = response.text.trim() === '' ? 'an empty body' : `a body beginning "${excerpt(response.text.trim(), 80)}"`;
  return new UnexpectedAnswerError(
    `Kibana at ${client.connection.url.host} answered ${method} ${path} with HTTP ${response.status} (${type}) and ${began}, ` +
      `not ${expected}: check that KIBANA_URL is Kibana's address (with its base path) and that its Security app is enabled`,
  );
}

/** Kibana's message from either of its error shapes: `{ status_code, message }` or `{ statusCode, error, message }`. */
export function kibanaMessage(response: KibanaResponse): string {
  const body = response.body;
  if (isObject(body) && typeof body.message === 'string') return printable(body.message);
  const text = response.text.trim();
  return text === '' ? `HTTP ${response.status}` : excerpt(text, 500);
}

/** A 2xx answer's JSON body, checked by `isShape`; an error answer as KibanaApiError (JSON) or UnexpectedAnswerError (anything else). */
function expectAnswer<T>(client: KibanaClient, method: string, path: string, response: KibanaResponse, what: string, expected: string, isShape: (body: unknown) => body is T): T {
  if (response.status >= 200 && response.status < 300) {
    if (isShape(response.body)) return response.body;
    throw unexpected(client, method, path, response, expected);
  }
  if (!isObject(response.body)) throw unexpected(client, method, path, response, `a Kibana error (JSON with a message)`);
  throw new KibanaApiError(response.status, `${what}: HTTP ${response.status}: ${kibanaMessage(response)}`);
}

const isLiveRule = (value: unknown): value is LiveRule => isObject(value) && typeof value.id === 'string' && typeof value.rule_id === 'string';

interface FindAnswer {
  readonly total: number;
  readonly data: LiveRule[];
}

const isFindAnswer = (body: unknown): body is FindAnswer =>
  isObject(body) && Number.isSafeInteger(body.total) && (body.total as number) >= 0 && Array.isArray(body.data) && body.data.every(isLiveRule);

/** Times the whole listing is read again when Kibana's rules changed while it was being paged. */
const FIND_ATTEMPTS = 3;

/**
 * Every rule in the space (or matching the KQL `filter`), page by page. Paging is only consistent
 * while nobody changes the rules: a rule deleted meanwhile shifts the next page and hides a rule
 * that exists, and the plan must see every rule to refuse the ones it does not own. So when the
 * total moves between pages, or the pages do not add up to it, the listing is read again.
 */
export async function findAllRules(client: KibanaClient, filter?: string): Promise<LiveRule[]> {
  for (let attempt = 1; ; attempt += 1) {
    const listing = await findPages(client, filter);
    if (listing.consistent) return listing.rules;
    if (attempt >= FIND_ATTEMPTS) {
      throw new KibanaUnavailableError(
        `reading the rules (_find): they kept changing while being read, or Kibana's totals did not match its pages (${FIND_ATTEMPTS} tries); run again when nobody is editing rules in this space`,
      );
    }
  }
}

/** A KQL quoted string: `"` and `\` escaped, as KQL reads them. */
function kqlString(value: string): string {
  return `"${value.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}

/** `_find`'s filter for the rules carrying `tag`. */
export function tagFilter(tag: string): string {
  return `alert.attributes.tags:${kqlString(tag)}`;
}

/**
 * KQL over Kibana's rule saved objects, `alert.attributes.*`, as `_find`'s filter takes it
 * (SS/server/lib/detection_engine/rule_management/logic/search/find_rules.ts); `createdAt` is a date in the alerting plugin's rule mappings
 * (x-pack/platform/plugins/shared/alerting/server/saved_objects/), so a range on it is allowed.
 */
function rulesCreatedFrom(createdAt: string): string {
  return `alert.attributes.createdAt >= ${kqlString(createdAt)}`;
}

/**
 * One listing, in windows of at most RESULT_WINDOW rules sorted by `created_at`: the first from
 * the start, each next one from the last `created_at` seen (>=, so rules sharing it are read
 * again and counted once by id). It stops on a short or empty page, and after a number of
 * requests derived from the first answer's total, whatever a server claims.
 */
async function findPages(client: KibanaClient, filter: string | undefined): Promise<{ rules: LiveRule[]; consistent: boolean }> {
  const rules = new Map<string, LiveRule>();
  let expected: number | undefined;
  let budget = 1;
  let requests = 0;
  let consistent = true;
  let from: string | undefined;
  for (;;) {
    const windowFilter = [filter, from === undefined ? undefined : rulesCreatedFrom(from)].filter((part) => part !== undefined).map((part) => `(${part})`).join(' AND ');
    let windowTotal: number | undefined;
    let last: LiveRule | undefined;
    for (let page = 1; page * FIND_PAGE_SIZE <= RESULT_WINDOW; page += 1) {
      if (requests >= budget) {
        throw new KibanaUnavailableError(`reading the rules (_find): ${requests} pages did not reach the end of the ${expected ?? 0} rules Kibana announced; its answers do not add up`);
      }
      requests += 1;
      const answer = await findPage(client, page, windowFilter === '' ? undefined : windowFilter);
      if (expected === undefined) {
        expected = answer.total;
        if (expected > MAX_LISTED_RULES) {
          throw new KibanaUnavailableError(`reading the rules (_find): Kibana says the space holds ${expected} rules, more than this tool lists (${MAX_LISTED_RULES}); its answer is not believable`);
        }
        // Each window re-reads at most one page of the one before.
        budget = 2 * Math.ceil(expected / FIND_PAGE_SIZE) + 2;
      }
      if (windowTotal !== undefined && windowTotal !== answer.total) consistent = false;
      windowTotal = answer.total;
      for (const rule of answer.data) rules.set(rule.id, rule);
      last = answer.data.at(-1) ?? last;
      if (answer.data.length < FIND_PAGE_SIZE || page * FIND_PAGE_SIZE >= answer.total) {
        return { rules: [...rules.values()], consistent: consistent && rules.size === expected };
      }
    }
    const next = last?.created_at;
    if (typeof next !== 'string' || next === from) {
      throw new KibanaUnavailableError(`reading the rules (_find): more than ${RESULT_WINDOW} rules share the created_at ${printable(String(next))}; they cannot be listed past Elasticsearch's result window`);
    }
    from = next;
  }
}

async function findPage(client: KibanaClient, page: number, filter: string | undefined): Promise<FindAnswer> {
  const path = `${RULES}/_find`;
  const response = await client.request({
    method: 'GET',
    path,
    query: { page, per_page: FIND_PAGE_SIZE, sort_field: 'created_at', sort_order: 'asc', filter },
    idempotent: true,
  });
  return expectAnswer(client, 'GET', path, response, 'reading the rules (_find)', 'the JSON of _find ({ total, data: [rules] })', isFindAnswer);
}

export async function readRule(client: KibanaClient, ruleId: string): Promise<LiveRule | undefined> {
  const response = await client.request({ method: 'GET', path: RULES, query: { rule_id: ruleId }, idempotent: true });
  if (response.status === 404 && isObject(response.body)) return undefined;
  return expectAnswer(client, 'GET', RULES, response, `reading rule ${ruleId}`, 'a rule as JSON', isLiveRule);
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
      return live === undefined ? undefined : { status: 200, body: live, text: '', contentType: 'application/json' };
    },
  });
  return expectAnswer(client, 'POST', RULES, response, `creating rule ${payload.rule_id}`, 'the created rule as JSON', isLiveRule);
}

/** PUT replaces the whole rule: sending it twice leaves the same rule. */
export async function replaceRule(client: KibanaClient, payload: KibanaRulePayload): Promise<LiveRule> {
  const response = await client.request({ method: 'PUT', path: RULES, json: payload, idempotent: true });
  return expectAnswer(client, 'PUT', RULES, response, `replacing rule ${payload.rule_id}`, 'the replaced rule as JSON', isLiveRule);
}

export interface ImportError {
  /** Kibana writes "(unknown id)" when the rule failed its schema before the id was read. */
  readonly rule_id?: string;
  readonly id?: string;
  readonly error: { readonly status_code: number; readonly message: string };
}

export interface ImportAnswer {
  readonly success_count: number;
  readonly errors: ImportError[];
}

const isImportError = (value: unknown): value is ImportError =>
  isObject(value) && isObject(value.error) && typeof value.error.message === 'string' && typeof value.error.status_code === 'number';

const isImportAnswer = (body: unknown): body is ImportAnswer =>
  isObject(body) && Number.isSafeInteger(body.success_count) && Array.isArray(body.errors) && body.errors.every(isImportError);

/**
 * `_import` of NDJSON rules, creating (and with `overwrite`, replacing) each by rule_id. Not
 * resent here when its answer is lost: the caller reads back which rules arrived and sends only
 * the rest (an OutcomeUnknownError), because a resend overlapping a first attempt still running
 * in Kibana could create one rule_id twice.
 */
export async function importRules(client: KibanaClient, ndjson: string, overwrite: boolean): Promise<ImportAnswer> {
  const path = `${RULES}/_import`;
  const response = await client.request({
    method: 'POST',
    path,
    query: { overwrite, overwrite_exceptions: false, overwrite_action_connectors: false },
    body: multipartFile('file', 'rules.ndjson', ndjson),
    idempotent: false,
  });
  const answer = expectAnswer(client, 'POST', path, response, 'importing rules (_import)', 'the JSON of _import ({ success_count, errors })', isImportAnswer);
  return {
    success_count: answer.success_count,
    errors: answer.errors.map((error) => ({ ...error, error: { status_code: error.error.status_code, message: printable(error.error.message) } })),
  };
}

/** Ids per `_bulk_action`: Kibana refuses more (RULES_TABLE_MAX_PAGE_SIZE, SS/common/constants.ts; checked in SS/server/lib/detection_engine/rule_management/api/rules/bulk_actions/route.ts). */
export const BULK_ACTION_MAX_IDS = 100;

export interface BulkDeleteAnswer {
  /** Object ids Kibana deleted now. */
  readonly deleted: readonly string[];
  /** Object ids Kibana does not know: gone already. */
  readonly missing: readonly string[];
  /** Object ids Kibana did not delete, with its reason. */
  readonly failures: readonly { readonly id: string; readonly message: string }[];
}

interface BulkSummary {
  readonly failed: number;
  readonly succeeded: number;
  readonly skipped: number;
  readonly total: number;
}

interface BulkBody {
  readonly attributes: {
    readonly results: { readonly deleted: { id: string }[]; readonly skipped?: { id: string; skip_reason?: string }[] };
    readonly summary: BulkSummary;
    readonly errors?: { message: string; status_code?: number; rules: { id: string }[] }[];
  };
}

const isBulkBody = (body: unknown): body is BulkBody => {
  if (!isObject(body) || !isObject(body.attributes)) return false;
  const { results, summary, errors } = body.attributes;
  const withIds = (list: unknown): boolean => Array.isArray(list) && list.every((item) => isObject(item) && typeof item.id === 'string');
  return (
    isObject(results) && withIds(results.deleted) && (results.skipped === undefined || withIds(results.skipped)) &&
    isObject(summary) && ['failed', 'succeeded', 'skipped', 'total'].every((key) => Number.isSafeInteger(summary[key])) &&
    (errors === undefined || (Array.isArray(errors) && errors.every((error) => isObject(error) && typeof error.message === 'string' && withIds(error.rules))))
  );
};

/**
 * Kibana's two ways of saying an id does not exist: an error "Rule not found" (HTTP 500 for the
 * whole answer; SS/server/lib/detection_engine/rule_management/api/rules/bulk_actions/fetch_rules_by_query_or_ids.ts and
 * bulk_actions_response.ts), or in newer versions a skip with reason RULE_NOT_FOUND.
 */
const NOT_FOUND_MESSAGE = 'Rule not found';
const NOT_FOUND_SKIP = 'RULE_NOT_FOUND';

/**
 * Deletes at most BULK_ACTION_MAX_IDS rules by object id, and accounts for every id sent: deleted,
 * missing (a resend after a lost answer finds them gone; object ids are never reused), or failed.
 * An id the answer does not mention, or a summary that does not add up, is a failure.
 */
export async function bulkDelete(client: KibanaClient, ids: readonly string[]): Promise<BulkDeleteAnswer> {
  if (ids.length > BULK_ACTION_MAX_IDS) throw new RangeError(`bulkDelete takes at most ${BULK_ACTION_MAX_IDS} ids; got ${ids.length}`);
  const path = `${RULES}/_bulk_action`;
  const response = await client.request({ method: 'POST', path, json: { action: 'delete', ids }, idempotent: true });
  // A partial failure is HTTP 500 with the per-rule errors in the body.
  const body = response.status === 500 && isBulkBody(response.body) ? response.body : expectAnswer(client, 'POST', path, response, 'deleting rules (_bulk_action)', 'the JSON of _bulk_action ({ attributes: { results, summary } })', isBulkBody);
  const { results, summary, errors = [] } = body.attributes;
  const deleted = new Set(results.deleted.map((rule) => rule.id));
  const missing = new Set([
    ...(results.skipped ?? []).filter((skip) => skip.skip_reason === NOT_FOUND_SKIP).map((skip) => skip.id),
    ...errors.filter((error) => error.message === NOT_FOUND_MESSAGE || error.status_code === 404).flatMap((error) => error.rules.map((rule) => rule.id)),
  ]);
  const reasons = new Map<string, string>();
  for (const error of errors) for (const rule of error.rules) if (!missing.has(rule.id)) reasons.set(rule.id, printable(error.message));
  for (const skip of results.skipped ?? []) if (!missing.has(skip.id)) reasons.set(skip.id, `skipped: ${printable(String(skip.skip_reason))}`);
  const addsUp = summary.total === ids.length && summary.succeeded + summary.failed + summary.skipped === summary.total && summary.succeeded === deleted.size;
  const failures = ids.flatMap((id) => {
    if (deleted.has(id) || missing.has(id)) return addsUp ? [] : [{ id, message: `Kibana's summary ${JSON.stringify(summary)} does not add up to the ${ids.length} ids sent` }];
    return [{ id, message: reasons.get(id) ?? 'Kibana\'s answer does not mention this rule' }];
  });
  return { deleted: [...deleted], missing: [...missing], failures };
}

/** NDJSON of the given rules (all when none are given), with Kibana's summary line last. */
export async function exportRules(client: KibanaClient, ruleIds?: readonly string[]): Promise<string> {
  const path = `${RULES}/_export`;
  const response = await client.request({
    method: 'POST',
    path,
    query: { exclude_export_details: true },
    json: ruleIds === undefined ? undefined : { objects: ruleIds.map((rule_id) => ({ rule_id })) },
    idempotent: true,
    maxResponseBytes: EXPORT_MAX_RESPONSE_BYTES,
  });
  const isNdjson = (body: unknown): body is unknown => response.text.trim() === '' || response.text.trimStart().startsWith('{');
  expectAnswer(client, 'POST', path, response, 'exporting rules (_export)', 'NDJSON rules', isNdjson);
  return response.text;
}
