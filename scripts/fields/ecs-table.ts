// ECS field types as a compact precomputed table, schemas/ecs-fields.json: reading it costs about
// a millisecond, where loading the whole @elastic/ecs package (every field's description,
// example and allowed values) cost about 60 ms at every start. generate-ecs-table.ts writes it.
import { readFileSync } from 'node:fs';
import { schemaPath } from '../project-paths.js';

export const ECS_TABLE_FILE = schemaPath('ecs-fields.json');

export function loadEcsTable(): Map<string, string> {
  const table = JSON.parse(readFileSync(ECS_TABLE_FILE, 'utf8')) as { fields: Record<string, string> };
  return new Map(Object.entries(table.fields));
}
