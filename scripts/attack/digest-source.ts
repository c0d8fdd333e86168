// The digest format of vendor/mitre-attack/enterprise-attack.json: `{ source, tactics: [{ id, name,
// shortname }], techniques: [{ id, name, tactics, deprecated, revoked }] }`, already flattened
// from the STIX objects.
import { expectArray, expectRecord, expectString, type AttackSource, type SourceTactic, type SourceTechnique } from './attack-source.js';

function readTactic(value: unknown, index: number): SourceTactic {
  const where = `tactics[${index}]`;
  const tactic = expectRecord(value, where);
  return {
    id: expectString(tactic.id, `${where}.id`),
    name: expectString(tactic.name, `${where}.name`),
    shortname: expectString(tactic.shortname, `${where}.shortname`),
  };
}

function readTechnique(value: unknown, index: number): SourceTechnique {
  const where = `techniques[${index}]`;
  const technique = expectRecord(value, where);
  return {
    id: expectString(technique.id, `${where}.id`),
    name: expectString(technique.name, `${where}.name`),
    tactics: expectArray(technique.tactics, `${where}.tactics`).map((t, i) => expectString(t, `${where}.tactics[${i}]`)),
    deprecated: technique.deprecated === true,
    revoked: technique.revoked === true,
  };
}

export function readDigestSource(source: Record<string, unknown>): AttackSource {
  const version = source.attack_version ?? source.version;
  return {
    name: typeof source.source === 'string' ? source.source : 'Enterprise ATT&CK',
    ...(typeof version === 'string' ? { version } : {}),
    tactics: expectArray(source.tactics, 'tactics').map(readTactic),
    techniques: expectArray(source.techniques, 'techniques').map(readTechnique),
  };
}
