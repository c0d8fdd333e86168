// Turns what the client throws into one of our two errors, with Elasticsearch's own reason and
// what to do, and with every secret of the connection scrubbed from the text.
import { errors } from '@elastic/elasticsearch';
import { EnvironmentError, ReplayRunError } from './errors.js';

const REDACTED = '[redacted]';
/** Answers from a cluster (or proxy) that cannot serve right now, whatever the request. */
const unavailableStatuses = new Set([502, 503, 504]);

export function redact(text: string, secrets: readonly string[]): string {
  return secrets.filter((secret) => secret !== '').reduce((result, secret) => result.split(secret).join(REDACTED), text);
}

interface ErrorCause {
  type?: unknown;
  reason?: unknown;
  caused_by?: ErrorCause;
}

/** `type: reason`, followed by the nested causes, from an Elasticsearch error body. */
export function elasticsearchReason(body: unknown): string {
  const cause = (body as { error?: unknown } | undefined)?.error;
  if (typeof cause === 'string') return cause;
  if (typeof cause !== 'object' || cause === null) return typeof body === 'string' && body !== '' ? body : 'no reason given';
  const parts: string[] = [];
  for (let current: ErrorCause | undefined = cause as ErrorCause; current !== undefined; current = current.caused_by) {
    const type = typeof current.type === 'string' ? current.type : 'error';
    parts.push(typeof current.reason === 'string' ? `${type}: ${current.reason}` : type);
  }
  return parts.join('; caused by ');
}

/**
 * The error to raise for `error`, thrown while doing `operation` (e.g. "creating index x") on
 * the cluster at `url`. Errors that are not the client's are returned unchanged (our bugs).
 */
export function describeFailure(error: unknown, operation: string, url: string, secrets: readonly string[]): unknown {
  const clean = (text: string): string => redact(text, secrets);
  if (error instanceof EnvironmentError || error instanceof ReplayRunError) return error;
  if (error instanceof errors.ResponseError) {
    const status = error.statusCode ?? 0;
    const reason = clean(elasticsearchReason(error.body));
    if (status === 401) {
      return new EnvironmentError(
        `Elasticsearch at ${url} rejected the credentials while ${operation} (HTTP 401: ${reason}); check ES_API_KEY, or ES_USERNAME and ES_PASSWORD`,
      );
    }
    if (status === 403) {
      return new EnvironmentError(
        `Elasticsearch at ${url} refused ${operation} (HTTP 403: ${reason}); the replay user needs the manage_index_templates cluster privilege and create_index, write, read and delete_index on the rule's index patterns`,
      );
    }
    if (unavailableStatuses.has(status)) {
      return new EnvironmentError(`Elasticsearch at ${url} is unavailable while ${operation} (HTTP ${status}: ${reason}); check the cluster's health and retry`);
    }
    return new ReplayRunError(`Elasticsearch rejected ${operation} (HTTP ${status}): ${reason}`);
  }
  if (error instanceof errors.ProductNotSupportedError) {
    return new EnvironmentError(`${url} did not answer as Elasticsearch while ${operation}; check ES_URL`);
  }
  if (
    error instanceof errors.ConnectionError ||
    error instanceof errors.TimeoutError ||
    error instanceof errors.NoLivingConnectionsError
  ) {
    const message = clean(error.message);
    const advice = /certificate|self[- ]signed|SSL|TLS/i.test(message)
      ? 'the certificate is not trusted: if the cluster uses a private CA, set ES_CA_CERT to its PEM file'
      : 'check ES_URL and that the cluster is running';
    return new EnvironmentError(`cannot reach Elasticsearch at ${url} while ${operation}: ${message}; ${advice}`);
  }
  return error;
}
