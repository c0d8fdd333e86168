// TLS is verified unless --insecure is given; KIBANA_CA_CERT names the CA to trust.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as deploy } from '../../scripts/kibana/deploy-command.js';
import { runCommandCaptured } from '../command-runner.js';
import { KibanaStandIn } from './kibana-stand-in.js';
import { SEED_RULE } from './rule-copies.js';

function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const available = opensslAvailable();
if (!available) console.log('skipped: openssl not present (TLS tests need it to make certificates)');

const API_KEY = 'dGxzOmtleQ==';
let dir: string;
let kibana: KibanaStandIn;

/** A throwaway CA and a certificate it signed for 127.0.0.1. */
function makeCertificates(folder: string): { key: string; cert: string } {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: folder, stdio: 'ignore' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=stand-in test CA');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(path.join(folder, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'san.cnf');
  return { key: readFileSync(path.join(folder, 'server.key'), 'utf8'), cert: readFileSync(path.join(folder, 'server.pem'), 'utf8') };
}

describe.skipIf(!available)('TLS', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tls-'));
    kibana = await KibanaStandIn.start({ apiKey: API_KEY, tls: makeCertificates(dir) });
  });
  afterAll(async () => {
    await kibana.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const plan = (extra: string[], env: Record<string, string | undefined>) =>
    runCommandCaptured(deploy, ['plan', SEED_RULE, '--backoff', '1', ...extra], { KIBANA_URL: kibana.url, KIBANA_API_KEY: API_KEY, KIBANA_CA_CERT: undefined, ...env });

  it('refuses a certificate it cannot verify, says what to do, and does not retry', async () => {
    const before = kibana.connections;
    const result = await plan([], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('TLS verification failed');
    expect(result.stderr).toContain('set KIBANA_CA_CERT');
    expect(kibana.connections - before).toBe(1);
    expect(kibana.requests).toEqual([]);
  });

  it('trusts the CA named by KIBANA_CA_CERT', async () => {
    expect((await plan([], { KIBANA_CA_CERT: path.join(dir, 'ca.pem') })).code).toBe(0);
  });

  it('skips verification with --insecure', async () => {
    expect((await plan(['--insecure'], {})).code).toBe(0);
  });

  it('says so when KIBANA_CA_CERT cannot be read', async () => {
    const result = await plan([], { KIBANA_CA_CERT: path.join(dir, 'missing.pem') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('KIBANA_CA_CERT: cannot read');
  });
});
