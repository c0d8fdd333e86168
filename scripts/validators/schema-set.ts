// The JSON Schemas whose ajv validators are compiled ahead of time, with the ajv options each
// is checked with. Compiling them at every start cost about 300 ms; `npm run generate:validators`
// writes them as standalone modules (generate-validators.ts) and a test fails when one is stale.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Options } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { REPO_ROOT } from '../project-paths.js';

export interface PrecompiledSchema {
  /** The schema file, relative to the repository. */
  readonly schemaFile: string;
  /** The standalone validator module written from it, relative to the repository. */
  readonly validatorFile: string;
  readonly options: Options;
  /** Whether ajv-formats' formats (date-time, uri, …) are checked. */
  readonly formats: boolean;
}

// Rule and rule-test files: every error, with the failing value and schema for the explanations.
const RULE_FILE_OPTIONS: Options = { allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true };

export const PRECOMPILED_SCHEMAS = {
  rule: { schemaFile: 'schemas/rule.schema.json', validatorFile: 'scripts/validators/rule.generated.ts', options: RULE_FILE_OPTIONS, formats: true },
  ruleTest: { schemaFile: 'schemas/rule-test.schema.json', validatorFile: 'scripts/validators/rule-test.generated.ts', options: RULE_FILE_OPTIONS, formats: true },
  lintConfig: {
    schemaFile: 'schemas/lint-config.schema.json',
    validatorFile: 'scripts/validators/lint-config.generated.ts',
    options: { allErrors: true, strict: false },
    formats: false,
  },
  fieldDeclarations: {
    schemaFile: 'schemas/fields/field-declarations.schema.json',
    validatorFile: 'scripts/validators/field-declarations.generated.ts',
    options: { allErrors: true },
    formats: false,
  },
  kibanaRule: {
    schemaFile: 'schemas/kibana-rule.schema.json',
    validatorFile: 'scripts/validators/kibana-rule.generated.ts',
    options: { allErrors: true, strict: false },
    formats: false,
  },
} as const satisfies Record<string, PrecompiledSchema>;

export type PrecompiledSchemaName = keyof typeof PRECOMPILED_SCHEMAS;

export const repoFile = (relative: string): string => path.join(REPO_ROOT, relative);

/** The digest a generated validator records of its schema's text, to notice an edited schema. */
export const schemaDigest = (text: string): string => createHash('sha256').update(text).digest('hex');

const require = createRequire(import.meta.url);

/**
 * An ajv instance for `entry`; `source` keeps the generated code for standalone output. ajv is
 * required here, on demand, so that a command whose validators are current never loads it.
 */
export function createAjv(entry: PrecompiledSchema, source: boolean): Ajv2020 {
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const ajv = new Ajv({ ...entry.options, ...(source ? { code: { source: true, esm: true } } : {}) });
  if (entry.formats) (require('ajv-formats') as { default: (a: Ajv2020) => void }).default(ajv);
  return ajv;
}
