// The TypeScript types of a rule file are generated from schemas/rule.schema.json, the single
// source of truth: `npm run generate:types` writes them, and a test fails when they are stale.
import { readFile } from 'node:fs/promises';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

export const RULE_SCHEMA_FILE = 'schemas/rule.schema.json';
export const RULE_TYPES_FILE = 'scripts/rules/rule-types.generated.ts';

const banner = `// Generated from ${RULE_SCHEMA_FILE} by \`npm run generate:types\`. Do not edit.`;

export async function generateRuleTypes(schemaFile = RULE_SCHEMA_FILE): Promise<string> {
  const schema = JSON.parse(await readFile(schemaFile, 'utf8')) as JSONSchema;
  // The if/then branches only add requirements; the generator would turn them into noise.
  const rule = (schema.$defs as Record<string, JSONSchema>).rule;
  const { allOf: _typeRequirements, ...ruleWithoutBranches } = rule as JSONSchema & { allOf?: unknown };
  const forTypes: JSONSchema = {
    ...schema,
    title: 'RuleDocument',
    $defs: { ...(schema.$defs as Record<string, JSONSchema>), rule: ruleWithoutBranches },
  };
  return compile(forTypes, 'RuleDocument', {
    bannerComment: banner,
    additionalProperties: false,
    format: true,
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true, printWidth: 120 },
    strictIndexSignatures: true,
    unreachableDefinitions: false,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(RULE_TYPES_FILE, await generateRuleTypes());
  process.stdout.write(`wrote ${RULE_TYPES_FILE}\n`);
}
