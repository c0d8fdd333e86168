import { describe, expect, it } from 'vitest';
import { diffLines, unifiedDiff } from '../../scripts/review/line-diff.js';

describe('line diff', () => {
  it('aligns kept lines and marks removed and added ones', () => {
    expect(diffLines('a\nb\nc\nd', 'a\nc\nx\nd')).toEqual([
      { kind: ' ', text: 'a' },
      { kind: '-', text: 'b' },
      { kind: ' ', text: 'c' },
      { kind: '+', text: 'x' },
      { kind: ' ', text: 'd' },
    ]);
  });

  it('writes unified hunks with three lines of context and correct line numbers', () => {
    const before = Array.from({ length: 20 }, (_, n) => `line ${n + 1}`);
    const after = [...before];
    after[1] = 'changed 2';
    after.splice(15, 1);
    expect(unifiedDiff(before.join('\n'), after.join('\n'))).toBe(
      [
        '@@ -1,5 +1,5 @@',
        ' line 1',
        '-line 2',
        '+changed 2',
        ' line 3',
        ' line 4',
        ' line 5',
        '@@ -13,7 +13,6 @@',
        ' line 13',
        ' line 14',
        ' line 15',
        '-line 16',
        ' line 17',
        ' line 18',
        ' line 19',
      ].join('\n'),
    );
  });

  it('is empty for equal texts and handles an empty side', () => {
    expect(unifiedDiff('same\ntext', 'same\ntext')).toBe('');
    expect(unifiedDiff('', 'new')).toBe('@@ -1,1 +1,1 @@\n-\n+new');
  });
});
