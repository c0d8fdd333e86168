// Writes schemas/ecs-fields.json (ecs-table.ts) from the pinned @elastic/ecs package:
// `npm run generate:ecs`; a test fails when the committed table is stale.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ECS_TABLE_FILE } from './ecs-table.js';

interface EcsField {
  type: string;
  object_type?: string;
  multi_fields?: { flat_name: string; type: string }[];
}

/** Every ECS field and multi-field with its type (`object:<type>` for typed objects). */
function ecsTypes(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const { EcsFlat } = require('@elastic/ecs') as { EcsFlat: Record<string, EcsField> };
  const types = new Map<string, string>();
  for (const [name, field] of Object.entries(EcsFlat)) {
    types.set(name, field.type === 'object' && field.object_type ? `object:${field.object_type}` : field.type);
    for (const sub of field.multi_fields ?? []) types.set(sub.flat_name, sub.type);
  }
  return types;
}

/** The table's text: sorted, one field a line, so that an ECS upgrade reads as a diff. */
export function renderEcsTable(): string {
  const { version } = createRequire(import.meta.url)('@elastic/ecs/package.json') as { version: string };
  const lines = [...ecsTypes()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, type]) => `    ${JSON.stringify(name)}: ${JSON.stringify(type)}`);
  return `{\n  "source": "@elastic/ecs ${version} (npm run generate:ecs)",\n  "fields": {\n${lines.join(',\n')}\n  }\n}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(ECS_TABLE_FILE, renderEcsTable());
  process.stdout.write(`wrote ${path.relative(process.cwd(), ECS_TABLE_FILE)}\n`);
}
