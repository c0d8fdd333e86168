import { describe, expect, it } from 'vitest';
import { checkQuery, type EsqlProblem } from '../../scripts/esql/index.js';
import { loadFieldCatalogue } from '../../scripts/fields/field-catalogue.js';

const catalogue = loadFieldCatalogue();
const problems = (text: string, checkFields = true): EsqlProblem[] => checkQuery(text, { catalogue, checkFields }).problems;
const messages = (text: string): string[] => problems(text).map((problem) => `${problem.code} ${problem.message}`);

describe('ES|QL column tracking', () => {
  it('knows the ECS fields of FROM and the METADATA fields', () => {
    expect(messages('FROM logs-* METADATA _id, _index | WHERE process.name == "x" AND _id != "" | KEEP _index, host.name')).toEqual([]);
  });

  it('reports an unknown column at its offset, with a close match', () => {
    const [problem] = problems('FROM logs-* | WHERE host.nmae == "x"');
    expect(problem).toMatchObject({ code: 'esql.field', message: expect.stringMatching(/^Unknown column \[host\.nmae\], did you mean \[host\.\w+\]\?$/), offset: 20, line: 1, column: 21 });
  });

  it('tracks columns EVAL, STATS, RENAME, KEEP, DROP, DISSECT, GROK and MV_EXPAND make and remove', () => {
    expect(messages(`FROM logs-*
      | EVAL lower = TO_LOWER(process.name), n = LENGTH(lower)
      | DISSECT process.command_line "%{exe} %{?skip} %{arg}"
      | GROK process.executable "%{WORD:word} %{NUMBER:num:int}"
      | MV_EXPAND word
      | STATS c = COUNT(*), hosts = COUNT_DISTINCT(host.name), s = SUM(num) BY lower, exe, arg
      | RENAME c AS attempts
      | WHERE attempts > 3 AND hosts >= 2 AND s > 0
      | KEEP attempts, lower, exe
      | DROP exe
      | SORT attempts DESC`)).toEqual([]);
    expect(messages('FROM logs-* | STATS c = COUNT(*) BY host.name | WHERE process.name == "x"')).toEqual(['esql.field Unknown column [process.name]']);
    expect(messages('FROM logs-* | RENAME host.name AS h | WHERE host.name == "x"')[0]).toMatch(/^esql\.field Unknown column \[host\.name\]/);
    expect(messages('FROM logs-* | KEEP host.* | WHERE process.name == "x"')).toEqual(['esql.field Unknown column [process.name]']);
    expect(messages('FROM logs-* | DROP host.name | KEEP host.name')[0]).toMatch(/^esql\.field Unknown column \[host\.name\]/);
    expect(messages('FROM logs-* | DISSECT message "%{?skipped} %{kept}" | KEEP kept, skipped')[0]).toMatch(/^esql\.field Unknown column \[skipped\]/);
  });

  it('names a grouping or an EVAL of a bare column after the column, backquotes or not, and any other expression after its text', () => {
    expect(messages('FROM logs-* | STATS c = COUNT(*) BY source.`as`.number, `host.name` | KEEP source.as.number, host.name, c')).toEqual([]);
    expect(messages('FROM logs-* | STATS COUNT(*) BY host.name | KEEP `COUNT(*)`, host.name')).toEqual([]);
  });

  it('keeps the columns of INLINE STATS and adds its aggregates', () => {
    expect(messages('FROM logs-* | INLINE STATS c = COUNT(*) BY host.name | WHERE c > 1 AND process.name == "x"')).toEqual([]);
  });

  it('says a column of STATS must be grouped or aggregated', () => {
    expect(messages('FROM logs-* | STATS host.name, c = COUNT(*) BY user.name')).toEqual([
      'esql.type column [host.name] must appear in the STATS BY clause or be used in an aggregate function',
    ]);
  });

  it('does not report unknown columns when the field check is off, or after ENRICH or LOOKUP JOIN bring unknown ones', () => {
    expect(problems('FROM logs-* | WHERE made.up == 1', false)).toEqual([]);
    expect(messages('FROM logs-* | ENRICH policy | WHERE anything == 1')).toEqual([]);
    expect(messages('FROM logs-* | ENRICH policy ON host.name WITH owner | WHERE owner == "x"')).toEqual([]);
    expect(messages('FROM logs-* | LOOKUP JOIN intel ON source.ip | WHERE threat == 1')).toEqual([]);
  });
});

describe('ES|QL function and type checks', () => {
  it('reports an unknown function', () => {
    expect(messages('FROM logs-* | EVAL x = TO_LOWERR(process.name)')).toEqual(['esql.function Unknown function [TO_LOWERR]']);
  });

  it('reports an argument of the wrong type with Elasticsearch\'s wording', () => {
    expect(messages('FROM logs-* | EVAL x = TO_LOWER(process.pid)')).toEqual([
      'esql.type argument of [TO_LOWER(process.pid)] must be [string], found value [process.pid] type [long]',
    ]);
    expect(messages('FROM logs-* | EVAL x = STARTS_WITH(process.name, 1)')).toEqual([
      'esql.type second argument of [STARTS_WITH(process.name, 1)] must be [string], found value [1] type [integer]',
    ]);
    expect(messages('FROM logs-* | WHERE CIDR_MATCH(host.name, "10.0.0.0/8")')[0]).toMatch(/first argument of \[CIDR_MATCH\(host\.name, "10\.0\.0\.0\/8"\)\] must be \[ip\]/);
  });

  it('reports the wrong number of arguments', () => {
    expect(messages('FROM logs-* | EVAL x = TO_LOWER(process.name, "a")')[0]).toMatch(/^esql\.type function \[TO_LOWER\] takes 1 argument, found 2/);
  });

  it('compares numbers with numbers and strings with strings; a string constant is cast to a date or an ip', () => {
    expect(messages('FROM logs-* | WHERE process.pid == "abc"')).toEqual([
      'esql.type Cannot convert string [abc] to [LONG], error [Cannot parse number [abc]]',
    ]);
    expect(messages('FROM logs-* | WHERE process.pid == "42"')).toEqual([]);
    expect(messages('FROM logs-* | WHERE process.pid == host.name')).toEqual([
      'esql.type first argument of [process.pid == host.name] is [long] so second argument must also be [long] but was [keyword]',
    ]);
    expect(messages('FROM logs-* | WHERE @timestamp > "2024-01-01T00:00:00Z" AND source.ip == "10.0.0.1" AND process.pid > 1.5')).toEqual([]);
    expect(messages('FROM logs-* | WHERE process.name IN ("a", 1)')).toHaveLength(1);
  });

  it('requires a boolean WHERE condition and string LIKE operands', () => {
    expect(messages('FROM logs-* | WHERE process.pid')).toEqual(['esql.type Condition expression needs to be boolean, found [LONG]']);
    expect(messages('FROM logs-* | WHERE process.pid LIKE "1*"')[0]).toMatch(/must be \[string\], found value \[process\.pid\] type \[long\]/);
  });

  it('types arithmetic: numbers widen, dates move by time spans, strings do not add', () => {
    expect(messages('FROM logs-* | EVAL a = process.pid + 1.5, b = @timestamp - 1 hour, c = DATE_TRUNC(1 day, @timestamp) | WHERE a > 0 AND b < NOW()')).toEqual([]);
    expect(messages('FROM logs-* | EVAL a = process.name + 1')).toEqual(['esql.type [+] has arguments with incompatible types [keyword] and [integer]']);
  });

  it('refuses aggregates outside STATS and an unknown time unit', () => {
    expect(messages('FROM logs-* | EVAL c = COUNT(*)')).toEqual(['esql.type aggregate function [COUNT(*)] not allowed outside STATS command']);
    expect(messages('FROM logs-* | EVAL t = @timestamp - 1 fortnight')[0]).toMatch(/Unexpected temporal unit: 'fortnight'/);
  });

  it('reports a syntax error as esql.syntax with a hint for a misspelt command', () => {
    expect(problems('FROM logs-* | wher (((')).toMatchObject([{ code: 'esql.syntax', line: 1, column: 15, hint: 'did you mean WHERE?' }]);
  });
});
