// The ATT&CK facts the lints and the coverage tools need: tactic and technique ids, names,
// tactic links and status. Read once from the table generated into schemas/ (see
// generate-facts.ts), never from the large source bundle at lint time.
import { readFileSync } from 'node:fs';
import { schemaPath } from '../project-paths.js';

export const ATTACK_FACTS_FILE = schemaPath('attack-enterprise.json');

export interface AttackTactic {
  readonly id: string;
  readonly name: string;
  /** The kill-chain phase name techniques link to, and Navigator's tactic key: `credential-access`. */
  readonly shortname: string;
}

export type TechniqueStatus = 'active' | 'deprecated' | 'revoked';

export interface AttackTechnique {
  /** `T1003`, or `T1003.002` for a sub-technique. */
  readonly id: string;
  readonly name: string;
  /** Shortnames of the tactics the technique belongs to. */
  readonly tactics: readonly string[];
  readonly status: TechniqueStatus;
  /** For a revoked technique: the one current technique of the same name, when there is exactly one. */
  readonly replaced_by?: string;
}

export interface AttackFactsTable {
  readonly source: string;
  /** SHA-256 of the source file the table was generated from. */
  readonly source_sha256: string;
  /** The ATT&CK release, when the source records it. */
  readonly attack_version?: string;
  readonly tactics: readonly AttackTactic[];
  readonly techniques: readonly AttackTechnique[];
}

export const tacticUrl = (id: string): string => `https://attack.mitre.org/tactics/${id}/`;

export const techniqueUrl = (id: string): string => `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;

/** `T1003.002` → `T1003`; undefined for a technique id. */
export function parentTechniqueId(id: string): string | undefined {
  const dot = id.indexOf('.');
  return dot === -1 ? undefined : id.slice(0, dot);
}

/** The facts table indexed for lookups. */
export class AttackFacts {
  readonly tactics: readonly AttackTactic[];
  readonly techniques: readonly AttackTechnique[];
  private readonly tacticsById: ReadonlyMap<string, AttackTactic>;
  private readonly tacticsByName: ReadonlyMap<string, AttackTactic>;
  private readonly techniquesById: ReadonlyMap<string, AttackTechnique>;

  constructor(readonly table: AttackFactsTable) {
    this.tactics = table.tactics;
    this.techniques = table.techniques;
    this.tacticsById = new Map(table.tactics.map((tactic) => [tactic.id, tactic]));
    this.tacticsByName = new Map(table.tactics.map((tactic) => [tactic.name, tactic]));
    this.techniquesById = new Map(table.techniques.map((technique) => [technique.id, technique]));
  }

  tactic(id: string): AttackTactic | undefined {
    return this.tacticsById.get(id);
  }

  tacticNamed(name: string): AttackTactic | undefined {
    return this.tacticsByName.get(name);
  }

  technique(id: string): AttackTechnique | undefined {
    return this.techniquesById.get(id);
  }
}

let loaded: AttackFacts | undefined;

/** The committed facts table, read and indexed on first use only. */
export function loadAttackFacts(): AttackFacts {
  loaded ??= new AttackFacts(JSON.parse(readFileSync(ATTACK_FACTS_FILE, 'utf8')) as AttackFactsTable);
  return loaded;
}
