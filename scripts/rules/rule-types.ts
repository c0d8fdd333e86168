// The TypeScript types of rule files and rule test files are generated from their JSON Schemas,
// the single source of truth: `npm run generate:types` writes them, and a test fails when stale.
import { readFile, writeFile } from 'node:fs/promises';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

export interface GeneratedTypes {
  readonly schemaFile: string;
  readonly typesFile: string;
  readonly typeName: string;
}

export const GENERATED_TYPES: readonly GeneratedTypes[] = [
  { schemaFile: 'schemas/rule.schema.json', typesFile: 'scripts/rules/rule-types.generated.ts', typeName: 'RuleDocument' },
  { schemaFile: 'schemas/rule-test.schema.json', typesFile: 'scripts/testing/rule-test-types.generated.ts', typeName: 'RuleTestFile' },
];

/** Drops `allOf`/`anyOf` branches that only add requirements: the generator turns them into noise. */
function withoutRequirementBranches(schema: JSONSchema): JSONSchema {
  if (Array.isArray(schema)) return schema.map(withoutRequirementBranches) as unknown as JSONSchema;
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    const onlyRequirements = (key === 'allOf' || key === 'anyOf') && Array.isArray(value) && value.every((branch) => 'if' in branch || Object.keys(branch).every((k) => k === 'required'));
    if (!onlyRequirements) copy[key] = typeof value === 'object' && value !== null ? withoutRequirementBranches(value as JSONSchema) : value;
  }
  return copy as JSONSchema;
}

export async function generateTypes({ schemaFile, typeName }: GeneratedTypes): Promise<string> {
  const schema = withoutRequirementBranches(JSON.parse(await readFile(schemaFile, 'utf8')) as JSONSchema);
  return compile({ ...schema, title: typeName }, typeName, {
    bannerComment: `// Generated from ${schemaFile} by \`npm run generate:types\`. Do not edit.`,
    additionalProperties: false,
    format: true,
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true, printWidth: 120 },
    strictIndexSignatures: true,
    unreachableDefinitions: false,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const generated of GENERATED_TYPES) {
    await writeFile(generated.typesFile, await generateTypes(generated));
    process.stdout.write(`wrote ${generated.typesFile}\n`);
  }
}
