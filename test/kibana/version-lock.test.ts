import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readVersionLock, VERSION_LOCK_FILE } from '../../scripts/kibana/version-lock.js';

let root: string;

function writeLock(text: string): void {
  mkdirSync(path.join(root, 'rules'), { recursive: true });
  writeFileSync(path.join(root, VERSION_LOCK_FILE), text);
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'version-lock-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('readVersionLock', () => {
  it('is empty when there is no lock file', () => {
    expect(readVersionLock(root)).toEqual({ lock: new Map(), findings: [] });
  });

  it("reads detection-rules' entries and the short form", () => {
    writeLock(JSON.stringify({ 'rule-a': { rule_name: 'A', sha256: 'x', type: 'eql', version: 7 }, 'rule-b': 3 }));
    expect(readVersionLock(root)).toEqual({ lock: new Map([['rule-a', 7], ['rule-b', 3]]), findings: [] });
  });

  it('reports an entry without a usable version at its line, rather than deploying version 1', () => {
    writeLock('{\n  "rule-a": 2,\n  "rule-b": { "version": "3" }\n}\n');
    const { lock, findings } = readVersionLock(root);
    expect(lock).toEqual(new Map([['rule-a', 2]]));
    expect(findings).toMatchObject([{ code: 'kibana.version-lock', file: VERSION_LOCK_FILE, line: 3, column: 3 }]);
    expect(findings[0]?.message).toContain('rule-b');
  });

  it('reports broken JSON with its line and column', () => {
    writeLock('{\n  "rule-a": 2,\n}\n');
    expect(readVersionLock(root).findings).toMatchObject([{ code: 'kibana.version-lock', line: 3, column: 1 }]);
  });
});
