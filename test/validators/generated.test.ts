// The precompiled schema validators: current with their schemas, and never used stale.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateValidator } from '../../scripts/validators/generate-validators.js';
import { precompiledValidator } from '../../scripts/validators/precompiled.js';
import * as ruleValidator from '../../scripts/validators/rule.generated.js';
import { PRECOMPILED_SCHEMAS, repoFile, type PrecompiledSchemaName } from '../../scripts/validators/schema-set.js';

const names = Object.keys(PRECOMPILED_SCHEMAS) as PrecompiledSchemaName[];

it.each(names)('the %s validator is generated from its current schema (run `npm run generate:validators`)', (name) => {
  expect(readFileSync(repoFile(PRECOMPILED_SCHEMAS[name].validatorFile), 'utf8')).toBe(generateValidator(name));
});

describe('a precompiled validator', () => {
  afterEach(() => vi.restoreAllMocks());
  const rule = { metadata: {}, rule: { risk_score: 147 } };

  it('is the generated one when the schema is unchanged', () => {
    expect(precompiledValidator('rule', ruleValidator)()).toBe(ruleValidator.validate);
  });

  it('compiles the schema at run time, with a note, when the schema changed since generation', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stale = { validate: () => true, schemaSha256: 'an older schema' };
    const validate = precompiledValidator('rule', stale)();
    expect(validate).not.toBe(stale.validate);
    expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/schemas\/rule\.schema\.json changed .*npm run generate:validators/));
    // Same answers as the generated validator: the same schema with the same options.
    expect(validate(rule)).toBe(false);
    expect(ruleValidator.validate(rule)).toBe(false);
    expect(validate.errors?.map((e) => `${e.instancePath} ${e.keyword}`)).toEqual(
      (ruleValidator.validate as unknown as { errors: { instancePath: string; keyword: string }[] }).errors.map((e) => `${e.instancePath} ${e.keyword}`),
    );
  });
});
