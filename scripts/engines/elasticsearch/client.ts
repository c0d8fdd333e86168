// The Elasticsearch client for a connection. TLS is verified (with ES_CA_CERT when given);
// requests and answers are plain JSON rather than the client's `compatible-with=9` media
// types, which 8.x clusters reject, so one client serves 8.x and 9.x clusters alike.
import { Client, type ClientOptions } from '@elastic/elasticsearch';
import type { ElasticsearchConnection } from './connection.js';

/** Bulk bodies are NDJSON; every other request is JSON (see plainJsonHeaders). */
export const NDJSON_HEADERS = { 'content-type': 'application/x-ndjson' } as const;

const plainJsonHeaders = { accept: 'application/json', 'content-type': 'application/json' };

export function clientOptions(connection: ElasticsearchConnection): ClientOptions {
  const auth = connection.auth;
  return {
    node: connection.url.href,
    ...(auth === undefined
      ? {}
      : { auth: 'apiKey' in auth ? { apiKey: auth.apiKey.reveal() } : { username: auth.username, password: auth.password.reveal() } }),
    tls: { rejectUnauthorized: true, ...(connection.caCert ? { ca: connection.caCert } : {}) },
    headers: plainJsonHeaders,
    maxRetries: 2,
    requestTimeout: 60_000,
    // Keep credentials out of the metadata the client attaches to errors.
    redaction: { type: 'remove' },
  };
}

export function createClient(connection: ElasticsearchConnection): Client {
  return new Client(clientOptions(connection));
}
