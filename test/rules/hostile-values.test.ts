// Loader and schema findings for hostile values (issue 13).
import { readFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { parseRuleText } from '../../scripts/rules/load.js';

const SEED = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';

describe('hostile values', () => {
  it('risk_score = inf is reported as inf, not as null', async () => {
    const text = (await readFile(SEED, 'utf8')).replace('risk_score = 47', 'risk_score = inf');
    expect(parseRuleText('x.toml', text).findings).toMatchObject([{ code: 'schema.type', line: 73, message: 'rule.risk_score must be integer; got inf' }]);
  });

  it('a YAML key that is a collection is a finding, and Node prints no warning', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    try {
      expect(parseRuleText('x.yaml', '? [a, b]\n: 1\nrule: {}\n').findings).toMatchObject([{ code: 'load.yaml', line: 1, column: 3, message: expect.stringContaining('a mapping key is a sequence or mapping') }]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
