// Where the Elasticsearch cluster is and how to reach it, from the environment: ES_URL, then
// ES_API_KEY or ES_USERNAME/ES_PASSWORD, and ES_CA_CERT for a private CA.
import { readFileSync } from 'node:fs';
import { Secret } from '../../kibana/secret.js';
import { EnvironmentError } from './errors.js';

export type ElasticsearchAuth =
  | { readonly apiKey: Secret }
  | { readonly username: string; readonly password: Secret };

export interface ElasticsearchConnection {
  readonly url: URL;
  /** Absent for a cluster without security (a throwaway container). */
  readonly auth: ElasticsearchAuth | undefined;
  /** PEM of the CA that signed the cluster's certificate (ES_CA_CERT). */
  readonly caCert: Buffer | undefined;
}

/**
 * The connection the environment describes, or `undefined` when no URL is given (`url`, else
 * ES_URL). Throws an EnvironmentError when the settings are present but unusable.
 */
export function elasticsearchConnectionFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  url: string | undefined = env.ES_URL,
): ElasticsearchConnection | undefined {
  if (url === undefined || url === '') return undefined;
  return { url: parseUrl(url), auth: authFrom(env), caCert: env.ES_CA_CERT ? readCa(env.ES_CA_CERT) : undefined };
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EnvironmentError(`ES_URL is not a URL: "${raw}"; set it to the cluster's address, e.g. https://localhost:9200`);
  }
  if (url.username !== '' || url.password !== '') {
    // Credentials in a URL end up in logs and error messages; refuse them without echoing them.
    throw new EnvironmentError('ES_URL must not hold credentials: use ES_API_KEY or ES_USERNAME/ES_PASSWORD');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new EnvironmentError(`ES_URL must start with https:// or http://; got "${url.protocol}"`);
  }
  return url;
}

function authFrom(env: NodeJS.ProcessEnv): ElasticsearchAuth | undefined {
  if (env.ES_API_KEY) return { apiKey: new Secret(env.ES_API_KEY) };
  const username = env.ES_USERNAME;
  const password = env.ES_PASSWORD;
  if (username && password) return { username, password: new Secret(password) };
  if (username || password) {
    throw new EnvironmentError('ES_USERNAME and ES_PASSWORD go together: set both, or set ES_API_KEY instead');
  }
  return undefined;
}

function readCa(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new EnvironmentError(`ES_CA_CERT: cannot read "${file}" (${code}): point it at the PEM file of the cluster's CA`);
  }
}

/** The secret values of a connection, to scrub from any message that could echo them. */
export function secretsOf(connection: ElasticsearchConnection): string[] {
  const auth = connection.auth;
  if (auth === undefined) return [];
  if ('apiKey' in auth) return [auth.apiKey.reveal()];
  return [auth.password.reveal(), Buffer.from(`${auth.username}:${auth.password.reveal()}`).toString('base64')];
}
