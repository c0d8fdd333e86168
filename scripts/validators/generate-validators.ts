// Writes each precompiled schema's ajv validator as a standalone module (ajv's standalone code
// generation): `npm run generate:validators`, or `--check` to exit 1 when one is stale. The module
// records its schema's SHA-256 so that an edited, not regenerated schema is noticed at run time
// (precompiled.ts then compiles it as before).
import { readFileSync, writeFileSync } from 'node:fs';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { createAjv, PRECOMPILED_SCHEMAS, repoFile, schemaDigest, type PrecompiledSchemaName } from './schema-set.js';

/**
 * ajv's ESM output still reaches its runtime helpers (ucs2length, ajv-formats' formats) with
 * `require(...)`, which an ES module does not have: give it one, resolving from this folder.
 */
function withRequire(code: string): string {
  const needsRequire = code.includes('require(');
  const body = code.replace(/^"use strict";/, '');
  return needsRequire ? `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n${body}` : body;
}

export function generateValidator(name: PrecompiledSchemaName): string {
  const entry = PRECOMPILED_SCHEMAS[name];
  const text = readFileSync(repoFile(entry.schemaFile), 'utf8');
  const ajv = createAjv(entry, true);
  const code = (standaloneCode as unknown as typeof standaloneCode.default)(ajv, ajv.compile(JSON.parse(text) as object));
  return (
    `// @ts-nocheck\n// Generated from ${entry.schemaFile} by \`npm run generate:validators\` (ajv standalone code). Do not edit.\n` +
    `${withRequire(code)}\nexport const schemaSha256 = '${schemaDigest(text)}';\n`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const name of Object.keys(PRECOMPILED_SCHEMAS) as PrecompiledSchemaName[]) {
    const { validatorFile } = PRECOMPILED_SCHEMAS[name];
    const code = generateValidator(name);
    let current = '';
    try {
      current = readFileSync(repoFile(validatorFile), 'utf8');
    } catch {
      // Not generated yet.
    }
    if (current === code) continue;
    stale++;
    if (check) process.stdout.write(`stale: ${validatorFile} (run npm run generate:validators)\n`);
    else {
      writeFileSync(repoFile(validatorFile), code);
      process.stdout.write(`wrote ${validatorFile}\n`);
    }
  }
  process.exitCode = check && stale > 0 ? 1 : 0;
}
