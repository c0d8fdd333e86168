// The field-level difference between two rule documents: every changed field path with its old
// and new value, in words a reviewer reads at a glance ("rule.severity: medium → high").
import { formatFieldPath, type FieldPath } from '../rules/rule-file.js';
import { unifiedDiff } from './line-diff.js';

export interface FieldChange {
  /** Dotted field path: `rule.severity`, `rule.threat[0].tactic.id`. */
  readonly path: string;
  readonly fieldPath: FieldPath;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
  /** One line: `medium → high`, `changed (12 lines)`, `+ "Windows", - "Linux"`. */
  readonly summary: string;
  /** For long strings: the unified diff of the two texts. */
  readonly diff?: string;
}

/** Strings longer than this, or on more than one line, are summarised and diffed rather than shown. */
const SHORT_STRING = 80;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: unknown): boolean => value === null || ['string', 'number', 'boolean'].includes(typeof value);
const isLong = (value: unknown): value is string => typeof value === 'string' && (value.length > SHORT_STRING || value.includes('\n'));
const lineCount = (text: string): number => text.replace(/\n$/, '').split('\n').length;

/** A value as a reviewer reads it: short strings bare, everything else as JSON. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return isLong(value) ? `(${lineCount(value)} lines)` : value;
  return JSON.stringify(value) ?? 'undefined';
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Every field that differs between `before` and `after`, depth first in key order. Fields under
 * `skip` (such as the query, compared on its syntax tree instead) are left out.
 */
export function diffFields(before: unknown, after: unknown, skip: readonly FieldPath[] = []): FieldChange[] {
  const skipped = new Set(skip.map(formatFieldPath));
  const changes: FieldChange[] = [];
  const visit = (fieldPath: FieldPath, a: unknown, b: unknown): void => {
    const name = formatFieldPath(fieldPath);
    if (skipped.has(name) || sameValue(a, b)) return;
    const change = (kind: FieldChange['kind'], summary: string, diff?: string): void => {
      changes.push({ path: name, fieldPath, kind, ...(a !== undefined ? { before: a } : {}), ...(b !== undefined ? { after: b } : {}), summary, ...(diff ? { diff } : {}) });
    };
    if (a === undefined) change('added', `added: ${showValue(b)}`);
    else if (b === undefined) change('removed', `removed (was ${showValue(a)})`);
    else if (isObject(a) && isObject(b)) {
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) visit([...fieldPath, key], a[key], b[key]);
    } else if (Array.isArray(a) && Array.isArray(b) && a.every(isScalar) && b.every(isScalar)) change('changed', describeListChange(a, b));
    else if (Array.isArray(a) && Array.isArray(b)) {
      for (let index = 0; index < Math.max(a.length, b.length); index += 1) visit([...fieldPath, index], a[index], b[index]);
    } else if (isLong(a) || isLong(b)) {
      change('changed', `changed (${lineCount(String(b))} lines)`, unifiedDiff(String(a), String(b)));
    } else change('changed', `${showValue(a)} → ${showValue(b)}`);
  };
  visit([], before, after);
  return changes;
}

/** A list of scalars compared as a set: what was added, what was removed, or that only the order moved. */
function describeListChange(before: readonly unknown[], after: readonly unknown[]): string {
  const shown = (value: unknown): string => JSON.stringify(value);
  const remaining = after.map(shown);
  const removed: string[] = [];
  for (const item of before.map(shown)) {
    const index = remaining.indexOf(item);
    if (index >= 0) remaining.splice(index, 1);
    else removed.push(item);
  }
  const parts = [...remaining.map((item) => `+ ${item}`), ...removed.map((item) => `- ${item}`)];
  return parts.length === 0 ? 'reordered' : parts.join(', ');
}
