// The client on its own, against a bare HTTP server: headers, space prefix, Retry-After as a date, deadlines.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionFromEnvironment } from '../../scripts/kibana/connection.js';
import { KibanaClient, KibanaUnavailableError } from '../../scripts/kibana/kibana-client.js';

type Handler = (request: http.IncomingMessage, response: http.ServerResponse, body: string) => void;
let server: http.Server | undefined;

async function serve(handler: Handler): Promise<string> {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => handler(request, response, body));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/kibana`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

function client(url: string, options: { space?: string; timeoutMs?: number } = {}): KibanaClient {
  return new KibanaClient(
    connectionFromEnvironment(
      { KIBANA_URL: url, KIBANA_USERNAME: 'elastic', KIBANA_PASSWORD: 'pw' },
      { ...options, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } },
    ),
  );
}

describe('KibanaClient', () => {
  it('sends the API version, kbn-xsrf on writes, auth, and the space prefix under the base path', async () => {
    const seen: { url?: string; headers: http.IncomingHttpHeaders }[] = [];
    const url = await serve((request, response) => {
      seen.push({ url: request.url, headers: request.headers });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const kibana = client(url, { space: 'team-a' });
    await kibana.request({ method: 'GET', path: '/api/x', query: { page: 2, filter: undefined }, idempotent: true });
    const answer = await kibana.request({ method: 'POST', path: '/api/y', json: { a: 1 }, idempotent: true });
    expect(answer.body).toEqual({ ok: true });
    expect(seen.map((request) => request.url)).toEqual(['/kibana/s/team-a/api/x?page=2', '/kibana/s/team-a/api/y']);
    expect(seen[0]?.headers['kbn-xsrf']).toBeUndefined();
    expect(seen[1]?.headers['kbn-xsrf']).toBe('true');
    expect(seen.every((request) => request.headers['elastic-api-version'] === '2023-10-31')).toBe(true);
    expect(seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('elastic:pw').toString('base64')}`);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const times: number[] = [];
    const url = await serve((_request, response) => {
      times.push(Date.now());
      if (times.length === 1) response.writeHead(429, { 'retry-after': new Date(Date.now() + 1_500).toUTCString() }).end();
      else response.writeHead(200).end('{}');
    });
    await client(url).request({ method: 'GET', path: '/api/x', idempotent: true });
    // HTTP dates have whole seconds: at least half a second must have passed.
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(500);
  });

  it('does not resend a request that is not idempotent when its answer is lost and there is no way to check', async () => {
    let calls = 0;
    const url = await serve((request) => {
      calls += 1;
      request.socket.destroy();
    });
    await expect(client(url).request({ method: 'POST', path: '/api/x', json: {}, idempotent: false })).rejects.toBeInstanceOf(KibanaUnavailableError);
    expect(calls).toBe(1);
  });

  it('gives every request a deadline', async () => {
    const url = await serve(() => undefined);
    const started = Date.now();
    await expect(client(url, { timeoutMs: 100 }).request({ method: 'GET', path: '/api/x', idempotent: true })).rejects.toThrow(
      /no complete answer within 100 ms \(gave up after 3 attempts\)/,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
