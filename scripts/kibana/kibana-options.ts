// The connection options every Kibana command shares, and turning them into a client.
import type { Command } from 'commander';
import { wholeNumber } from '../report/command-line.js';
import { ConnectionSettingsError, connectionFromEnvironment, DEFAULT_RETRY, DEFAULT_TIMEOUT_MS } from './connection.js';
import { KibanaClient, KibanaUnavailableError } from './kibana-client.js';
import { KibanaApiError } from './rules-api.js';
import { DEFAULT_OWNER } from './managed-mark.js';
import { printable } from './server-text.js';

export interface KibanaCommandOptions {
  space?: string;
  insecure?: boolean;
  timeout: string;
  retries: string;
  backoff: string;
  owner: string;
  debug?: boolean;
}

export function withKibanaOptions(program: Command): Command {
  return program
    .option('--space <id>', 'Kibana space (default: KIBANA_SPACE or "default")')
    .option('--owner <name>', 'owner named in the managed tag "Managed: <owner>"', DEFAULT_OWNER)
    .option('--insecure', 'do not verify Kibana\'s TLS certificate (never the default)')
    .option('--timeout <ms>', 'deadline of each request, in milliseconds', String(DEFAULT_TIMEOUT_MS))
    .option('--retries <n>', 'attempts per request, the first included', String(DEFAULT_RETRY.attempts))
    .option('--backoff <ms>', 'first retry delay in milliseconds; doubles each time, with jitter', String(DEFAULT_RETRY.baseDelayMs))
    .option('--debug', 'log every request (method, path, status, time; never credentials) to stderr');
}

/**
 * Reads KIBANA_* from the environment; throws ConnectionSettingsError when they do not make a
 * connection. A 0 ms timeout or no attempts at all would fail every request, hence the minimum 1.
 */
export function kibanaClient(options: KibanaCommandOptions): KibanaClient {
  const connection = connectionFromEnvironment(process.env, {
    ...(options.space === undefined ? {} : { space: options.space }),
    insecure: options.insecure === true,
    timeoutMs: wholeNumber('timeout', options.timeout, 1),
    retry: {
      attempts: wholeNumber('retries', options.retries, 1),
      baseDelayMs: wholeNumber('backoff', options.backoff),
      maxDelayMs: DEFAULT_RETRY.maxDelayMs,
    },
  });
  return new KibanaClient(connection, options.debug ? (line) => process.stderr.write(`debug: ${line}\n`) : undefined);
}

/**
 * Writes a connection or Kibana error that stopped `command` (no stack: each is the user's or
 * Kibana's to fix) and returns exit code 2; rethrows anything else.
 */
export function stoppedByKibana(command: string, error: unknown): number {
  if (!(error instanceof ConnectionSettingsError || error instanceof KibanaUnavailableError || error instanceof KibanaApiError)) throw error;
  process.stderr.write(`${command}: ${printable(error.message)}\n`);
  if (error instanceof KibanaApiError && (error.status === 401 || error.status === 403)) {
    process.stderr.write(`${command}: check KIBANA_API_KEY (or KIBANA_USERNAME/KIBANA_PASSWORD) and that it may manage rules in this space\n`);
  }
  return 2;
}
