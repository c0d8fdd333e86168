// The validator of a precompiled schema: the generated standalone module when it was generated
// from the schema as it is now, else (an edited schema, not yet regenerated) the schema compiled
// at run time, with a note, so that validation is never done against a stale schema.
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { createAjv, PRECOMPILED_SCHEMAS, repoFile, schemaDigest, type PrecompiledSchemaName } from './schema-set.js';

/** What a `*.generated.ts` module exports. */
export interface GeneratedValidator {
  readonly validate: unknown;
  readonly schemaSha256: string;
}

/** The validator of schema `name`, chosen on first use. */
export function precompiledValidator(name: PrecompiledSchemaName, generated: GeneratedValidator): () => ValidateFunction {
  let chosen: ValidateFunction | undefined;
  return () => {
    if (chosen) return chosen;
    const entry = PRECOMPILED_SCHEMAS[name];
    const text = readFileSync(repoFile(entry.schemaFile), 'utf8');
    if (schemaDigest(text) === generated.schemaSha256) {
      chosen = generated.validate as ValidateFunction;
    } else {
      process.stderr.write(`note: ${entry.schemaFile} changed since its validator was generated; compiling it now (run npm run generate:validators)\n`);
      chosen = createAjv(entry, false).compile(JSON.parse(text) as object);
    }
    return chosen;
  };
}
