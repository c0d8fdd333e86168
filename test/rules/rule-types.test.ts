import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { GENERATED_TYPES, generateTypes } from '../../scripts/rules/rule-types.js';

it.each(GENERATED_TYPES)('$typesFile is generated from the current $schemaFile (run `npm run generate:types`)', async (generated) => {
  expect(await readFile(generated.typesFile, 'utf8')).toBe(await generateTypes(generated));
});
