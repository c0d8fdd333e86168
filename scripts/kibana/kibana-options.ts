// The connection options every Kibana command shares, and turning them into a client.
import type { Command } from 'commander';
import { UsageError } from '../report/command-line.js';
import { connectionFromEnvironment, DEFAULT_RETRY, DEFAULT_TIMEOUT_MS } from './connection.js';
import { KibanaClient } from './kibana-client.js';
import { DEFAULT_OWNER } from './managed-mark.js';

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

export function wholeNumber(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new UsageError(`--${name} must be a whole number; got "${value}"`);
  return number;
}

/** Reads KIBANA_* from the environment; throws ConnectionSettingsError when they do not make a connection. */
export function kibanaClient(options: KibanaCommandOptions): KibanaClient {
  const connection = connectionFromEnvironment(process.env, {
    ...(options.space === undefined ? {} : { space: options.space }),
    insecure: options.insecure === true,
    timeoutMs: wholeNumber('timeout', options.timeout),
    retry: {
      attempts: Math.max(1, wholeNumber('retries', options.retries)),
      baseDelayMs: wholeNumber('backoff', options.backoff),
      maxDelayMs: DEFAULT_RETRY.maxDelayMs,
    },
  });
  return new KibanaClient(connection, options.debug ? (line) => process.stderr.write(`debug: ${line}\n`) : undefined);
}
