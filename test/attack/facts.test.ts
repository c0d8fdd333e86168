import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../scripts/attack/command.js';
import { ATTACK_FACTS_FILE, AttackFacts, loadAttackFacts, tacticUrl, techniqueUrl } from '../../scripts/attack/facts.js';
import { AttackSourceError, ATTACK_SOURCE_FILE, buildAttackFacts, renderAttackFacts } from '../../scripts/attack/generate-facts.js';

describe('the committed ATT&CK facts table', () => {
  it('is what `npm run attack -- generate` makes from vendor/mitre-attack', () => {
    const regenerated = renderAttackFacts(buildAttackFacts(readFileSync(ATTACK_SOURCE_FILE, 'utf8')));
    expect(readFileSync(ATTACK_FACTS_FILE, 'utf8')).toBe(regenerated);
  });

  it('passes `attack generate --check`, which fails on a table that differs', async () => {
    expect(await main(['generate', '--check'])).toBe(0);
    const dir = mkdtempSync(path.join(tmpdir(), 'attack-facts-'));
    try {
      const stale = path.join(dir, 'attack-enterprise.json');
      writeFileSync(stale, readFileSync(ATTACK_FACTS_FILE, 'utf8').replace('"OS Credential Dumping"', '"OS Credentials Dumping"'));
      expect(await main(['generate', '--check', '--out', stale])).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('attack generate', () => {
  it('exits 2 when the source is missing or has another shape', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'attack-source-'));
    try {
      expect(await main(['generate', '--source', path.join(dir, 'missing.json')])).toBe(2);
      const bad = path.join(dir, 'bad.json');
      writeFileSync(bad, '{"tactics": 1}');
      expect(await main(['generate', '--source', bad, '--out', path.join(dir, 'out.json')])).toBe(2);
      expect(existsSync(path.join(dir, 'out.json'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the ATT&CK facts', () => {
  const facts = loadAttackFacts();

  it('reject T1003.002 under Lateral Movement: it belongs to Credential Access only', () => {
    const sam = facts.technique('T1003.002');
    expect(sam?.name).toBe('Security Account Manager');
    expect(sam?.tactics).toEqual(['credential-access']);
    expect(sam?.tactics).not.toContain(facts.tacticNamed('Lateral Movement')?.shortname);
  });

  it('reject a misspelt technique name', () => {
    expect(facts.technique('T1003')?.name).toBe('OS Credential Dumping');
    expect(facts.technique('T1003')?.name).not.toBe('OS Credentials Dumping');
  });

  it('know the 14 Enterprise tactics with their kill-chain shortnames', () => {
    expect(facts.tactics).toHaveLength(14);
    expect(facts.tactic('TA0006')).toEqual({ id: 'TA0006', name: 'Credential Access', shortname: 'credential-access' });
  });

  it('record status and same-name replacements of revoked techniques', () => {
    expect(facts.technique('T1086')).toMatchObject({ status: 'revoked', replaced_by: 'T1059.001' });
    expect(facts.technique('T1064')?.status).toBe('deprecated');
    expect(facts.technique('T1021')?.status).toBe('active');
  });

  it('give attack.mitre.org URLs', () => {
    expect(tacticUrl('TA0006')).toBe('https://attack.mitre.org/tactics/TA0006/');
    expect(techniqueUrl('T1003.002')).toBe('https://attack.mitre.org/techniques/T1003/002/');
  });
});

describe('buildAttackFacts', () => {
  const source = {
    source: 'test',
    tactics: [{ id: 'TA0002', name: 'Execution', shortname: 'execution', reference: 'x' }],
    techniques: [
      { id: 'T1059.001', name: 'PowerShell', tactics: ['execution'], subtechnique: true, deprecated: false, revoked: false },
      { id: 'T1086', name: 'PowerShell', tactics: ['execution'], subtechnique: false, deprecated: false, revoked: true },
      { id: 'T1059', name: 'Command and Scripting Interpreter', tactics: ['execution'], subtechnique: false, deprecated: false, revoked: false },
    ],
  };

  it('sorts, links replacements and renders the same bytes for the same source', () => {
    const text = JSON.stringify(source);
    const table = buildAttackFacts(text);
    expect(table.techniques.map((t) => t.id)).toEqual(['T1059', 'T1059.001', 'T1086']);
    expect(table.techniques[2]).toEqual({ id: 'T1086', name: 'PowerShell', tactics: ['execution'], status: 'revoked', replaced_by: 'T1059.001' });
    expect(renderAttackFacts(buildAttackFacts(text))).toBe(renderAttackFacts(table));
    expect(new AttackFacts(JSON.parse(renderAttackFacts(table))).technique('T1059')?.name).toBe('Command and Scripting Interpreter');
  });

  it('rejects a source of another shape with a message naming the field', () => {
    expect(() => buildAttackFacts('{"tactics": [], "techniques": [{"id": "T1"}]}')).toThrow(new AttackSourceError('techniques[0].name must be a non-empty string'));
    expect(() => buildAttackFacts('{"tactics": {}}')).toThrow('tactics must be an array');
    expect(() => buildAttackFacts('not json')).toThrow(/^not JSON/);
    const unknownTactic = { ...source, techniques: [{ ...source.techniques[0], tactics: ['nowhere'] }] };
    expect(() => buildAttackFacts(JSON.stringify(unknownTactic))).toThrow('technique T1059.001 names unknown tactic "nowhere"');
  });
});

describe('buildAttackFacts from a STIX bundle', () => {
  const reference = (id: string) => [{ source_name: 'mitre-attack', external_id: id, url: `https://attack.mitre.org/${id}` }];
  const phase = (name: string) => [{ kill_chain_name: 'mitre-attack', phase_name: name }];
  const bundle = {
    type: 'bundle',
    id: 'bundle--1',
    objects: [
      { type: 'x-mitre-collection', id: 'x-mitre-collection--1', name: 'Enterprise ATT&CK', x_mitre_version: '15.1' },
      { type: 'x-mitre-tactic', id: 'x-mitre-tactic--1', name: 'Execution', x_mitre_shortname: 'execution', external_references: reference('TA0002') },
      { type: 'attack-pattern', id: 'attack-pattern--new', name: 'Command and Scripting Interpreter', kill_chain_phases: phase('execution'), external_references: reference('T1059') },
      { type: 'attack-pattern', id: 'attack-pattern--old', name: 'Scripting', revoked: true, kill_chain_phases: phase('execution'), external_references: reference('T1064') },
      { type: 'attack-pattern', id: 'attack-pattern--gone', name: 'Graphical User Interface', x_mitre_deprecated: true, kill_chain_phases: phase('execution'), external_references: reference('T1061') },
      { type: 'relationship', id: 'relationship--1', relationship_type: 'revoked-by', source_ref: 'attack-pattern--old', target_ref: 'attack-pattern--new' },
      { type: 'identity', id: 'identity--1', name: 'The MITRE Corporation' },
    ],
  };

  it('reads tactics, tactic links, status, revoked-by replacements and the release', () => {
    const table = buildAttackFacts(JSON.stringify(bundle));
    expect(table.attack_version).toBe('15.1');
    expect(table.source).toBe('Enterprise ATT&CK (STIX bundle)');
    expect(table.tactics).toEqual([{ id: 'TA0002', name: 'Execution', shortname: 'execution' }]);
    expect(table.techniques).toEqual([
      { id: 'T1059', name: 'Command and Scripting Interpreter', tactics: ['execution'], status: 'active' },
      { id: 'T1061', name: 'Graphical User Interface', tactics: ['execution'], status: 'deprecated' },
      { id: 'T1064', name: 'Scripting', tactics: ['execution'], status: 'revoked', replaced_by: 'T1059' },
    ]);
  });

  it('rejects a bundle without objects', () => {
    expect(() => buildAttackFacts('{"type": "bundle"}')).toThrow(new AttackSourceError('objects must be an array'));
  });
});
