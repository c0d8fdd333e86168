// JSON Schema validation with ajv, turning ajv's errors into findings at the line of the file
// they concern, with the field path, what was expected and, for a misspelt key, the nearest one.
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Finding } from '../report/finding.js';
import { MAX_FINDINGS_PER_FILE } from '../report/findings-cap.js';
import { nearest, nearestAllowed } from '../report/suggest.js';
import { formatFieldPath, pointerToPath, type FieldPath, type RuleSource } from './rule-file.js';

export type SchemaCheck = (data: unknown, source: RuleSource) => Finding[];

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, '');

/** A value as the file wrote it; TOML's inf and nan are not JSON (JSON.stringify would say null). */
const describe = (value: unknown): string =>
  typeof value === 'string' ? `"${value}"` : typeof value === 'number' && !Number.isFinite(value) ? String(value).replace('Infinity', 'inf').replace('NaN', 'nan') : (JSON.stringify(value) ?? String(value));

interface Explained {
  code: string;
  path: FieldPath;
  message: string;
  hint?: string;
  /** The key a misspelt key should be (unknown-key) or the key that is missing (required). */
  key?: string;
}

function explain(error: ErrorObject, path: FieldPath, suggest: boolean): Explained | undefined {
  const field = formatFieldPath(path) || 'the document';
  const schema = error.parentSchema as { title?: string; description?: string; properties?: object } | undefined;
  const expectation = schema?.description ?? schema?.title;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const suggestion = suggest ? nearest(key, Object.keys(schema?.properties ?? {})) : undefined;
      return {
        code: 'schema.unknown-key',
        path: [...path, key],
        message: `unknown key "${key}" in ${field}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        hint: suggestion ? `rename "${key}" to "${suggestion}"` : 'remove the key, or check its spelling and the table it sits in',
        ...(suggestion ? { key: suggestion } : {}),
      };
    }
    case 'required': {
      const key = (error.params as { missingProperty: string }).missingProperty;
      return { code: 'schema.required', path, message: `${field} is missing the required key "${key}"`, hint: `add "${key}"`, key };
    }
    case 'dependentRequired': {
      // Reported at the key that is present: that is the line to fix.
      const { property, missingProperty } = error.params as { property: string; missingProperty: string };
      return { code: 'schema.dependent-required', path: [...path, property], message: `${formatFieldPath([...path, property])} needs "${missingProperty}" beside it`, hint: `add "${missingProperty}", or remove "${property}"`, key: missingProperty };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      const suggestion = suggest ? nearestAllowed(error.data, allowed) : undefined;
      return {
        code: 'schema.enum',
        path,
        message: `${field} must be one of ${allowed.map(describe).join(', ')}; got ${describe(error.data)}${suggestion ? `; did you mean ${describe(suggestion)}?` : ''}`,
        ...(suggestion ? { hint: `set it to ${describe(suggestion)}` } : {}),
      };
    }
    case 'const':
      return { code: 'schema.const', path, message: `${field} must be ${describe((error.params as { allowedValue: unknown }).allowedValue)}; got ${describe(error.data)}` };
    case 'type':
      return { code: 'schema.type', path, message: `${field} must be ${(error.params as { type: string }).type.replace(',', ' or ')}; got ${describe(error.data)}` };
    case 'pattern':
    case 'format':
      return {
        code: `schema.${error.keyword}`,
        path,
        message: `${field} is not valid: ${describe(error.data)}${expectation ? `; expected ${lowerFirst(expectation)}` : ''}`,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const { comparison, limit } = error.params as { comparison: string; limit: number };
      return { code: 'schema.range', path, message: `${field} must be ${comparison} ${limit}; got ${describe(error.data)}` };
    }
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
      return { code: 'schema.size', path, message: `${field} ${error.message ?? 'has the wrong size'}` };
    case 'oneOf':
    case 'anyOf':
      return { code: 'schema.shape', path, message: `${field} does not have any of the allowed shapes${expectation ? ` (${expectation.replace(/\.$/, '')})` : ''}` };
    case 'if':
      return undefined; // The failing `then` branch already reported what is wrong.
    default:
      return { code: `schema.${error.keyword}`, path, message: `${field} ${error.message ?? 'is not valid'}` };
  }
}

/**
 * A check of documents with `validator`, a precompiled schema's validator (scripts/validators),
 * which must be built with `verbose` for the explanations.
 */
export function schemaCheck(validator: () => ValidateFunction): SchemaCheck {
  return (data, source) => {
    const validate = validator();
    if (validate(data)) return [];
    // "Did you mean" only for as many errors as a file's report can show: a file of a million
    // unknown keys must not cost a million searches.
    const explained = (validate.errors ?? []).flatMap((error, n) => explain(error, pointerToPath(error.instancePath), n < MAX_FINDINGS_PER_FILE) ?? []);
    // A missing key that a misspelt key already suggests is the same problem told twice.
    const suggested = new Set(explained.filter((e) => e.code === 'schema.unknown-key').map((e) => formatFieldPath([...e.path.slice(0, -1), e.key ?? ''])));
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const item of explained) {
      if (item.code === 'schema.required' && suggested.has(formatFieldPath([...item.path, item.key ?? '']))) continue;
      const key = `${item.code}\u0000${item.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const position = source.locate(item.path);
      findings.push({
        code: item.code,
        severity: 'error',
        message: item.message,
        file: source.file,
        path: formatFieldPath(item.path),
        ...(position ?? {}),
        ...(item.hint ? { hint: item.hint } : {}),
      });
    }
    // A failed union (oneOf/anyOf) also reports each branch's errors. When some branch failed
    // deeper inside the value, those precise errors say it best; otherwise the union's message does.
    const unions = new Set(findings.filter((f) => f.code === 'schema.shape').map((f) => f.path ?? ''));
    const deeper = (union: string) => findings.some((f) => f.path !== union && (f.path ?? '').startsWith(union) && /^[.[]/.test((f.path ?? '').slice(union.length)));
    return findings.filter((f) => {
      const union = f.path ?? '';
      if (!unions.has(union)) return true;
      return deeper(union) ? f.code !== 'schema.shape' && f.path !== union : f.code === 'schema.shape';
    });
  };
}
