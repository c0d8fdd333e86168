// `fields sync` against a package registry stand-in serving a real package (elastic/integrations'
// okta, test/fixtures/integrations/NOTICE.md), from a packages folder and from a .zip; then the
// field check with the catalogue it wrote.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkQuery } from '../../scripts/eql/index.js';
import { main as fields } from '../../scripts/fields/command.js';
import { loadFieldCatalogue } from '../../scripts/fields/field-catalogue.js';
import { runCommandCaptured } from '../command-runner.js';
import { RegistryStandIn, zipPackage } from './registry-stand-in.js';

const PACKAGES = path.resolve('test/fixtures/integrations');
const OKTA = path.join(PACKAGES, 'okta');
const OKTA_PATTERNS = ['logs-okta*'];

let registry: RegistryStandIn;
const roots: string[] = [];
const newRoot = (): string => {
  const root = mkdtempSync(path.join(tmpdir(), 'fields-sync-'));
  roots.push(root);
  return root;
};
const catalogueFile = (root: string, name = 'okta') => path.join(root, 'schemas', 'fields', 'integrations', `${name}.json`);
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const sync = (...argv: string[]) => runCommandCaptured(fields, ['sync', ...argv]);

/** A port nothing listens on: one the system just handed out and that was closed again. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  // Two versions, so "newest" and "@version" can be told apart.
  registry = await RegistryStandIn.start([
    { name: 'okta', version: '2.4.0', zip: zipPackage(OKTA, 'okta', '2.4.0') },
    { name: 'okta', version: '2.5.0', zip: zipPackage(OKTA, 'okta', '2.5.0') },
  ]);
});
afterAll(async () => {
  await registry.close();
  roots.forEach((root) => rmSync(root, { recursive: true, force: true }));
});
afterEach(() => {
  registry.requests.length = 0;
});

describe('fields sync from the package registry', () => {
  it('searches, downloads the newest .zip and writes the catalogue with the version and a lock', async () => {
    const root = newRoot();
    const run = await sync('okta', '--registry', registry.url, '--root', root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^synced okta 2\.5\.0: 1 data stream, \d+ fields → /);
    expect(registry.requests).toEqual(['/search?package=okta', '/epr/okta/okta-2.5.0.zip']);
    const catalogue = readJson(catalogueFile(root));
    expect(catalogue).toMatchObject({ package: 'okta', version: '2.5.0', source: `registry ${registry.url}` });
    const [stream] = catalogue.data_streams as { index_pattern: string; dataset: string; fields: Record<string, string> }[];
    expect(stream).toMatchObject({ dataset: 'okta.system', index_pattern: 'logs-okta.system-*' });
    // group flattened, ECS references resolved, object.* kept as a typed object, flattened kept
    expect(stream!.fields).toMatchObject({
      'okta.client.user_agent.os': 'keyword',
      'okta.client.ip': 'ip',
      'okta.outcome.result': 'keyword',
      'event.dataset': 'constant_keyword',
      'url.original': 'wildcard',
      '@timestamp': 'date',
      'okta.target.detailEntry': 'object:keyword',
      'okta.request.ip_chain': 'flattened',
    });
    expect(readJson(path.join(root, 'schemas', 'fields', 'integrations', 'packages.lock.json'))).toEqual({ okta: { version: '2.5.0', source: `registry ${registry.url}` } });
  });

  it('takes a version with NAME@VERSION, and EPR_URL when --registry is not given', async () => {
    const root = newRoot();
    const saved = process.env.EPR_URL;
    process.env.EPR_URL = registry.url;
    try {
      const run = await sync('okta@2.4.0', '--root', root);
      expect(run.code).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.EPR_URL;
      else process.env.EPR_URL = saved;
    }
    expect(registry.requests).toEqual(['/package/okta/2.4.0/', '/epr/okta/okta-2.4.0.zip']);
    expect(readJson(catalogueFile(root)).version).toBe('2.4.0');
  });

  it('reports a package or version the registry lacks, and an unreachable registry, with exit 2 and no file', async () => {
    const root = newRoot();
    const missing = await sync('oktaa', '--registry', registry.url, '--root', root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("fields sync: oktaa: the registry has no package named oktaa: check the name in the rule's metadata.integration\n");
    const badVersion = await sync('okta@9.9.9', '--registry', registry.url, '--root', root);
    expect(badVersion.stderr).toContain('the registry has no okta 9.9.9');
    const closedPort = await freePort();
    const closed = await sync('okta', '--registry', `http://127.0.0.1:${closedPort}`, '--root', root);
    expect(closed.code).toBe(2);
    expect(closed.stderr).toContain(`cannot reach the package registry at http://127.0.0.1:${closedPort} (ECONNREFUSED)`);
    expect(existsSync(catalogueFile(root))).toBe(false);
  });

  it('syncs the packages the rules name when no package is given', async () => {
    const root = newRoot();
    const rules = path.join(root, 'rules');
    mkdirSync(rules);
    const seed = readFileSync('rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml', 'utf8');
    writeFileSync(path.join(rules, 'credential_access_okta.toml'), seed.replace('integration = ["system", "windows"]', 'integration = ["okta"]'));
    const run = await sync('--registry', registry.url, '--root', root, '--rules', rules);
    expect(run.code).toBe(0);
    expect(registry.requests).toEqual(['/search?package=okta', '/epr/okta/okta-2.5.0.zip']);
  });

  it('refuses a malformed package name as a usage error', async () => {
    const run = await sync('Okta!', '--registry', registry.url, '--root', newRoot());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"Okta!" is not a package name');
  });
});

describe('fields sync from disk', () => {
  it('--packages-dir reads elastic/integrations\' source layout into the same catalogue as the registry\'s .zip', async () => {
    const fromRegistry = newRoot();
    const fromFolder = newRoot();
    await sync('okta', '--registry', registry.url, '--root', fromRegistry);
    const run = await sync('okta', '--packages-dir', PACKAGES, '--root', fromFolder);
    expect(run.code).toBe(0);
    const { source: _registrySource, ...registryCatalogue } = readJson(catalogueFile(fromRegistry));
    const { source, ...folderCatalogue } = readJson(catalogueFile(fromFolder));
    expect(source).toBe(`packages-dir ${PACKAGES}`);
    expect(folderCatalogue).toEqual(registryCatalogue);
  });

  it('reads a package .zip named on the command line or found in --packages-dir', async () => {
    const dir = newRoot();
    writeFileSync(path.join(dir, 'okta-2.5.0.zip'), zipPackage(OKTA, 'okta', '2.5.0'));
    const byFile = newRoot();
    expect((await sync(path.join(dir, 'okta-2.5.0.zip'), '--root', byFile)).code).toBe(0);
    expect(readJson(catalogueFile(byFile))).toMatchObject({ package: 'okta', version: '2.5.0', source: 'zip okta-2.5.0.zip' });
    const byFolder = newRoot();
    expect((await sync('okta', '--packages-dir', dir, '--root', byFolder)).code).toBe(0);
    expect(readJson(catalogueFile(byFolder)).version).toBe('2.5.0');
  });

  it('reports a file that is not a package .zip, with exit 2', async () => {
    const dir = newRoot();
    writeFileSync(path.join(dir, 'okta-1.0.0.zip'), 'not a zip');
    const run = await sync(path.join(dir, 'okta-1.0.0.zip'), '--root', newRoot());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/okta-1\.0\.0\.zip is not a readable \.zip/);
  });
});

describe('the field check with a synced catalogue', () => {
  let root: string;
  beforeAll(async () => {
    root = newRoot();
    await sync('okta', '--registry', registry.url, '--root', root);
  });

  it('passes the package\'s fields, under the package\'s index patterns', () => {
    const catalogue = loadFieldCatalogue(root);
    const query = 'any where okta.event_type == "user.mfa.okta_verify.deny_push" and okta.debug_context.debug_data.factor == "OKTA_VERIFY_PUSH" and okta.target.detailEntry.methodTypeUsed == "x"';
    expect(checkQuery(query, { catalogue, indexPatterns: OKTA_PATTERNS }).problems).toEqual([]);
    expect(catalogue.lookup('okta.event_type', OKTA_PATTERNS)).toMatchObject({ type: 'keyword', package: 'okta 2.5.0' });
    // Other indices do not see the package's fields.
    expect(catalogue.lookup('okta.event_type', ['logs-endpoint.events.*'])).toBeUndefined();
  });

  it('fails a misspelt field, naming the package of the field it suggests', () => {
    const catalogue = loadFieldCatalogue(root);
    const { problems } = checkQuery('any where okta.event_typ == "x"', { catalogue, indexPatterns: OKTA_PATTERNS });
    expect(problems).toMatchObject([
      {
        code: 'eql.field',
        message: expect.stringContaining('Unknown field [okta.event_typ] in [logs-okta*], did you mean [okta.event_type] (package okta 2.5.0)?'),
        hint: expect.stringMatching(/^correct it to okta\.event_type, a field of package okta 2\.5\.0; /),
      },
    ]);
    // a key below a named object that was never declared stays unknown, as in detection-rules' schemas
    expect(checkQuery('any where okta.debug_context.debug_data.factr == "x"', { catalogue, indexPatterns: OKTA_PATTERNS }).problems).toHaveLength(1);
  });

  it('reports a catalogue file that is not one, naming the file and the command that rewrites it', () => {
    const broken = newRoot();
    mkdirSync(path.join(broken, 'schemas', 'fields', 'integrations'), { recursive: true });
    writeFileSync(catalogueFile(broken), '{"package": "okta"');
    expect(() => loadFieldCatalogue(broken)).toThrow(/okta\.json: not valid JSON: .*; run npm run fields -- sync okta again/);
    writeFileSync(catalogueFile(broken), '{"package": "okta", "version": "1", "data_streams": [{"index_pattern": "logs-okta*", "fields": {"a": 1}}]}');
    expect(() => loadFieldCatalogue(broken)).toThrow(/okta\.json: not an integration field catalogue/);
  });

  it('says which package\'s catalogue is missing when the indices name one that is not synced', () => {
    const catalogue = loadFieldCatalogue(newRoot());
    const { problems } = checkQuery('any where okta.event_type == "x"', { catalogue, indexPatterns: ['filebeat-*', 'logs-okta.system*'] });
    expect(problems).toMatchObject([{ code: 'eql.field', hint: expect.stringMatching(/; no field catalogue of package okta covers these indices: run npm run fields -- sync okta$/) }]);
  });
});

describe('the shipped catalogues', () => {
  it('are what fields sync writes from the fixture packages (re-run npm run fields -- sync system --packages-dir test/fixtures/integrations)', async () => {
    const root = newRoot();
    expect((await sync('system', '--packages-dir', PACKAGES, '--root', root)).code).toBe(0);
    const { source: _fresh, ...fresh } = readJson(catalogueFile(root, 'system'));
    const { source: _shipped, ...shipped } = readJson(path.resolve('schemas/fields/integrations/system.json'));
    expect(shipped).toEqual(fresh);
    expect(readJson(path.resolve('schemas/fields/integrations/packages.lock.json'))).toMatchObject({ system: { version: shipped.version } });
  });

  it('add the Windows Security channel\'s fields, with their package, under logs-system.*; a hand declaration still wins', () => {
    const catalogue = loadFieldCatalogue();
    expect(catalogue.lookup('winlog.trustDirection', ['logs-system.*'])).toMatchObject({ type: 'keyword', package: 'system 1.56.1' });
    expect(catalogue.lookup('winlog.trustDirection', ['logs-endpoint.events.*'])).toBeUndefined();
    expect(catalogue.lookup('winlog.event_data.PrivilegeList', ['logs-system.*'])).toEqual({ name: 'winlog.event_data.PrivilegeList', type: 'keyword', ecs: false });
    expect(catalogue.uncataloguedPackages?.(['logs-system.*', 'logs-okta*'])).toEqual(['okta']);
    // The shipped system catalogue holds the security data stream only: auth logs still need a sync.
    expect(catalogue.uncataloguedPackages?.(['logs-system.auth-*'])).toEqual(['system']);
  });
});
