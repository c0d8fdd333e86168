// Builds the compact ATT&CK facts table (schemas/attack-enterprise.json) from the Enterprise
// ATT&CK export in vendor/mitre-attack (or MITRE's STIX bundle). Deterministic: same source, same
// bytes, so a test can tell when the committed table is stale.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { VENDOR_ROOT } from '../project-paths.js';
import { AttackSourceError, expectRecord, type AttackSource } from './attack-source.js';
import { readDigestSource } from './digest-source.js';
import type { AttackFactsTable, AttackTactic, AttackTechnique, TechniqueStatus } from './facts.js';
import { readStixBundle } from './stix-source.js';

export { AttackSourceError };

export const ATTACK_SOURCE_FILE = path.join(VENDOR_ROOT, 'mitre-attack', 'enterprise-attack.json');

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Reads the source text: a STIX bundle as MITRE publishes it, or the flattened digest in vendor/mitre-attack. */
export function readAttackSource(sourceText: string): AttackSource {
  let parsed: unknown;
  try {
    parsed = JSON.parse(sourceText);
  } catch (error) {
    throw new AttackSourceError(`not JSON: ${(error as Error).message}`);
  }
  const source = expectRecord(parsed, 'the source');
  return source.type === 'bundle' ? readStixBundle(source) : readDigestSource(source);
}

/** Builds the facts table from the source file's text. */
export function buildAttackFacts(sourceText: string): AttackFactsTable {
  const source = readAttackSource(sourceText);
  const tactics = [...source.tactics].sort(byId);
  const techniques = [...source.techniques].sort(byId);

  const shortnames = new Set(tactics.map((tactic) => tactic.shortname));
  const seen = new Set<string>();
  for (const technique of techniques) {
    if (seen.has(technique.id)) throw new AttackSourceError(`technique ${technique.id} is listed twice`);
    seen.add(technique.id);
    const unknown = technique.tactics.find((shortname) => !shortnames.has(shortname));
    if (unknown !== undefined) throw new AttackSourceError(`technique ${technique.id} names unknown tactic "${unknown}"`);
  }

  // Where the source records no revoked-by link, a revoked technique was usually folded into a
  // current one of the same name (T1086 PowerShell → T1059.001): name that one when it is unique.
  const currentByName = new Map<string, string[]>();
  for (const technique of techniques) {
    if (technique.revoked || technique.deprecated) continue;
    const key = technique.name.toLowerCase();
    currentByName.set(key, [...(currentByName.get(key) ?? []), technique.id]);
  }

  return {
    source: source.name,
    source_sha256: createHash('sha256').update(sourceText).digest('hex'),
    ...(source.version !== undefined ? { attack_version: source.version } : {}),
    tactics: tactics.map(({ id, name, shortname }): AttackTactic => ({ id, name, shortname })),
    techniques: techniques.map((technique): AttackTechnique => {
      const status: TechniqueStatus = technique.revoked ? 'revoked' : technique.deprecated ? 'deprecated' : 'active';
      const replacements = !technique.revoked
        ? []
        : technique.replacedBy !== undefined
          ? [technique.replacedBy]
          : (currentByName.get(technique.name.toLowerCase()) ?? []);
      return {
        id: technique.id,
        name: technique.name,
        tactics: [...technique.tactics].sort(),
        status,
        ...(replacements.length === 1 ? { replaced_by: replacements[0] } : {}),
      };
    }),
  };
}

/** One tactic or technique per line: small diffs when ATT&CK changes, still valid JSON. */
export function renderAttackFacts(table: AttackFactsTable): string {
  const { tactics, techniques, ...header } = table;
  const headerLines = Object.entries(header).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  const list = (items: readonly object[]): string => items.map((item) => `    ${JSON.stringify(item)}`).join(',\n');
  return `{\n${headerLines.join('\n')}\n  "tactics": [\n${list(tactics)}\n  ],\n  "techniques": [\n${list(techniques)}\n  ]\n}\n`;
}
