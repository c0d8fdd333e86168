// A rule file as the rest of the tool chain sees it: the parsed document, typed by the schema,
// plus a way back to the source text for every finding.
import type { RuleDocument } from './rule-types.generated.js';

export type { RuleDocument };
export type RuleBody = RuleDocument['rule'];
export type RuleMetadata = RuleDocument['metadata'];

export type RuleFormat = 'toml' | 'yaml';

/** A path into the rule document: `['rule', 'threat', 0, 'tactic', 'id']`. */
export type FieldPath = readonly (string | number)[];

export interface SourcePosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export interface RuleSource {
  readonly file: string;
  readonly format: RuleFormat;
  readonly text: string;
  /**
   * Where the value at `path` is written: the key of an object member, the item of an array.
   * Falls back to the nearest written ancestor (a missing key is reported at its parent).
   */
  locate(path: FieldPath): SourcePosition | undefined;
  /** Where character `offset` of the string value at `path` sits in the file (for query errors). */
  locateInString(path: FieldPath, offset: number): SourcePosition | undefined;
}

export interface RuleFile {
  /** The path as given or discovered, relative to the working directory where possible. */
  readonly file: string;
  readonly source: RuleSource;
  readonly document: RuleDocument;
}

/** Renders a path as a dotted field name: `rule.threat[0].tactic.id`. */
export function formatFieldPath(path: FieldPath): string {
  return path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text === '' ? part : `${text}.${part}`),
    '',
  );
}

/**
 * Turns a JSON pointer (RFC 6901, as ajv's `instancePath`) into a field path: `/threat/0/tactic`
 * → `['threat', 0, 'tactic']`. `~1` and `~0` are unescaped so a key containing `/` or `~` stays
 * one key; an all-digit part is an array index.
 */
export function pointerToPath(pointer: string): FieldPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
