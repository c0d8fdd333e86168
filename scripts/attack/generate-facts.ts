// Builds the compact ATT&CK facts table (schemas/attack-enterprise.json) from the Enterprise
// ATT&CK export in ../shared/attack. Deterministic: same source, same bytes, so a test can tell
// when the committed table is stale.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { SHARED_ROOT } from '../project-paths.js';
import type { AttackFactsTable, AttackTactic, AttackTechnique, TechniqueStatus } from './facts.js';

export const ATTACK_SOURCE_FILE = path.join(SHARED_ROOT, 'attack', 'enterprise-attack.json');

/** The source does not have the shape this generator reads. */
export class AttackSourceError extends Error {}

interface SourceTactic {
  id: string;
  name: string;
  shortname: string;
}

interface SourceTechnique {
  id: string;
  name: string;
  tactics: string[];
  deprecated: boolean;
  revoked: boolean;
}

function expectString(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') throw new AttackSourceError(`${where} must be a non-empty string`);
  return value;
}

function expectRecord(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AttackSourceError(`${where} must be an object`);
  }
  return value as Record<string, unknown>;
}

function expectArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new AttackSourceError(`${where} must be an array`);
  return value;
}

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

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Builds the facts table from the source file's text. */
export function buildAttackFacts(sourceText: string): AttackFactsTable {
  let parsed: unknown;
  try {
    parsed = JSON.parse(sourceText);
  } catch (error) {
    throw new AttackSourceError(`not JSON: ${(error as Error).message}`);
  }
  const source = expectRecord(parsed, 'the source');
  const tactics = expectArray(source.tactics, 'tactics').map(readTactic).sort(byId);
  const techniques = expectArray(source.techniques, 'techniques').map(readTechnique).sort(byId);

  const shortnames = new Set(tactics.map((tactic) => tactic.shortname));
  const seen = new Set<string>();
  for (const technique of techniques) {
    if (seen.has(technique.id)) throw new AttackSourceError(`technique ${technique.id} is listed twice`);
    seen.add(technique.id);
    const unknown = technique.tactics.find((shortname) => !shortnames.has(shortname));
    if (unknown !== undefined) throw new AttackSourceError(`technique ${technique.id} names unknown tactic "${unknown}"`);
  }

  // The source records no revoked-by links; a revoked technique was usually folded into a
  // current one of the same name (T1086 PowerShell → T1059.001), so name that one when it is unique.
  const currentByName = new Map<string, string[]>();
  for (const technique of techniques) {
    if (technique.revoked || technique.deprecated) continue;
    const key = technique.name.toLowerCase();
    currentByName.set(key, [...(currentByName.get(key) ?? []), technique.id]);
  }

  const version = source.attack_version ?? source.version;
  return {
    source: typeof source.source === 'string' ? source.source : 'Enterprise ATT&CK',
    source_sha256: createHash('sha256').update(sourceText).digest('hex'),
    ...(typeof version === 'string' ? { attack_version: version } : {}),
    tactics: tactics.map(({ id, name, shortname }): AttackTactic => ({ id, name, shortname })),
    techniques: techniques.map((technique): AttackTechnique => {
      const status: TechniqueStatus = technique.revoked ? 'revoked' : technique.deprecated ? 'deprecated' : 'active';
      const replacements = technique.revoked ? (currentByName.get(technique.name.toLowerCase()) ?? []) : [];
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
