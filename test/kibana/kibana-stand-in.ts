// A stand-in for Kibana's Detection Engine API on 127.0.0.1: real HTTP, the real endpoints and
// their answers as Kibana gives them (both error shapes, 409 on duplicate create, per-rule
// errors inside a 200 import, HTTP 500 with partial results on bulk actions), with checks of
// auth, kbn-xsrf and the space prefix, request bodies validated against the payload schema,
// and faults to inject: 429 with Retry-After, 503, dropped connections, slow answers.
// Each behaviour that a deploy depends on follows Kibana's source (public repository
// elastic/kibana; SS = x-pack/solutions/security/plugins/security_solution, RM =
// SS/server/lib/detection_engine/rule_management) and names the file it follows.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

type Json = Record<string, unknown>;

export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  /** Close the connection before doing anything. */
  | { readonly kind: 'drop-before' }
  /** Do the work, then close the connection without answering: the client cannot know it happened. */
  | { readonly kind: 'drop-after' }
  /** Do the work and answer after a delay. */
  | { readonly kind: 'slow'; readonly ms: number }
  /** Answer as if the work was done, and keep nothing: what a lost write behind a proxy looks like. */
  | { readonly kind: 'forget' }
  /** Start the work only after a delay: a client that gave up meanwhile may resend while it runs. */
  | { readonly kind: 'late'; readonly ms: number };

export interface FaultRule {
  readonly method?: string;
  /** Matches the request path below the space prefix, e.g. "/api/detection_engine/rules/_import". */
  readonly path: string | RegExp;
  readonly fault: Fault;
  remaining: number;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly space: string;
  /** The status answered; 0 while unanswered, and for connections closed without an answer. */
  status: number;
}

export interface StandInOptions {
  readonly apiKey?: string;
  readonly username?: string;
  readonly password?: string;
  readonly spaces?: readonly string[];
  readonly maxImportBytes?: number;
  readonly maxImportObjects?: number;
  /** rule_ids of Elastic's prebuilt rules (the installed prebuilt package): `_import` stores them as immutable. */
  readonly prebuiltRuleIds?: readonly string[];
  /** How a missing id in a bulk action is answered: 'error' (500 "Rule not found", 8.x) or 'skip' (RULE_NOT_FOUND). */
  readonly bulkNotFound?: 'error' | 'skip';
  /** Added to every answer, to stand for a real network and Kibana's own work. */
  readonly latencyMs?: number;
  /** PEM key and certificate: serve HTTPS instead of HTTP. */
  readonly tls?: { readonly key: string; readonly cert: string };
}

const RULES = '/api/detection_engine/rules';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * What Kibana stores for fields a request leaves out. Written out here on purpose rather than
 * imported from KIBANA_DEFAULTS in scripts/kibana/rule-diff.ts: the stand-in plays Kibana, and
 * the deploy and round-trip tests ("after which the plan is empty", "Kibana's defaults set aside")
 * check rule-diff's defaults against what it stores. Sharing one list would let a wrong default
 * there pass unseen. The two also differ: `language` here depends on the rule
 * type (see `store`), and rule-diff also treats `meta: {}` and `throttle` as no drift.
 */
const STORED_DEFAULTS: Json = {
  actions: [],
  author: [],
  // Kibana's default is false: RM/logic/detection_rules_client/mergers/apply_rule_defaults.ts.
  enabled: false,
  exceptions_list: [],
  false_positives: [],
  from: 'now-6m',
  interval: '5m',
  max_signals: 100,
  output_index: '',
  references: [],
  related_integrations: [],
  required_fields: [],
  risk_score_mapping: [],
  setup: '',
  severity_mapping: [],
  tags: [],
  threat: [],
  to: 'now',
  version: 1,
};

function ruleValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas/kibana-rule.schema.json'), 'utf8')) as Json;
  // Kibana requires only these of every rule; the repository's schema is stricter.
  schema.required = ['name', 'description', 'risk_score', 'severity', 'type'];
  return new Ajv2020({ allErrors: false, strict: false }).compile(schema);
}

/** The answer's fields that are not the rule's parameters: a change to only these is no new revision. */
const BOOKKEEPING = ['id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'revision', 'immutable', 'rule_source', 'enabled'];

function sameParameters(a: Json, b: Json): boolean {
  const strip = (rule: Json): string => JSON.stringify(Object.fromEntries(Object.entries(rule).filter(([key]) => !BOOKKEEPING.includes(key)).sort(([x], [y]) => x.localeCompare(y))));
  return strip(a) === strip(b);
}

/** Elasticsearch's index.max_result_window, which `_find`'s from/size paging cannot cross. */
const RESULT_WINDOW = 10_000;

export class KibanaStandIn {
  readonly requests: LoggedRequest[] = [];
  /** created_at strictly increases, as an index sorted by it would show rules made one after another. */
  private lastCreated = 0;
  /** TCP connections accepted, answered or not. */
  connections = 0;
  private readonly faults: FaultRule[] = [];
  private readonly refusals = new Map<string, { status: number; message: string; stage: 'schema' | 'check' }>();
  private readonly spaces = new Map<string, Map<string, Json>>();
  private readonly validate = ruleValidator();
  private readonly server: http.Server | https.Server;
  url = '';

  private constructor(private readonly options: StandInOptions) {
    for (const space of ['default', ...(options.spaces ?? [])]) this.spaces.set(space, new Map());
    const handler = (request: http.IncomingMessage, response: http.ServerResponse): void => void this.handle(request, response);
    this.server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
    this.server.on('connection', () => {
      this.connections += 1;
    });
  }

  static async start(options: StandInOptions = { apiKey: 'c3RhbmQtaW46c2VjcmV0' }): Promise<KibanaStandIn> {
    const standIn = new KibanaStandIn(options);
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
    standIn.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(standIn.server.address() as AddressInfo).port}`;
    return standIn;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The rules of a space, as Kibana would return them. */
  rules(space = 'default'): Json[] {
    return [...(this.spaces.get(space)?.values() ?? [])];
  }

  /** Puts a rule straight into Kibana, as if created in its UI. */
  seed(rule: Json, space = 'default'): Json {
    const stored = this.store(rule, undefined, 'create');
    this.spaces.get(space)?.set(stored.id as string, stored);
    return stored;
  }

  /** A second rule with the same rule_id, as an import overlapping its own resend leaves behind. */
  duplicate(ruleId: string, space = 'default'): Json {
    const original = this.rules(space).find((rule) => rule.rule_id === ruleId);
    if (original === undefined) throw new Error(`no rule ${ruleId} to duplicate`);
    const copy = { ...original, id: randomUUID(), created_at: this.createdAt() };
    this.spaces.get(space)?.set(copy.id, copy);
    return copy;
  }

  injectFault(rule: Omit<FaultRule, 'remaining'>, times = 1): void {
    this.faults.push({ ...rule, remaining: times });
  }

  /**
   * Makes Kibana refuse to write this rule: at its request schema ('schema': `_import` then names
   * no rule, "(unknown id)") or at a later check that knows the rule_id ('check').
   */
  refuseRule(ruleId: string, status: number, message: string, stage: 'schema' | 'check' = 'check'): void {
    this.refusals.set(ruleId, { status, message, stage });
  }

  requestCount(): number {
    return this.requests.length;
  }

  private takeFault(method: string, route: string): Fault | undefined {
    const rule = this.faults.find(
      (f) => f.remaining > 0 && (f.method === undefined || f.method === method) && (typeof f.path === 'string' ? f.path === route : f.path.test(route)),
    );
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    return rule.fault;
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const spaceMatch = /^\/s\/([^/]+)(\/.*)$/.exec(url.pathname);
    const space = spaceMatch ? decodeURIComponent(spaceMatch[1] as string) : 'default';
    const route = spaceMatch ? (spaceMatch[2] as string) : url.pathname;
    const method = request.method ?? 'GET';
    // Logged on arrival, so the log is in the order requests came, answered or not.
    const logged: LoggedRequest = { method, path: route, space, status: 0 };
    this.requests.push(logged);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      logged.status = status;
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      response.writeHead(status, { 'content-type': typeof body === 'string' ? 'application/ndjson' : 'application/json', ...headers });
      response.end(text);
    };
    const body = await readBody(request, (this.options.maxImportBytes ?? 10 * 1024 * 1024) + 1024);
    const fault = this.takeFault(method, route);
    if (fault?.kind === 'drop-before') {
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter };
      reply(fault.status, { statusCode: fault.status, error: http.STATUS_CODES[fault.status] ?? 'Error', message: `injected ${fault.status}` }, headers);
      return;
    }
    if (!this.authorized(request.headers.authorization)) {
      reply(401, { statusCode: 401, error: 'Unauthorized', message: '[security_exception]: missing authentication credentials for REST request' });
      return;
    }
    const rules = this.spaces.get(space);
    if (rules === undefined) {
      reply(404, { statusCode: 404, error: 'Not Found', message: 'Not Found' });
      return;
    }
    if (method !== 'GET' && request.headers['kbn-xsrf'] === undefined) {
      reply(400, { statusCode: 400, error: 'Bad Request', message: 'Request must contain a kbn-xsrf header.' });
      return;
    }
    if (fault?.kind === 'late') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    const before = fault?.kind === 'forget' ? [...rules] : undefined;
    const [status, answer] = this.route(method, route, url.searchParams, request.headers['content-type'] ?? '', body, rules);
    if (before !== undefined) {
      rules.clear();
      for (const [id, rule] of before) rules.set(id, rule);
    }
    if (fault?.kind === 'drop-after') {
      request.socket.destroy();
      return;
    }
    const delay = (fault?.kind === 'slow' ? fault.ms : 0) + (this.options.latencyMs ?? 0);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    // A client that gave up waiting gets no answer; the work is done all the same.
    if (response.destroyed || request.socket.destroyed) return;
    reply(status, answer);
  }

  private authorized(header: string | undefined): boolean {
    const { apiKey, username, password } = this.options;
    if (apiKey !== undefined && header === `ApiKey ${apiKey}`) return true;
    if (username !== undefined && header === `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`) return true;
    return false;
  }

  private route(method: string, route: string, query: URLSearchParams, contentType: string, body: Buffer | undefined, rules: Map<string, Json>): [number, unknown] {
    if (body === undefined) {
      const limit = this.options.maxImportBytes ?? 10 * 1024 * 1024;
      return [413, { statusCode: 413, error: 'Request Entity Too Large', message: `Payload content length greater than maximum allowed: ${limit}` }];
    }
    const json = (): Json | undefined => {
      try {
        return JSON.parse(body.toString('utf8')) as Json;
      } catch {
        return undefined;
      }
    };
    switch (`${method} ${route}`) {
      case `GET ${RULES}`: {
        const rule = byRuleId(rules, query.get('rule_id') ?? '');
        return rule ? [200, rule] : notFound(query.get('rule_id') ?? '');
      }
      case `POST ${RULES}`:
        return this.create(json(), rules);
      case `PUT ${RULES}`:
        return this.replace(json(), rules);
      case `DELETE ${RULES}`: {
        const ruleId = query.get('rule_id') ?? '';
        const rule = byRuleId(rules, ruleId);
        if (!rule) return notFound(ruleId);
        rules.delete(rule.id as string);
        return [200, rule];
      }
      case `GET ${RULES}/_find`:
        return find(query, rules);
      case `POST ${RULES}/_bulk_action`:
        return bulkAction(json(), rules, this.options.bulkNotFound ?? 'error');
      case `POST ${RULES}/_import`:
        return this.import(query, contentType, body, rules);
      case `POST ${RULES}/_export`:
        return exportRules(json(), query, rules);
      default:
        return [404, { statusCode: 404, error: 'Not Found', message: 'Not Found' }];
    }
  }

  private createdAt(): string {
    this.lastCreated = Math.max(Date.now(), this.lastCreated + 1);
    return new Date(this.lastCreated).toISOString();
  }

  /**
   * A payload → the rule Kibana stores and returns: defaults filled, response fields added.
   * An update keeps `enabled` and `version` when the request leaves them out
   * (RM/logic/detection_rules_client/mergers/apply_rule_update.ts), and bumps `revision` only
   * when the rule's parameters change (the alerting framework's revision rule). A rule imported
   * under a prebuilt rule's rule_id is stored as an Elastic rule, customised
   * (RM/logic/import/..., rule_source "external"); created any other way it is a custom rule.
   */
  private store(payload: Json, existing: Json | undefined, how: 'create' | 'update' | 'import'): Json {
    const now = new Date().toISOString();
    const requiredFields = Array.isArray(payload.required_fields)
      ? (payload.required_fields as Json[]).map((field) => ({ ...field, ecs: /^(event|host|process|user|source|destination)\./.test(String(field.name)) }))
      : [];
    const languageDefault = payload.type === 'eql' || payload.type === 'esql' || payload.type === 'machine_learning' ? {} : { language: 'kuery' };
    const kept = existing === undefined ? {} : { enabled: payload.enabled ?? existing.enabled, version: payload.version ?? existing.version };
    const ruleId = (payload.rule_id as string | undefined) ?? randomUUID();
    const prebuilt = how === 'import' && (this.options.prebuiltRuleIds ?? []).includes(ruleId);
    const stored: Json = {
      ...STORED_DEFAULTS,
      ...languageDefault,
      ...payload,
      ...kept,
      required_fields: requiredFields,
      rule_id: ruleId,
      id: (existing?.id as string | undefined) ?? randomUUID(),
      created_at: existing?.created_at ?? this.createdAt(),
      created_by: 'stand-in',
      updated_at: now,
      updated_by: 'stand-in',
      revision: 0,
      immutable: prebuilt || (existing?.immutable === true && how !== 'create'),
      rule_source: prebuilt ? { type: 'external', is_customized: true } : (existing?.rule_source ?? { type: 'internal' }),
    };
    if (existing !== undefined) stored.revision = sameParameters(existing, stored) ? existing.revision : (existing.revision as number) + 1;
    return stored;
  }

  /** Why Kibana refuses the payload: its request schema, or (refuseRule) a check after it. */
  private invalid(payload: Json | undefined): { schema: boolean; message: string } | undefined {
    if (payload === undefined) return { schema: true, message: 'Invalid request payload JSON format' };
    if (this.validate(payload)) {
      const refusal = this.refusals.get(String(payload.rule_id));
      return refusal === undefined ? undefined : { schema: refusal.stage === 'schema', message: refusal.message };
    }
    const error = this.validate.errors?.[0];
    const field = error?.instancePath.split('/').slice(1).join('.') || error?.params.additionalProperty || '(body)';
    return { schema: true, message: `[request body]: ${field}: ${error?.message ?? 'invalid'}` };
  }

  private create(payload: Json | undefined, rules: Map<string, Json>): [number, unknown] {
    const problem = this.invalid(payload);
    if (problem !== undefined || payload === undefined) return [400, { status_code: 400, message: problem?.message }];
    const ruleId = payload.rule_id as string | undefined;
    if (ruleId !== undefined && byRuleId(rules, ruleId)) return [409, { status_code: 409, message: `rule_id: "${ruleId}" already exists` }];
    const stored = this.store(payload, undefined, 'create');
    rules.set(stored.id as string, stored);
    return [200, stored];
  }

  private replace(payload: Json | undefined, rules: Map<string, Json>): [number, unknown] {
    const problem = this.invalid(payload);
    if (problem !== undefined || payload === undefined) return [400, { status_code: 400, message: problem?.message }];
    const ruleId = String(payload.rule_id);
    const existing = byRuleId(rules, ruleId);
    if (!existing) return notFound(ruleId);
    const stored = this.store(payload, existing, 'update');
    rules.set(stored.id as string, stored);
    return [200, stored];
  }

  private import(query: URLSearchParams, contentType: string, body: Buffer, rules: Map<string, Json>): [number, unknown] {
    const file = multipartFile(contentType, body);
    if (file === undefined) return [400, { statusCode: 400, error: 'Bad Request', message: '[request body.file]: expected value of type [Stream]' }];
    if (!file.filename.endsWith('.ndjson')) {
      return [400, { statusCode: 400, error: 'Bad Request', message: `Invalid file extension ${path.extname(file.filename)}` }];
    }
    const lines = file.content.split('\n').filter((line) => line.trim() !== '');
    const maxObjects = this.options.maxImportObjects ?? 10_000;
    // The limit refuses a file of maxObjects rules or more (RM/logic/import/create_rules_stream_from_ndjson.ts, createLimitStream).
    if (lines.length >= maxObjects) return [500, { status_code: 500, message: `Can't import more than ${maxObjects} rules` }];
    const overwrite = query.get('overwrite') === 'true';
    const errors: Json[] = [];
    let success = 0;
    for (const line of lines) {
      let payload: Json | undefined;
      try {
        payload = JSON.parse(line) as Json;
      } catch {
        errors.push({ rule_id: '(unknown id)', error: { status_code: 400, message: 'Unexpected token in JSON' } });
        continue;
      }
      const ruleId = String(payload.rule_id);
      const problem = this.invalid(payload);
      if (problem !== undefined) {
        // A rule failing the schema is reported before its rule_id is read: "(unknown id)"
        // (createBulkErrorObject without a rule id, RM/api/rules/import_rules/route.ts).
        errors.push({ rule_id: problem.schema ? '(unknown id)' : ruleId, error: { status_code: this.refusals.get(ruleId)?.status ?? 400, message: problem.message } });
        continue;
      }
      const existing = byRuleId(rules, ruleId);
      if (existing && !overwrite) {
        errors.push({ rule_id: ruleId, error: { status_code: 409, message: `rule_id: "${ruleId}" already exists` } });
        continue;
      }
      const stored = this.store(payload, existing, existing ? 'update' : 'import');
      if (existing && (this.options.prebuiltRuleIds ?? []).includes(ruleId)) Object.assign(stored, { immutable: true, rule_source: { type: 'external', is_customized: true } });
      rules.set(stored.id as string, stored);
      success += 1;
    }
    return [
      200,
      {
        success: errors.length === 0,
        success_count: success,
        rules_count: lines.length,
        errors,
        exceptions_success: true,
        exceptions_success_count: 0,
        exceptions_errors: [],
        action_connectors_success: true,
        action_connectors_success_count: 0,
        action_connectors_errors: [],
        action_connectors_warnings: [],
      },
    ];
  }
}

function byRuleId(rules: Map<string, Json>, ruleId: string): Json | undefined {
  for (const rule of rules.values()) if (rule.rule_id === ruleId) return rule;
  return undefined;
}

function notFound(ruleId: string): [number, unknown] {
  return [404, { status_code: 404, message: `rule_id: "${ruleId}" not found` }];
}

/**
 * `_find` with the KQL this tool sends: `alert.attributes.tags:"<tag>"` and
 * `alert.attributes.createdAt >= "<date>"`, each in parentheses, joined by AND; sorted by
 * created_at. A page past Elasticsearch's result window fails as Kibana passes on Elasticsearch's
 * error (RM/api/rules/find_rules/route.ts: transformError keeps its status).
 */
function find(query: URLSearchParams, rules: Map<string, Json>): [number, unknown] {
  const page = Number(query.get('page') ?? 1);
  const perPage = Number(query.get('per_page') ?? 20);
  if (page * perPage > RESULT_WINDOW) {
    return [400, { status_code: 400, message: `all shards failed: search_phase_execution_exception: Result window is too large, from + size must be less than or equal to: [${RESULT_WINDOW}] but was [${page * perPage}]. See the scroll api for a more efficient way to request large data sets.` }];
  }
  let data = [...rules.values()];
  const filter = query.get('filter');
  for (const clause of filter ? filter.split(' AND ').map((part) => part.replace(/^\((.*)\)$/, '$1')) : []) {
    const unquote = (text: string): string => text.replace(/\\(.)/g, '$1');
    const tag = /^alert\.attributes\.tags:"(.*)"$/.exec(clause);
    const createdFrom = /^alert\.attributes\.createdAt >= "(.*)"$/.exec(clause);
    if (tag) data = data.filter((rule) => (rule.tags as string[]).includes(unquote(tag[1] as string)));
    else if (createdFrom) data = data.filter((rule) => String(rule.created_at) >= unquote(createdFrom[1] as string));
    else return [400, { statusCode: 400, error: 'Bad Request', message: `the stand-in does not understand the filter ${filter}` }];
  }
  if (query.get('sort_field') === 'created_at') {
    const direction = query.get('sort_order') === 'desc' ? -1 : 1;
    data.sort((a, b) => direction * String(a.created_at).localeCompare(String(b.created_at)));
  }
  return [200, { page, perPage, total: data.length, data: data.slice((page - 1) * perPage, page * perPage) }];
}

/** Kibana's cap on ids per bulk action (RULES_TABLE_MAX_PAGE_SIZE; RM/api/rules/bulk_actions/route.ts). */
const BULK_MAX_IDS = 100;

/**
 * `_bulk_action` by ids, answered as RM/api/rules/bulk_actions/bulk_actions_response.ts builds
 * it. A missing id is an error "Rule not found" with status 500 (fetch_rules_by_query_or_ids.ts),
 * or with `bulkNotFound: 'skip'` a skip with reason RULE_NOT_FOUND as newer versions answer.
 */
function bulkAction(body: Json | undefined, rules: Map<string, Json>, notFoundAs: 'error' | 'skip'): [number, unknown] {
  const ids = (body?.ids as string[] | undefined) ?? [];
  if (body?.action !== 'delete' && body?.action !== 'enable' && body?.action !== 'disable') {
    return [400, { statusCode: 400, error: 'Bad Request', message: '[request body]: action: Invalid discriminator value' }];
  }
  if (ids.length > BULK_MAX_IDS) return [400, { status_code: 400, message: `More than ${BULK_MAX_IDS} ids sent for bulk edit action.` }];
  const done: Json[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const rule = rules.get(id);
    if (!rule) {
      missing.push(id);
    } else if (body.action === 'delete') {
      rules.delete(id);
      done.push(rule);
    } else {
      rule.enabled = body.action === 'enable';
      done.push(rule);
    }
  }
  const skipped = notFoundAs === 'skip' ? missing.map((id) => ({ id, skip_reason: 'RULE_NOT_FOUND' })) : [];
  const failed = notFoundAs === 'error' ? missing : [];
  const results = { updated: body.action === 'delete' ? [] : done, created: [], deleted: body.action === 'delete' ? done : [], skipped };
  const summary = { failed: failed.length, succeeded: done.length, skipped: skipped.length, total: done.length + failed.length + skipped.length };
  if (failed.length === 0) return [200, { success: true, rules_count: summary.total, attributes: { results, summary } }];
  return [
    500,
    {
      message: done.length > 0 ? 'Bulk edit partially failed' : 'Bulk edit failed',
      status_code: 500,
      attributes: { errors: [{ message: 'Rule not found', status_code: 500, rules: failed.map((id) => ({ id })) }], results, summary },
    },
  ];
}

function exportRules(body: Json | undefined, query: URLSearchParams, rules: Map<string, Json>): [number, unknown] {
  const wanted = (body?.objects as { rule_id: string }[] | undefined)?.map((object) => object.rule_id);
  const found = wanted === undefined ? [...rules.values()] : wanted.flatMap((id) => { const rule = byRuleId(rules, id); return rule ? [rule] : []; });
  const missing = wanted === undefined ? [] : wanted.filter((id) => !byRuleId(rules, id));
  const lines = found.map((rule) => JSON.stringify(rule));
  if (query.get('exclude_export_details') !== 'true') {
    lines.push(JSON.stringify({ exported_count: found.length, exported_rules_count: found.length, missing_rules: missing.map((rule_id) => ({ rule_id })), missing_rules_count: missing.length }));
  }
  return [200, `${lines.join('\n')}\n`];
}

function readBody(request: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    request.on('error', () => resolve(undefined));
  });
}

function multipartFile(contentType: string, body: Buffer): { filename: string; content: string } | undefined {
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  if (boundary === undefined) return undefined;
  for (const part of body.toString('utf8').split(`--${boundary}`)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) continue;
    const headers = part.slice(0, headerEnd);
    const field = /name="([^"]*)"/.exec(headers)?.[1];
    const filename = /filename="([^"]*)"/.exec(headers)?.[1];
    if (field === 'file' && filename !== undefined) return { filename, content: part.slice(headerEnd + 4).replace(/\r\n$/, '') };
  }
  return undefined;
}
