import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ECS_TABLE_FILE, loadEcsTable } from '../../scripts/fields/ecs-table.js';
import { renderEcsTable } from '../../scripts/fields/generate-ecs-table.js';

it('schemas/ecs-fields.json is generated from the pinned @elastic/ecs (run `npm run generate:ecs`)', () => {
  expect(readFileSync(ECS_TABLE_FILE, 'utf8')).toBe(renderEcsTable());
});

it('holds fields, multi-fields and typed objects with their types', () => {
  const types = loadEcsTable();
  expect(types.size).toBeGreaterThan(2000);
  expect(types.get('@timestamp')).toBe('date');
  expect(types.get('process.command_line')).toBe('wildcard');
  expect(types.get('process.command_line.text')).toBe('match_only_text');
  expect(types.get('labels')).toBe('object:keyword');
});
