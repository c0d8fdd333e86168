// deploy against servers on 127.0.0.1 that misbehave on purpose: not Kibana, broken answers,
// answers that echo the credentials, endless bodies, lying totals, escape sequences. Each ends in
// a plain message with exit 2 (or the command's own outcome), never a stack trace or a leak.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { main as deploy } from '../../scripts/kibana/deploy-command.js';
import { runCommandCaptured, type CommandRun } from '../command-runner.js';
import { SEED_RULE } from './rule-copies.js';

const API_KEY = 'aG9zdGlsZS1pZDpob3N0aWxlLXNlY3JldC12YWx1ZQ==';
const KEY_PART = 'hostile-secret-value';
const FIND = '/api/detection_engine/rules/_find';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function plan(url: string, env: Record<string, string | undefined> = {}, extra: string[] = []): Promise<CommandRun> {
  return runCommandCaptured(deploy, ['plan', SEED_RULE, '--retries', '1', '--timeout', '5000', ...extra], { KIBANA_URL: url, KIBANA_API_KEY: API_KEY, ...env });
}

function expectPlainFailure(run: CommandRun): void {
  expect(run.code).toBe(2);
  expect(run.stderr).not.toMatch(/internal error|\n\s+at |Cannot read properties/);
}

describe('a server that is not Kibana', () => {
  it('stops at an HTML page answered with 200, naming host, endpoint, content type and first bytes', async () => {
    const url = await serve((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><title>Sign in</title></html>'));
    const result = await plan(url);
    expectPlainFailure(result);
    expect(result.stdout).not.toContain('to create');
    expect(result.stderr).toContain(`Kibana at ${new URL(url).host} answered GET ${FIND} with HTTP 200 (text/html) and a body beginning "<!DOCTYPE html>`);
  });

  it('stops apply too, before writing anything', async () => {
    const seen: string[] = [];
    const url = await serve((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy</html>');
    });
    const result = await runCommandCaptured(deploy, ['apply', SEED_RULE, '--retries', '1'], { KIBANA_URL: url, KIBANA_API_KEY: API_KEY });
    expectPlainFailure(result);
    expect(result.stdout).not.toContain('created');
    expect(seen.every((line) => line.startsWith('GET '))).toBe(true);
  });

  it.each([
    ['an empty body', ''],
    ['{}', '{}'],
    ['null', 'null'],
    ['{"data":[null]}', '{"data":[null],"total":1}'],
    ['a total that is not a number', '{"data":[],"total":"many"}'],
  ])('stops at %s with exit 2', async (_name, body) => {
    const url = await serve((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(body));
    const result = await plan(url);
    expectPlainFailure(result);
    expect(result.stderr).toContain(`answered GET ${FIND} with HTTP 200`);
  });

  it('reports a proxy error page on a non-2xx answer as not Kibana', async () => {
    const url = await serve((_request, response) => response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>404 Not Found</h1>'));
    const result = await plan(url);
    expectPlainFailure(result);
    expect(result.stderr).toContain('HTTP 404 (text/html)');
  });
});

describe('credentials never leave through server text', () => {
  it('redacts the API key, its id:key form and the key from an echoing 401', async () => {
    const url = await serve((request, response) => {
      const header = request.headers.authorization ?? '';
      const decoded = Buffer.from(header.replace('ApiKey ', ''), 'base64').toString();
      response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ statusCode: 401, error: 'Unauthorized', message: `bad credentials: ${header} (${decoded}; key ${KEY_PART})` }));
    });
    const result = await plan(url, {}, ['--debug']);
    expectPlainFailure(result);
    expect(result.stderr).toContain('HTTP 401: bad credentials: [redacted] ([redacted]; key [redacted])');
    for (const secret of [API_KEY, KEY_PART, 'hostile-id:hostile']) expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
  });

  it('redacts a Basic password echoed back', async () => {
    const url = await serve((request, response) => {
      response.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `denied ${request.headers.authorization} with password basic-pw-123` }));
    });
    const result = await plan(url, { KIBANA_API_KEY: undefined, KIBANA_USERNAME: 'elastic', KIBANA_PASSWORD: 'basic-pw-123' });
    expectPlainFailure(result);
    expect(result.stderr).not.toContain('basic-pw-123');
    expect(result.stderr).not.toContain(Buffer.from('elastic:basic-pw-123').toString('base64'));
  });

  it.each([
    ['a line feed', 'abc\ndef', 'a line feed (U+000A) at character 4'],
    ['a character outside Latin-1', 'abcłdef', 'a character outside Latin-1 (U+0142) at character 4'],
  ])('refuses an API key holding %s as a settings error naming the character', async (_name, key, named) => {
    const url = await serve((_request, response) => response.end('{}'));
    const result = await plan(url, { KIBANA_API_KEY: key });
    expectPlainFailure(result);
    expect(result.stderr).toContain(`KIBANA_API_KEY holds ${named}`);
    expect(result.stderr).not.toContain(key);
  });
});

describe('answers that never end or never add up', () => {
  it('stops reading an endless body at the cap, with a message, in bounded memory', async () => {
    let written = 0;
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const pump = (): void => {
        while (!response.destroyed && written < 1024 * chunk.length) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end();
      };
      response.on('close', () => undefined);
      pump();
    });
    const before = process.memoryUsage().rss;
    const result = await plan(url);
    expectPlainFailure(result);
    expect(result.stderr).toContain('the answer is larger than 33554432 bytes');
    expect(written).toBeLessThan(256 * chunk.length);
    expect(process.memoryUsage().rss - before).toBeLessThan(512 * 1024 * 1024);
  });

  it('stops paging a _find that claims 1e12 rules and gives one', async () => {
    let requests = 0;
    const url = await serve((_request, response) => {
      requests += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ page: 1, perPage: 500, total: 1e12, data: [{ id: 'x', rule_id: 'x', tags: [] }] }));
    });
    const result = await plan(url);
    expectPlainFailure(result);
    expect(result.stderr).toContain('more than this tool lists');
    expect(requests).toBe(1);
  });

  it('stops paging a _find whose full pages never reach its total, after a bound taken from the first answer', async () => {
    let requests = 0;
    const url = await serve((_request, response) => {
      requests += 1;
      // Always a full page of new rules, newer each time, and always "20,000 in all".
      const data = Array.from({ length: 500 }, (_, n) => ({ id: `r${requests}-${n}`, rule_id: `r${requests}-${n}`, created_at: new Date(Date.UTC(2024, 0, 1) + requests * 1000 + n).toISOString() }));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ total: 20_000, data }));
    });
    const result = await plan(url);
    expectPlainFailure(result);
    expect(result.stderr).toContain('pages did not reach the end of the 20000 rules Kibana announced');
    // 20,000 announced: 40 pages; the bound is 2 × 40 + 2.
    expect(requests).toBe(82);
  });
});

describe('terminal safety', () => {
  it('escapes control characters and escape sequences from a server message', async () => {
    const url = await serve((_request, response) => response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ status_code: 400, message: 'bad\u001b[2J\u001b]0;pwned\u0007 \u009b31m' })));
    const result = await plan(url);
    expectPlainFailure(result);
    expect(result.stderr).toContain('bad\\x1b[2J\\x1b]0;pwned\\x07 \\x9b31m');
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('escapes them in rule names shown in a plan', async () => {
    const url = await serve((_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ total: 1, data: [{ id: 'x', rule_id: 'x', name: 'evil\u001b[31m', tags: ['Managed: detection-rules-as-code'] }] })),
    );
    const result = await plan(url, {}, ['--prune']);
    expect(result.stdout).toContain('evil\\x1b[31m');
    expect(result.stdout).not.toContain('\u001b');
  });
});

describe('answers that do not add up to what was sent', () => {
  it('fails apply when _import counts more successes than rules sent, and the read-back shows none', async () => {
    const url = await serve((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      if (request.url?.includes('/_import')) response.end(JSON.stringify({ success: true, success_count: 5, rules_count: 5, errors: [] }));
      else response.end(JSON.stringify({ page: 1, perPage: 500, total: 0, data: [] }));
    });
    const result = await runCommandCaptured(deploy, ['apply', SEED_RULE, '--retries', '1'], { KIBANA_URL: url, KIBANA_API_KEY: API_KEY });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('_import: Kibana counted 5 rules imported, but 1 were sent and 0 refused');
    expect(result.stdout).toMatch(/failed\s+Suspicious Remote Registry Access via SeBackupPrivilege .*read-back: Kibana does not hold the rule/);
  });
});
