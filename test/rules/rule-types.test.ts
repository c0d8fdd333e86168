import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { generateRuleTypes, RULE_TYPES_FILE } from '../../scripts/rules/rule-types.js';

it('the TypeScript rule types are generated from the current schema (run `npm run generate:types`)', async () => {
  expect(await readFile(RULE_TYPES_FILE, 'utf8')).toBe(await generateRuleTypes());
});
