import { describe, expect, it } from 'vitest';
import { formatFieldPath, pointerToPath } from '../../scripts/rules/rule-file.js';

describe('pointerToPath', () => {
  it('reads the whole document from the empty pointer', () => {
    expect(pointerToPath('')).toEqual([]);
  });

  it('turns all-digit parts into array indexes', () => {
    expect(pointerToPath('/threat/0/tactic/id')).toEqual(['threat', 0, 'tactic', 'id']);
    expect(formatFieldPath(['rule', ...pointerToPath('/threat/0/tactic/id')])).toBe('rule.threat[0].tactic.id');
  });

  it('keeps a key containing "/" as one key', () => {
    // ajv escapes "/" in a key as "~1"; splitting before unescaping would make two keys of it.
    expect(pointerToPath('/meta/kibana~1siem/enabled')).toEqual(['meta', 'kibana/siem', 'enabled']);
  });

  it('unescapes "~0" to "~" after "~1", as RFC 6901 orders it', () => {
    expect(pointerToPath('/a~0b/c~01')).toEqual(['a~b', 'c~1']);
  });
});
