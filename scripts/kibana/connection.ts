// Where Kibana is and how to reach it, from the environment and the command line. Every
// problem here is the user's to fix, so it is a ConnectionSettingsError (exit 2), never a stack.
import { readFileSync } from 'node:fs';
import { Secret } from './secret.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** First backoff; each retry doubles it, up to `maxDelayMs`, with full jitter. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface KibanaConnection {
  readonly url: URL;
  /** Kibana space; requests go under `/s/<space>` unless it is "default". */
  readonly space: string;
  readonly authorization: Secret;
  /** PEM of the CA that signed Kibana's certificate (KIBANA_CA_CERT). */
  readonly ca?: Buffer;
  /** Skip TLS verification: only when --insecure is given. */
  readonly insecure: boolean;
  /** Per attempt: the whole exchange, from sending the request to the last byte of the answer. */
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
}

export class ConnectionSettingsError extends Error {}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface ConnectionOptions {
  readonly space?: string;
  readonly insecure?: boolean;
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
}

export function connectionFromEnvironment(env: NodeJS.ProcessEnv, options: ConnectionOptions = {}): KibanaConnection {
  const rawUrl = env.KIBANA_URL;
  if (rawUrl === undefined || rawUrl === '') {
    throw new ConnectionSettingsError('KIBANA_URL is not set: set it to Kibana\'s address, e.g. https://kibana.example.com:5601');
  }
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    // Not echoed: a malformed URL may still hold a password.
    throw new ConnectionSettingsError('KIBANA_URL is not a URL: write it as https://host:port, with a base path if Kibana has one');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConnectionSettingsError(`KIBANA_URL must start with https:// or http://; got "${url.protocol}"`);
  }
  if (url.username !== '' || url.password !== '') {
    // Credentials in a URL end up in logs; refuse them rather than print them back.
    throw new ConnectionSettingsError('KIBANA_URL must not hold credentials: use KIBANA_API_KEY or KIBANA_USERNAME/KIBANA_PASSWORD');
  }
  const space = options.space ?? env.KIBANA_SPACE ?? 'default';
  if (!/^[a-z0-9_-]+$/.test(space)) {
    throw new ConnectionSettingsError(`--space must be a Kibana space id (lowercase letters, digits, "_" and "-"); got "${space}"`);
  }
  return {
    url,
    space,
    authorization: authorizationFrom(env),
    ...(env.KIBANA_CA_CERT ? { ca: readCa(env.KIBANA_CA_CERT) } : {}),
    insecure: options.insecure ?? false,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: options.retry ?? DEFAULT_RETRY,
  };
}

/** What Node lets into a header value (its checkInvalidHeaderChar): tab, visible ASCII, Latin-1. */
const HEADER_UNSAFE = /[^\t\x20-\x7e\x80-\xff]/;

/** Names the first character of a credential that no HTTP header can carry, never the credential. */
function headerSafe(name: string, value: string): string {
  const bad = HEADER_UNSAFE.exec(value);
  if (bad === null) return value;
  const code = bad[0].codePointAt(0) ?? 0;
  const label = code === 0x0a ? 'a line feed' : code === 0x0d ? 'a carriage return' : code < 0x20 || code === 0x7f ? 'a control character' : 'a character outside Latin-1';
  throw new ConnectionSettingsError(
    `${name} holds ${label} (U+${code.toString(16).toUpperCase().padStart(4, '0')}) at character ${bad.index + 1}, which an HTTP header cannot carry: copy the encoded key again, without line breaks`,
  );
}

function authorizationFrom(env: NodeJS.ProcessEnv): Secret {
  if (env.KIBANA_API_KEY) return new Secret(`ApiKey ${headerSafe('KIBANA_API_KEY', env.KIBANA_API_KEY)}`);
  if (env.KIBANA_USERNAME && env.KIBANA_PASSWORD) {
    return new Secret(`Basic ${Buffer.from(`${env.KIBANA_USERNAME}:${env.KIBANA_PASSWORD}`).toString('base64')}`);
  }
  throw new ConnectionSettingsError(
    'no Kibana credentials: set KIBANA_API_KEY (the base64 "id:key" Kibana shows when creating the key) or KIBANA_USERNAME and KIBANA_PASSWORD',
  );
}

function readCa(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConnectionSettingsError(`KIBANA_CA_CERT: cannot read "${file}" (${code}): point it at the PEM file of Kibana's CA`);
  }
}
