import { describe, expect, it } from 'vitest';
import { compareQueries } from '../../scripts/review/query-diff.js';
import { seedQuery } from '../eql/seed-query.js';

describe('compareQueries', () => {
  it('treats whitespace and comments as formatting, not a change', () => {
    const reformatted = seedQuery.replace(/\/\*[^*]*\*\//, '').replace(/\s+/g, ' ');
    expect(compareQueries(seedQuery, reformatted)).toMatchObject({ changed: false, formattingOnly: true, diff: '', details: [] });
    expect(compareQueries(seedQuery, seedQuery)).toMatchObject({ changed: false, formattingOnly: false });
  });

  it('names the sequence step whose exclusion was removed, and diffs the formatted queries', () => {
    const change = compareQueries(seedQuery, seedQuery.replace(/ and\s+\/\*[^*]*\*\/\s+not [^\]]*\]/, ']'));
    expect(change.details).toEqual(['sequence step 1 (iam): condition removed: `not winlog.event_data.PrivilegeList : "SeDebugPrivilege"`']);
    expect(change.diff.split('\n').filter((line) => /^[-+]/.test(line))).toEqual([
      '-  [iam where event.action == "logged-in-special" and winlog.event_data.PrivilegeList : "SeBackupPrivilege" and not winlog.event_data.PrivilegeList : "SeDebugPrivilege"]',
      '+  [iam where event.action == "logged-in-special" and winlog.event_data.PrivilegeList : "SeBackupPrivilege"]',
    ]);
  });

  it('names maxspan, join key, category, added-step and until changes', () => {
    const before = 'sequence by host.id with maxspan=1m [process where a == 1] [file where b == 2]';
    expect(compareQueries(before, 'sequence by host.id, user.id with maxspan=5m [process where a == 1] [file where b == 2]').details).toEqual([
      'sequence join keys host.id → host.id, user.id',
      'maxspan 1m → 5m',
    ]);
    expect(compareQueries(before, 'sequence by host.id with maxspan=1m [process where a == 1] [network where true] [file where b == 2]').details).toEqual([
      'sequence step 2 (network) added: `[network where true]`',
    ]);
    expect(compareQueries(before, 'sequence by host.id with maxspan=1m [process where a == 1] [registry where b == 2] until [process where c == 3]').details).toEqual([
      'sequence step 2 (registry): event category file → registry',
      'until added: `[process where c == 3]`',
    ]);
  });

  it('compares the conditions of an event query as a set of and-ed terms', () => {
    expect(compareQueries('process where a == 1 and b == 2', 'process where b == 2 and c : "x*"').details).toEqual([
      'event filter: condition removed: `a == 1`',
      'event filter: condition added: `c : "x*"`',
    ]);
    expect(compareQueries('process where a == 1', 'process where a == 2').details).toEqual(['event filter: condition `a == 1` → `a == 2`']);
    expect(compareQueries('process where a == 1 and b == 2', 'process where b == 2 and a == 1').details).toEqual(['event filter: conditions reordered']);
  });

  it('falls back to the text for a query that does not parse, and notes an added query', () => {
    const broken = compareQueries('process where a == 1', 'process where a ===');
    expect(broken).toMatchObject({ changed: true, after: 'process where a ===', details: ['query changed (it does not parse, so it is compared as text)'] });
    expect(compareQueries(undefined, 'process where true')).toMatchObject({ changed: true, before: '', details: ['query added'] });
  });
});

describe('compareQueries for KQL, ES|QL and Lucene', () => {
  it('KQL: reformatting is no change; a changed value is, with a diff of the formatted queries', () => {
    expect(compareQueries('event.code:4625   AND user.name:(a OR b)', 'event.code: 4625 and user.name: (a or b)', 'kuery')).toMatchObject({ changed: false, formattingOnly: true });
    const change = compareQueries('event.code:4625', 'event.code:4624', 'kuery');
    expect(change).toMatchObject({ changed: true, details: ['query changed'] });
    expect(change.diff).toContain('+event.code: 4624');
  });

  it('ES|QL: case, spacing and comments are no change; a changed threshold is', () => {
    expect(compareQueries('from logs-* | where x>1 // note', 'FROM logs-*\n| WHERE x > 1', 'esql')).toMatchObject({ changed: false, formattingOnly: true });
    expect(compareQueries('FROM logs-* | WHERE x > 1', 'FROM logs-* | WHERE x > 2', 'esql')).toMatchObject({ changed: true, details: ['query changed'] });
  });

  it('Lucene, and a query that does not parse, are compared as text and say so', () => {
    expect(compareQueries('a:b', 'a:c', 'lucene').details).toEqual(['query changed (a Lucene query is compared as text)']);
    expect(compareQueries('FROM logs-* | WHERE (', 'FROM logs-* | WHERE x', 'esql').details).toEqual(['query changed (it does not parse, so it is compared as text)']);
  });
});
