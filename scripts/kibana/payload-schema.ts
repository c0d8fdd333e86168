// Checks a payload against schemas/kibana-rule.schema.json before anything is sent.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Finding } from '../report/finding.js';

export const KIBANA_RULE_SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schemas/kibana-rule.schema.json');

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled === undefined) {
    const schema = JSON.parse(readFileSync(KIBANA_RULE_SCHEMA_FILE, 'utf8')) as object;
    compiled = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  }
  return compiled;
}

/** Findings for every way `payload` breaks the payload schema; empty when it is valid. */
export function checkPayload(payload: unknown, file: string): Finding[] {
  const validate = validator();
  if (validate(payload)) return [];
  return (validate.errors ?? []).map((error) => {
    const where = error.instancePath.split('/').slice(1).join('.');
    const field = `rule${where === '' ? '' : `.${where}`}`;
    return {
      code: 'kibana.payload',
      severity: 'error',
      message: `the Kibana payload built from this rule is invalid: ${field} ${error.message ?? 'is invalid'}`,
      file,
      path: field,
      hint: 'fix the rule file; schemas/kibana-rule.schema.json says what Kibana accepts',
    };
  });
}
