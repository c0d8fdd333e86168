// HTTP to Kibana with Node's own http/https modules: they take a CA and `rejectUnauthorized`
// per request without a dependency (fetch would need undici's Agent for that). Every request
// has a deadline; refused and failed requests are retried with exponential backoff and full
// jitter, honouring Retry-After; a request that is not safe to repeat is repeated only after
// `recheck` has asked Kibana whether the first one took effect, or is handed back to the caller
// as an OutcomeUnknownError. Answers are read as a stream up to a cap, and every credential is
// taken out of their text before anything else sees it (a 401 page may echo the header).
import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KibanaConnection } from './connection.js';

export const API_VERSION = '2023-10-31';
/** Longest Retry-After we wait for; beyond it the request fails with Kibana's answer. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;
/** Largest answer read by default: a `_find` page of 500 rules is a few MB. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface KibanaResponse {
  readonly status: number;
  /** Parsed JSON when Kibana answered JSON, otherwise the text. */
  readonly body: unknown;
  readonly text: string;
  /** The Content-Type header, '' when there was none. */
  readonly contentType: string;
}

export interface KibanaRequest {
  readonly method: HttpMethod;
  /** Path under the space, e.g. "/api/detection_engine/rules/_find". */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly json?: unknown;
  readonly body?: { readonly contentType: string; readonly data: Buffer };
  /** True when sending it twice leaves Kibana as sending it once. */
  readonly idempotent: boolean;
  /**
   * For a request that is not idempotent and whose outcome is unknown (connection lost, 502,
   * 504, timeout): asks Kibana whether it took effect. A response means it did and stands for
   * the lost one; `undefined` means it did not, and the request is sent again.
   */
  readonly recheck?: () => Promise<KibanaResponse | undefined>;
  /** Answers longer than this stop the request (default MAX_RESPONSE_BYTES). */
  readonly maxResponseBytes?: number;
}

/** Kibana could not be reached, its answer was lost and could not be recovered, or its answers did not add up. */
export class KibanaUnavailableError extends Error {}

/**
 * A write that is not safe to resend, without a `recheck`, was sent and its answer lost (502,
 * 504, timeout, connection reset): Kibana may have done it. The caller reads back and decides.
 */
export class OutcomeUnknownError extends KibanaUnavailableError {}

export interface ClientStatistics {
  requests: number;
  retries: number;
}

type Attempt =
  | { readonly kind: 'response'; readonly response: KibanaResponse; readonly retryAfterMs?: number }
  | { readonly kind: 'failure'; readonly reason: string; readonly sent: boolean; readonly permanent: boolean };

const REFUSED_STATUSES = new Set([429, 503]);
const LOST_STATUSES = new Set([502, 504]);

export class KibanaClient {
  readonly statistics: ClientStatistics = { requests: 0, retries: 0 };

  constructor(
    readonly connection: KibanaConnection,
    private readonly debug?: (line: string) => void,
  ) {}

  async request(request: KibanaRequest): Promise<KibanaResponse> {
    const { attempts, baseDelayMs, maxDelayMs } = this.connection.retry;
    let last = '';
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.send(request);
      const retryable = this.retryable(request, outcome);
      if (retryable === 'no') {
        if (outcome.kind === 'response') return outcome.response;
        throw new KibanaUnavailableError(`${request.method} ${request.path}: ${outcome.reason}`);
      }
      if (retryable === 'unknown') {
        const what = outcome.kind === 'response' ? `HTTP ${outcome.response.status}` : outcome.reason;
        throw new OutcomeUnknownError(`${request.method} ${request.path}: ${what}; it may or may not have taken effect`);
      }
      last = outcome.kind === 'response' ? `HTTP ${outcome.response.status}` : outcome.reason;
      if (retryable === 'recheck' && request.recheck !== undefined) {
        const settled = await request.recheck();
        if (settled !== undefined) return settled;
      }
      if (attempt >= attempts) {
        if (outcome.kind === 'response') return outcome.response;
        throw new KibanaUnavailableError(`${request.method} ${request.path}: ${last} (gave up after ${attempts} attempts)`);
      }
      const backoff = Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      const retryAfter = outcome.kind === 'response' ? outcome.retryAfterMs : undefined;
      // Asked to wait longer than we will block for: stop with Kibana's answer.
      if (outcome.kind === 'response' && retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_MS) return outcome.response;
      const delay = Math.max(retryAfter ?? 0, backoff);
      this.statistics.retries += 1;
      this.debug?.(`retry ${request.method} ${request.path} in ${Math.round(delay)} ms after ${last}`);
      await sleep(delay);
    }
  }

  /**
   * 'yes' to send again, 'recheck' when it may have taken effect, 'unknown' when it may have and
   * only the caller can find out, 'no' to stop here.
   */
  private retryable(request: KibanaRequest, outcome: Attempt): 'yes' | 'recheck' | 'unknown' | 'no' {
    if (outcome.kind === 'response') {
      if (REFUSED_STATUSES.has(outcome.response.status)) return 'yes';
      if (LOST_STATUSES.has(outcome.response.status)) return request.idempotent ? 'yes' : request.recheck ? 'recheck' : 'unknown';
      return 'no';
    }
    if (outcome.permanent) return 'no';
    if (!outcome.sent || request.idempotent) return 'yes';
    return request.recheck ? 'recheck' : 'unknown';
  }

  private url(request: KibanaRequest): URL {
    const { url, space } = this.connection;
    const base = url.pathname.replace(/\/+$/, '');
    const spacePrefix = space === 'default' ? '' : `/s/${encodeURIComponent(space)}`;
    const target = new URL(`${base}${spacePrefix}${request.path}`, url);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) target.searchParams.set(key, String(value));
    }
    return target;
  }

  private send(request: KibanaRequest): Promise<Attempt> {
    const target = this.url(request);
    const { connection } = this;
    const payload =
      request.body?.data ?? (request.json === undefined ? undefined : Buffer.from(JSON.stringify(request.json), 'utf8'));
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: connection.authorization.reveal(),
      'elastic-api-version': API_VERSION,
    };
    if (request.method !== 'GET') headers['kbn-xsrf'] = 'true';
    if (payload !== undefined) {
      headers['content-type'] = request.body?.contentType ?? 'application/json';
      headers['content-length'] = String(payload.length);
    }
    const transport = target.protocol === 'https:' ? https : http;
    const started = Date.now();
    this.statistics.requests += 1;
    const limit = request.maxResponseBytes ?? MAX_RESPONSE_BYTES;
    return new Promise<Attempt>((resolve) => {
      let connected = false;
      let settled = false;
      const finish = (attempt: Attempt): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        const what = attempt.kind === 'response' ? `HTTP ${attempt.response.status}` : attempt.reason;
        this.debug?.(`${request.method} ${target.pathname}${target.search} → ${what} in ${Date.now() - started} ms`);
        resolve(attempt);
      };
      const tooLarge = (): void => {
        finish({ kind: 'failure', reason: `the answer is larger than ${limit} bytes, the most this tool reads from this endpoint; stopped reading`, sent: true, permanent: true });
        outgoing.destroy();
      };
      const outgoing = transport.request(
        target,
        {
          method: request.method,
          headers,
          ...(target.protocol === 'https:' ? { rejectUnauthorized: !connection.insecure, ...(connection.ca ? { ca: connection.ca } : {}) } : {}),
        },
        (incoming) => {
          if (Number(incoming.headers['content-length'] ?? 0) > limit) return tooLarge();
          const chunks: Buffer[] = [];
          let size = 0;
          incoming.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > limit) return tooLarge();
            chunks.push(chunk);
          });
          incoming.on('error', () => finish({ kind: 'failure', reason: 'connection lost while reading the answer', sent: true, permanent: false }));
          incoming.on('aborted', () => finish({ kind: 'failure', reason: 'connection lost while reading the answer', sent: true, permanent: false }));
          incoming.on('end', () => {
            if (settled) return;
            // Credentials out first: nothing downstream sees a server's echo of them.
            const text = connection.authorization.redactIn(Buffer.concat(chunks).toString('utf8'));
            const status = incoming.statusCode ?? 0;
            const contentType = String(incoming.headers['content-type'] ?? '');
            finish({ kind: 'response', response: { status, text, body: parseBody(text), contentType }, ...retryAfter(incoming.headers['retry-after']) });
          });
        },
      );
      const deadline = setTimeout(() => {
        finish({ kind: 'failure', reason: `no complete answer within ${connection.timeoutMs} ms`, sent: connected, permanent: false });
        outgoing.destroy();
      }, connection.timeoutMs);
      outgoing.on('socket', (socket) => {
        // A kept-alive socket is already connected: a 'connect' listener on it would never fire
        // and would pile up, one per request.
        if (!socket.connecting) {
          connected = true;
          return;
        }
        socket.once(target.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
          connected = true;
        });
      });
      outgoing.on('error', (error: NodeJS.ErrnoException) => finish(describeFailure(error, connected)));
      outgoing.end(payload);
    });
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function retryAfter(header: string | string[] | undefined): { retryAfterMs?: number } {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return {};
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return { retryAfterMs: Math.max(0, seconds * 1000) };
  const date = Date.parse(value);
  return Number.isNaN(date) ? {} : { retryAfterMs: Math.max(0, date - Date.now()) };
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME/;

function describeFailure(error: NodeJS.ErrnoException, connected: boolean): Attempt {
  const code = error.code ?? 'error';
  if (TLS_CODES.test(code)) {
    return {
      kind: 'failure',
      reason: `TLS verification failed (${code}): set KIBANA_CA_CERT to the PEM of Kibana's CA, or pass --insecure to skip verification`,
      sent: false,
      permanent: true,
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_FAIL') {
    return { kind: 'failure', reason: `host not found (${code}): check KIBANA_URL`, sent: false, permanent: true };
  }
  if (code === 'ECONNREFUSED') return { kind: 'failure', reason: 'connection refused (ECONNREFUSED)', sent: false, permanent: false };
  return { kind: 'failure', reason: `connection lost (${code})`, sent: connected, permanent: false };
}
