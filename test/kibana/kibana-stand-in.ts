// A stand-in for Kibana's Detection Engine API on 127.0.0.1: real HTTP, the real endpoints and
// their answers as Kibana gives them (both error shapes, 409 on duplicate create, per-rule
// errors inside a 200 import, HTTP 500 with partial results on bulk actions), with checks of
// auth, kbn-xsrf and the space prefix, request bodies validated against the payload schema,
// and faults to inject: 429 with Retry-After, 503, dropped connections, slow answers.
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
  | { readonly kind: 'slow'; readonly ms: number };

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
  enabled: true,
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

export class KibanaStandIn {
  readonly requests: LoggedRequest[] = [];
  /** TCP connections accepted, answered or not. */
  connections = 0;
  private readonly faults: FaultRule[] = [];
  private readonly refusals = new Map<string, { status: number; message: string }>();
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
    const stored = this.store(rule, undefined);
    this.spaces.get(space)?.set(stored.rule_id as string, stored);
    return stored;
  }

  injectFault(rule: Omit<FaultRule, 'remaining'>, times = 1): void {
    this.faults.push({ ...rule, remaining: times });
  }

  /** Makes Kibana refuse to write this rule, the way it refuses a rule it cannot run. */
  refuseRule(ruleId: string, status: number, message: string): void {
    this.refusals.set(ruleId, { status, message });
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
    const [status, answer] = this.route(method, route, url.searchParams, request.headers['content-type'] ?? '', body, rules);
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
        const rule = rules.get(query.get('rule_id') ?? '');
        return rule ? [200, rule] : notFound(query.get('rule_id') ?? '');
      }
      case `POST ${RULES}`:
        return this.create(json(), rules);
      case `PUT ${RULES}`:
        return this.replace(json(), rules);
      case `DELETE ${RULES}`: {
        const ruleId = query.get('rule_id') ?? '';
        const rule = rules.get(ruleId);
        if (!rule) return notFound(ruleId);
        rules.delete(ruleId);
        return [200, rule];
      }
      case `GET ${RULES}/_find`:
        return find(query, rules);
      case `POST ${RULES}/_bulk_action`:
        return bulkAction(json(), rules);
      case `POST ${RULES}/_import`:
        return this.import(query, contentType, body, rules);
      case `POST ${RULES}/_export`:
        return exportRules(json(), query, rules);
      default:
        return [404, { statusCode: 404, error: 'Not Found', message: 'Not Found' }];
    }
  }

  /** A payload → the rule Kibana stores and returns: defaults filled, response fields added. */
  private store(payload: Json, existing: Json | undefined): Json {
    const now = new Date().toISOString();
    const requiredFields = Array.isArray(payload.required_fields)
      ? (payload.required_fields as Json[]).map((field) => ({ ...field, ecs: /^(event|host|process|user|source|destination)\./.test(String(field.name)) }))
      : [];
    const languageDefault = payload.type === 'eql' || payload.type === 'esql' || payload.type === 'machine_learning' ? {} : { language: 'kuery' };
    return {
      ...STORED_DEFAULTS,
      ...languageDefault,
      ...payload,
      required_fields: requiredFields,
      rule_id: (payload.rule_id as string | undefined) ?? randomUUID(),
      id: (existing?.id as string | undefined) ?? randomUUID(),
      created_at: existing?.created_at ?? now,
      created_by: 'stand-in',
      updated_at: now,
      updated_by: 'stand-in',
      revision: existing === undefined ? 0 : (existing.revision as number) + 1,
      immutable: false,
      rule_source: { type: 'internal' },
    };
  }

  private invalid(payload: Json | undefined): string | undefined {
    if (payload === undefined) return 'Invalid request payload JSON format';
    if (this.validate(payload)) {
      const refusal = this.refusals.get(String(payload.rule_id));
      return refusal?.message;
    }
    const error = this.validate.errors?.[0];
    const field = error?.instancePath.split('/').slice(1).join('.') || error?.params.additionalProperty || '(body)';
    return `[request body]: ${field}: ${error?.message ?? 'invalid'}`;
  }

  private create(payload: Json | undefined, rules: Map<string, Json>): [number, unknown] {
    const problem = this.invalid(payload);
    if (problem !== undefined || payload === undefined) return [400, { status_code: 400, message: problem }];
    const ruleId = payload.rule_id as string | undefined;
    if (ruleId !== undefined && rules.has(ruleId)) return [409, { status_code: 409, message: `rule_id: "${ruleId}" already exists` }];
    const stored = this.store(payload, undefined);
    rules.set(stored.rule_id as string, stored);
    return [200, stored];
  }

  private replace(payload: Json | undefined, rules: Map<string, Json>): [number, unknown] {
    const problem = this.invalid(payload);
    if (problem !== undefined || payload === undefined) return [400, { status_code: 400, message: problem }];
    const ruleId = String(payload.rule_id);
    const existing = rules.get(ruleId);
    if (!existing) return notFound(ruleId);
    const stored = this.store(payload, existing);
    rules.set(ruleId, stored);
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
    if (lines.length > maxObjects) return [500, { status_code: 500, message: `Can't import more than ${maxObjects} rules` }];
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
        errors.push({ rule_id: ruleId, error: { status_code: this.refusals.get(ruleId)?.status ?? 400, message: problem } });
        continue;
      }
      const existing = rules.get(ruleId);
      if (existing && !overwrite) {
        errors.push({ rule_id: ruleId, error: { status_code: 409, message: `rule_id: "${ruleId}" already exists` } });
        continue;
      }
      rules.set(ruleId, this.store(payload, existing));
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

function notFound(ruleId: string): [number, unknown] {
  return [404, { status_code: 404, message: `rule_id: "${ruleId}" not found` }];
}

/** `_find` with the one KQL form this tool uses: `alert.attributes.tags:"<tag>"`. */
function find(query: URLSearchParams, rules: Map<string, Json>): [number, unknown] {
  const page = Number(query.get('page') ?? 1);
  const perPage = Number(query.get('per_page') ?? 20);
  if (page * perPage > 10_000) return [400, { statusCode: 400, error: 'Bad Request', message: 'page * perPage must be <= 10000' }];
  let data = [...rules.values()];
  const filter = query.get('filter');
  if (filter) {
    const tag = /^alert\.attributes\.tags:"(.*)"$/.exec(filter);
    if (!tag) return [400, { statusCode: 400, error: 'Bad Request', message: `the stand-in does not understand the filter ${filter}` }];
    data = data.filter((rule) => (rule.tags as string[]).includes(tag[1] as string));
  }
  return [200, { page, perPage, total: data.length, data: data.slice((page - 1) * perPage, page * perPage) }];
}

function bulkAction(body: Json | undefined, rules: Map<string, Json>): [number, unknown] {
  const ids = (body?.ids as string[] | undefined) ?? [];
  if (body?.action !== 'delete' && body?.action !== 'enable' && body?.action !== 'disable') {
    return [400, { statusCode: 400, error: 'Bad Request', message: '[request body]: action: Invalid discriminator value' }];
  }
  const byId = new Map([...rules.values()].map((rule) => [rule.id as string, rule]));
  const done: Json[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const rule = byId.get(id);
    if (!rule) {
      missing.push(id);
    } else if (body.action === 'delete') {
      rules.delete(rule.rule_id as string);
      done.push(rule);
    } else {
      rule.enabled = body.action === 'enable';
      done.push(rule);
    }
  }
  const results = { updated: body.action === 'delete' ? [] : done, created: [], deleted: body.action === 'delete' ? done : [], skipped: [] };
  const summary = { failed: missing.length, succeeded: done.length, skipped: 0, total: ids.length };
  if (missing.length === 0) return [200, { success: true, rules_count: ids.length, attributes: { results, summary } }];
  return [
    500,
    {
      message: 'Bulk edit partially failed',
      status_code: 500,
      attributes: { errors: [{ message: 'Rule not found', status_code: 404, rules: missing.map((id) => ({ id, name: '' })) }], results, summary },
    },
  ];
}

function exportRules(body: Json | undefined, query: URLSearchParams, rules: Map<string, Json>): [number, unknown] {
  const wanted = (body?.objects as { rule_id: string }[] | undefined)?.map((object) => object.rule_id);
  const found = wanted === undefined ? [...rules.values()] : wanted.flatMap((id) => (rules.has(id) ? [rules.get(id) as Json] : []));
  const missing = wanted === undefined ? [] : wanted.filter((id) => !rules.has(id));
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
