// The ATT&CK facts as read from a source file, whatever its format: what generate-facts.ts
// needs, and the field checks the readers share. A source of the wrong shape is an
// AttackSourceError naming the field, never a crash.

/** The source does not have the shape its reader expects. */
export class AttackSourceError extends Error {}

export interface SourceTactic {
  readonly id: string;
  readonly name: string;
  readonly shortname: string;
}

export interface SourceTechnique {
  readonly id: string;
  readonly name: string;
  /** Shortnames of its tactics. */
  readonly tactics: readonly string[];
  readonly deprecated: boolean;
  readonly revoked: boolean;
  /** The technique that replaced a revoked one, when the source records it. */
  readonly replacedBy?: string;
}

export interface AttackSource {
  readonly name: string;
  /** The ATT&CK release, when the source records it. */
  readonly version?: string;
  readonly tactics: readonly SourceTactic[];
  readonly techniques: readonly SourceTechnique[];
}

export function expectString(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') throw new AttackSourceError(`${where} must be a non-empty string`);
  return value;
}

export function expectRecord(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AttackSourceError(`${where} must be an object`);
  }
  return value as Record<string, unknown>;
}

export function expectArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new AttackSourceError(`${where} must be an array`);
  return value;
}
