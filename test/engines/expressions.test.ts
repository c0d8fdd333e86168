// Conditions, operators and functions, against Elasticsearch's EQL syntax and function reference.
import { describe, expect, it } from 'vitest';
import { EqlCompileError } from '../../scripts/engines/embedded/compile-expression.js';
import { fieldTypesFromMapping } from '../../scripts/engines/embedded/field-types.js';
import { ids, timeline } from './run-query.js';

const names = timeline([{ name: 'cmd.exe' }, { name: 'CMD.EXE' }, { name: 'powershell.exe' }, {}]);

describe('case sensitivity', () => {
  it('== is case-sensitive, : is not', async () => {
    expect(await ids('process where name == "cmd.exe"', names)).toEqual(['1']);
    expect(await ids('process where name : "cmd.exe"', names)).toEqual(['1', '2']);
  });

  it('like is case-sensitive unless written like~', async () => {
    expect(await ids('process where name like "cmd*"', names)).toEqual(['1']);
    expect(await ids('process where name like~ "cmd*"', names)).toEqual(['1', '2']);
  });

  it('in is case-sensitive unless written in~', async () => {
    expect(await ids('process where name in ("CMD.EXE", "x")', names)).toEqual(['2']);
    expect(await ids('process where name in~ ("cmd.exe", "x")', names)).toEqual(['1', '2']);
    // Event 4 has no name: `not in` is must_not of a terms query, which matches it.
    expect(await ids('process where name not in~ ("cmd.exe")', names)).toEqual(['3', '4']);
  });

  it('regex is case-sensitive unless written regex~', async () => {
    expect(await ids('process where name regex "cmd\\\\.exe"', names)).toEqual(['1']);
    expect(await ids('process where name regex~ "cmd\\\\.exe"', names)).toEqual(['1', '2']);
  });

  it('string functions are case-sensitive unless written with ~', async () => {
    expect(await ids('process where startsWith(name, "CMD")', names)).toEqual(['2']);
    expect(await ids('process where startsWith~(name, "CMD")', names)).toEqual(['1', '2']);
  });
});

describe('wildcards', () => {
  const paths = timeline([{ p: 'C:\\Windows\\a.exe' }, { p: 'C:\\Windows\\ab.exe' }, { p: 'D:\\x' }]);

  it('* matches any run, ? exactly one character', async () => {
    expect(await ids('process where p : "*\\\\a?.exe"', paths)).toEqual(['2']);
    expect(await ids('process where p : "c:*"', paths)).toEqual(['1', '2']);
    expect(await ids('process where p : ("d:*", "*a.exe")', paths)).toEqual(['1', '3']);
  });

  it('treats backslash as a literal character', async () => {
    expect(await ids('process where p : "*\\\\windows\\\\*"', paths)).toEqual(['1', '2']);
  });

  it('== does not expand wildcards', async () => {
    expect(await ids('process where p == "C:*"', paths)).toEqual([]);
  });
});

describe('regex (Lucene syntax)', () => {
  const values = timeline([{ v: 'abc123' }, { v: 'abc' }, { v: 'xyz' }, { v: 'a'.repeat(3000) + 'c' }]);

  it('matches the whole string with classes, repetition and alternation', async () => {
    expect(await ids('process where v regex "[a-c]+[0-9]{3}"', values)).toEqual(['1']);
    expect(await ids('process where v regex "abc|xyz"', values)).toEqual(['2', '3']);
    expect(await ids('process where v regex "ab"', values)).toEqual([]);
    expect(await ids('process where v regex "\\"abc\\"@"', values)).toEqual(['1', '2']);
    expect(await ids('process where v regex "abc\\\\d+"', values)).toEqual(['1']);
  });

  it('runs a catastrophic-backtracking pattern in linear time', async () => {
    const started = performance.now();
    expect(await ids('process where v regex "(a+)+b"', values)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('rejects unsupported operators and bad syntax with a position', async () => {
    await expect(ids('process where v regex "a&b"', values)).rejects.toThrow(/not supported/);
    await expect(ids('process where v regex "a{3,1}"', values)).rejects.toBeInstanceOf(EqlCompileError);
  });
});

describe('comparisons and arithmetic', () => {
  const numbers = timeline([{ n: 7, s: 'System' }, { n: -7, s: 'system' }, { n: 8, s: 'Systez' }]);

  it('compares strings lexicographically (case-sensitive)', async () => {
    expect(await ids('process where s >= "System" and s < "Systez"', numbers)).toEqual(['1']);
    expect(await ids('process where s > "S"', numbers)).toEqual(['1', '2', '3']);
    expect(await ids('process where s < "T"', numbers)).toEqual(['1', '3']);
  });

  it('divides integers as Elasticsearch (Java) does: truncating', async () => {
    expect(await ids('process where n / 2 == 3', numbers)).toEqual(['1']);
    expect(await ids('process where n / 2 == -3', numbers)).toEqual(['2']);
    expect(await ids('process where n / 2.0 == 3.5', numbers)).toEqual(['1']);
    expect(await ids('process where divide(n, 2) == 4', numbers)).toEqual(['3']);
    expect(await ids('process where n % 4 == 3', numbers)).toEqual(['1']);
  });
});

describe('three-valued logic', () => {
  const events = timeline([{ code: 0 }, { code: 1 }, {}]);

  it('a comparison with null is null, and not null is still null, inside a script', async () => {
    expect(await ids('process where code < 1', events)).toEqual(['1']);
    expect(await ids('process where not (code + 0 < 1)', events)).toEqual(['2']);
    expect(await ids('process where code + 0 != 0', events)).toEqual(['2']);
    // `or` of two scripts is a bool query, so the `not` around it is must_not again.
    expect(await ids('process where not (code + 0 < 1 or code + 0 > 5)', events)).toEqual(['2', '3']);
  });

  // Elasticsearch translates a field compared with a constant to a term or range query, and `!=`,
  // `not in` and `not` to must_not of it (x-pack/plugin/ql ExpressionTranslators: BinaryComparisons,
  // InComparisons, Nots), which matches a document without the field.
  it('!=, not in and not over a query match an event without the field', async () => {
    expect(await ids('process where not (code < 1)', events)).toEqual(['2', '3']);
    expect(await ids('process where code != 0', events)).toEqual(['2', '3']);
    expect(await ids('process where code not in (0)', events)).toEqual(['2', '3']);
    expect(await ids('process where not (code < 1 or code > 5)', events)).toEqual(['2', '3']);
    expect(await ids('process where not (code < 1 and code + 0 > 5)', events)).toEqual(['1', '2', '3']);
  });

  it('== null, : null and != null test for a missing value', async () => {
    expect(await ids('process where code == null', events)).toEqual(['3']);
    expect(await ids('process where code : null', events)).toEqual(['3']);
    expect(await ids('process where code : (null, 1)', events)).toEqual(['2', '3']);
    expect(await ids('process where code != null', events)).toEqual(['1', '2']);
    expect(await ids('process where null == (code > 0)', events)).toEqual(['3']);
  });

  it('null or true is true; null and false is false', async () => {
    expect(await ids('process where code > 0 or true', events)).toEqual(['1', '2', '3']);
    expect(await ids('process where not (code > 0 and false)', events)).toEqual(['1', '2', '3']);
  });
});

describe('multi-valued fields', () => {
  const privileges = timeline([
    { privs: ['SeBackupPrivilege', 'SeRestorePrivilege'] },
    { privs: ['SeBackupPrivilege', 'SeDebugPrivilege'] },
    { privs: ['SeTcbPrivilege'] },
    { privs: [] },
  ]);

  it('a condition holds when any value satisfies it', async () => {
    expect(await ids('process where privs : "SeBackupPrivilege"', privileges)).toEqual(['1', '2']);
    expect(await ids('process where privs == "SeTcbPrivilege"', privileges)).toEqual(['3']);
    expect(await ids('process where privs in ("SeDebugPrivilege", "x")', privileges)).toEqual(['2']);
  });

  it('a negation holds when no value satisfies it', async () => {
    expect(await ids('process where privs : "SeBackupPrivilege" and not privs : "SeDebugPrivilege"', privileges)).toEqual(['1']);
    expect(await ids('process where privs != "SeBackupPrivilege"', privileges)).toEqual(['3', '4']);
    expect(await ids('process where privs not in ("SeBackupPrivilege")', privileges)).toEqual(['3', '4']);
  });

  it('an empty array is a missing value', async () => {
    expect(await ids('process where privs == null', privileges)).toEqual(['4']);
  });

  it('functions apply to each value; the condition holds when any result does', async () => {
    expect(await ids('process where endsWith(privs, "RestorePrivilege")', privileges)).toEqual(['1']);
    expect(await ids('process where length(privs) == 14', privileges)).toEqual(['3']);
  });

  it('matches the event category when it is an array', async () => {
    const events = [{ '@timestamp': 1, event: { category: ['iam', 'authentication'] }, id: 'x' }];
    expect(await ids('authentication where true', events)).toEqual(['x']);
    expect(await ids('process where true', events)).toEqual([]);
  });
});

describe('field paths', () => {
  it('reads nested objects, literal dotted keys and arrays of objects alike', async () => {
    const events = timeline([
      { host: { id: 'a' } },
      { 'host.id': 'a' },
      { host: [{ id: 'b' }, { id: 'a' }] },
      { host: { id: 'b' } },
    ]);
    expect(await ids('process where host.id == "a"', events)).toEqual(['1', '2', '3']);
  });

  it('reads an array element by index', async () => {
    const events = timeline([{ args: ['x', 'y'] }, { args: ['y', 'x'] }]);
    expect(await ids('process where args[1] == "y"', events)).toEqual(['1']);
  });
});

describe('field types from a mapping', () => {
  const mapping = {
    mappings: {
      properties: {
        event_type: { type: 'keyword' },
        event: { properties: { category: { type: 'alias', path: 'event_type' } } },
        file_name: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 10 } } },
        body: { type: 'text' },
        code: { type: 'keyword' },
        size: { type: 'long' },
        address: { type: 'ip' },
        seen: { type: 'date' },
      },
    },
  };
  const fieldTypes = fieldTypesFromMapping(mapping);
  const events = [
    { '@timestamp': 1, event_type: 'file', id: '1', file_name: 'a.exe', code: 5, size: '12', address: '10.1.2.3', seen: '1970-01-01T00:00:01Z' },
    { '@timestamp': 2, event_type: 'file', id: '2', file_name: 'a-very-long-name.exe', code: '6', size: 3, address: '2001:db8::1', seen: 2000 },
  ];

  it('resolves aliases to their target (the event category too)', async () => {
    expect(await ids('file where event.category == "file"', events, { fieldTypes, event_category_field: 'event.category' })).toEqual(['1', '2']);
  });

  it('compares text fields through their keyword sub-field, honouring ignore_above', async () => {
    expect(await ids('file where file_name : "*.exe"', events, { fieldTypes })).toEqual(['1']);
    expect(await ids('file where file_name.keyword == "a.exe"', events, { fieldTypes })).toEqual(['1']);
  });

  it('rejects a text field without a keyword sub-field, naming the field', async () => {
    await expect(ids('file where body == "x"', events, { fieldTypes })).rejects.toThrow(/"body" is a text field/);
  });

  it('converts values to the mapped type: keyword numbers to strings, long strings to numbers', async () => {
    expect(await ids('file where code == "5"', events, { fieldTypes })).toEqual(['1']);
    expect(await ids('file where size > 10', events, { fieldTypes })).toEqual(['1']);
  });

  it('reads dates as epoch milliseconds', async () => {
    expect(await ids('file where seen == 1000', events, { fieldTypes })).toEqual(['1']);
    expect(await ids('file where seen >= 2000', events, { fieldTypes })).toEqual(['2']);
  });

  it('reads an optional field the mapping does not know as null', async () => {
    expect(await ids('file where ?nowhere == null and ?nowhere == ?elsewhere', events, { fieldTypes })).toEqual(['1', '2']);
    // Without the `?`, the field is read from the document like any other.
    expect(await ids('file where nowhere == null', events, { fieldTypes })).toEqual(['1', '2']);
    expect(await ids('file where ?code == "5"', events, { fieldTypes })).toEqual(['1']);
  });

  it('matches IPv4 and IPv6 addresses against several CIDR blocks', async () => {
    expect(await ids('file where cidrMatch(address, "10.0.0.0/8")', events, { fieldTypes })).toEqual(['1']);
    expect(await ids('file where cidrMatch(address, "192.168.0.0/16", "2001:db8::/32")', events, { fieldTypes })).toEqual(['2']);
    expect(await ids('file where cidrMatch(address, "0.0.0.0/0")', events, { fieldTypes })).toEqual(['1']);
  });
});

describe('functions', () => {
  const events = timeline([{ s: 'System Idle Process', n: '0x32' }, { s: 'explorer.exe', n: '12' }]);

  it('between, with greedy and case-insensitive forms', async () => {
    expect(await ids('process where between(s, "S", "e") == "yst"', events)).toEqual(['1']);
    expect(await ids('process where between(s, "S", "e", true) == "ystem Idle Proc"', events)).toEqual(['1']);
    expect(await ids('process where between~(s, "s", "E") == "yst"', events)).toEqual(['1']);
    expect(await ids('process where between(s, "q", "z") == ""', events)).toEqual(['1', '2']);
  });

  it('substring with negative positions, indexOf with a start, length', async () => {
    expect(await ids('process where substring(s, -4) == ".exe"', events)).toEqual(['2']);
    expect(await ids('process where substring(s, -4, -1) == ".ex"', events)).toEqual(['2']);
    expect(await ids('process where indexOf(s, "plorer", 2) == 2', events)).toEqual(['2']);
    expect(await ids('process where indexOf(s, "plorer", 3) == null', events)).toEqual(['1', '2']);
    expect(await ids('process where length(s) == 12', events)).toEqual(['2']);
    expect(await ids('process where length(missing) == null', events)).toEqual(['1', '2']);
  });

  it('number with a base, string, concat', async () => {
    expect(await ids('process where number(n, 16) == 50', events)).toEqual(['1']);
    expect(await ids('process where number(n) == 12', events)).toEqual(['2']);
    expect(await ids('process where concat(string(length(s)), ":", s) == "12:explorer.exe"', events)).toEqual(['2']);
  });
});
