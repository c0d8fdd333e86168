import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../scripts/attack/command.js';
import { coverageByTactic, renderCoverageTable } from '../../scripts/attack/coverage.js';
import { loadAttackFacts } from '../../scripts/attack/facts.js';
import { buildNavigatorLayer } from '../../scripts/attack/navigator.js';
import { loadRules } from '../../scripts/rules/load.js';
import { loadFixture, passingRule, variant } from '../lints/rule-fixture.js';

const seedFile = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';
const seedName = 'Suspicious Remote Registry Access via SeBackupPrivilege';

/** Runs `action` with stderr captured. */
async function capturingStderr(action: () => Promise<number>): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await action(), stderr };
  } finally {
    write.mockRestore();
  }
}

describe('attack navigator', () => {
  it('writes a layer of the repository\'s rules with the seed rule\'s techniques as valid JSON', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'navigator-'));
    try {
      const out = path.join(dir, 'layer.json');
      expect(await main(['navigator', '--out', out, seedFile])).toBe(0);
      const layer = JSON.parse(readFileSync(out, 'utf8'));
      expect(layer).toMatchObject({ domain: 'enterprise-attack', versions: { layer: '4.5' } });
      expect(layer.techniques.map((t: { techniqueID: string; tactic: string }) => `${t.techniqueID}@${t.tactic}`)).toEqual([
        'T1003@credential-access',
        'T1003.002@credential-access',
        'T1021@lateral-movement',
      ]);
      expect(layer.techniques[0]).toMatchObject({ score: 1, comment: seedName, enabled: true, showSubtechniques: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('scores a technique by the number of rules and lists their names', () => {
    const second = loadFixture(variant(passingRule, ['name = "Fixture Rule"', 'name = "Another Rule"']));
    const layer = buildNavigatorLayer([loadFixture(passingRule), second], loadAttackFacts(), 'test');
    expect(layer.techniques.find((t) => t.techniqueID === 'T1003')).toMatchObject({ score: 2, comment: 'Another Rule; Fixture Rule' });
    expect(layer.gradient.maxValue).toBe(2);
  });

  it('leaves out mappings ATT&CK does not know', () => {
    const unknown = loadFixture(variant(passingRule, ['id = "T1003.002"', 'id = "T1003.999"']));
    const layer = buildNavigatorLayer([unknown], loadAttackFacts(), 'test');
    expect(layer.techniques.map((t) => t.techniqueID)).toEqual(['T1003']);
  });

  it('rejects an unknown subcommand as a usage error that names it, also a name Object.prototype has', async () => {
    for (const name of ['navigate', 'toString']) {
      const { code, stderr } = await capturingStderr(() => main([name]));
      expect(code).toBe(2);
      expect(stderr).toBe(`attack: unknown subcommand "${name}"\nusage: npm run attack -- <generate|navigator|coverage> [options] (--help for each)\n`);
    }
  });

  it('reports an --out it cannot write as a usage error naming the file', async () => {
    const out = path.join(tmpdir(), 'no-such-folder-for-navigator', 'layer.json');
    const { code, stderr } = await capturingStderr(() => main(['navigator', '--out', out, seedFile]));
    expect(code).toBe(2);
    expect(stderr).toBe(`attack navigator: cannot write ${out} (ENOENT): pass --out with a file in an existing, writable folder\n`);
  });
});

describe('attack coverage', () => {
  it('counts covered techniques, sub-techniques and rules per tactic', async () => {
    const { rules } = await loadRules([seedFile]);
    const coverage = coverageByTactic(rules, loadAttackFacts());
    const credentialAccess = coverage.find((c) => c.tactic.id === 'TA0006');
    expect(credentialAccess).toMatchObject({ techniques: { covered: 1 }, subtechniques: { covered: 1 }, rules: 1 });
    expect(credentialAccess!.techniques.total).toBeGreaterThan(10);
    expect(coverage.find((c) => c.tactic.id === 'TA0008')).toMatchObject({ techniques: { covered: 1 }, subtechniques: { covered: 0 }, rules: 1 });
    expect(coverage.find((c) => c.tactic.id === 'TA0002')).toMatchObject({ techniques: { covered: 0 }, rules: 0 });
    const table = renderCoverageTable(coverage);
    expect(table.split('\n')[0]).toMatch(/^Tactic\s+Techniques\s+Sub-techniques\s+Rules$/);
    expect(table).toMatch(/Credential Access \(TA0006\)\s+1\/\d+\s+1\/\d+\s+1\n/);
  });
});
