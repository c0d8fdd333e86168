// `fields sync --from-cluster` against a stand-in for Elasticsearch's _field_caps API on 127.0.0.1,
// answering as rest-api-spec's field_caps.json and the field capabilities reference describe it:
// `fields` maps each name to its types; the client checks the x-elastic-product header.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as fields } from '../../scripts/fields/command.js';
import { runCommandCaptured } from '../command-runner.js';

const caps = {
  indices: ['.ds-logs-okta.system-default-2024.05.01-000001'],
  fields: {
    _id: { _id: { type: '_id', metadata_field: true, searchable: true, aggregatable: false } },
    'okta.event_type': { keyword: { type: 'keyword', metadata_field: false, searchable: true, aggregatable: true } },
    'okta.client.ip': { ip: { type: 'ip', metadata_field: false, searchable: true, aggregatable: true } },
    '@timestamp': { date: { type: 'date', metadata_field: false, searchable: true, aggregatable: true } },
  },
};

let server: Server;
const paths: string[] = [];
let root: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    paths.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
    response.end(JSON.stringify(caps));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  root = mkdtempSync(path.join(tmpdir(), 'fields-cluster-'));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

describe('fields sync --from-cluster', () => {
  it('asks _field_caps for the rules\' index patterns of the package and writes their fields', async () => {
    const rules = path.join(root, 'rules');
    mkdirSync(rules);
    const seed = readFileSync('rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml', 'utf8');
    writeFileSync(path.join(rules, 'credential_access_okta.toml'), seed.replace('index = ["winlogbeat-*", "logs-system.*"]', 'index = ["filebeat-*", "logs-okta.system*"]'));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const run = await runCommandCaptured(fields, ['sync', 'okta', '--from-cluster', '--rules', rules, '--root', root], { ES_URL: url, ES_API_KEY: undefined, ES_USERNAME: undefined, ES_PASSWORD: undefined });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(paths).toHaveLength(1);
    expect(paths[0]).toMatch(/^(GET|POST) \/logs-okta\.system\*\/_field_caps\?/);
    const catalogue = JSON.parse(readFileSync(path.join(root, 'schemas', 'fields', 'integrations', 'okta.json'), 'utf8'));
    expect(catalogue).toEqual({
      package: 'okta',
      version: 'cluster',
      source: `cluster ${url}`,
      data_streams: [{ name: 'logs-okta.system*', type: 'logs', dataset: 'okta.system', index_pattern: 'logs-okta.system*', fields: { '@timestamp': 'date', 'okta.client.ip': 'ip', 'okta.event_type': 'keyword' } }],
    });
  });

  it('needs ES_URL, and says so with exit 2', async () => {
    const run = await runCommandCaptured(fields, ['sync', 'okta', '--from-cluster', '--root', root], { ES_URL: undefined });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--from-cluster needs ES_URL');
  });
});
