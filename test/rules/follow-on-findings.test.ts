// Findings that lead somewhere: a wrong technique id is one error, not three; an enum value gets
// "did you mean" as a key does.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/project-paths.js';
import { parseRuleText } from '../../scripts/rules/load.js';
import { repositoryChecks } from '../../scripts/rules/repository-checks.js';
import type { RuleFile } from '../../scripts/rules/rule-file.js';

const SEED = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';
const seed = () => readFile(path.join(REPO_ROOT, SEED), 'utf8');

async function findings(text: string) {
  const parsed = parseRuleText(SEED, text);
  if (!parsed.rule) return parsed.findings;
  const all = [];
  for (const check of await repositoryChecks()) all.push(...(await check([parsed.rule as RuleFile])));
  return all;
}

describe('follow-on findings', () => {
  it('an unknown technique id over a sub-technique gives one error, pointing at the right id', async () => {
    const found = await findings((await seed()).replace(/^id = "T1003"$/m, 'id = "T9999"'));
    expect(found.map((finding) => [finding.code, finding.hint])).toEqual([['lint.attack-unknown-id', '"OS Credential Dumping" is T1003: use that id']]);
  });

  it('an unknown tactic id gives one error, not a reference error too', async () => {
    const found = await findings((await seed()).replace(/^id = "TA0008"$/m, 'id = "TA9999"'));
    expect(found.map((finding) => finding.code)).toEqual(['lint.attack-unknown-id']);
  });

  it('an enum value in the wrong case gets "did you mean"', async () => {
    const found = await findings((await seed()).replace('severity = "medium"', 'severity = "Medium"'));
    expect(found).toEqual([
      expect.objectContaining({
        code: 'schema.enum',
        message: 'rule.severity must be one of "low", "medium", "high", "critical"; got "Medium"; did you mean "medium"?',
        hint: 'set it to "medium"',
      }),
    ]);
  });

  it('a misspelt enum value gets the nearest one, a far one none', async () => {
    expect((await findings((await seed()).replace('type = "eql"', 'type = "eqll"'))).find((f) => f.code === 'schema.enum')?.hint).toBe('set it to "eql"');
    expect((await findings((await seed()).replace('severity = "medium"', 'severity = "whatever"')))[0]?.hint).toBeUndefined();
  });
});
