import { describe, expect, it } from 'vitest';
import { markdownHeadings } from '../../scripts/lints/guide/headings.js';
import { lineOf, lintFindings, passingRule, variant } from './rule-fixture.js';

describe('markdown headings', () => {
  it('are ATX headings of any level outside fenced code', () => {
    const headings = markdownHeadings('# One\ntext\n```\n## not a heading\n```\n   ### Three ###\n#NoSpace');
    expect(headings.map((h) => [h.level, h.text, h.offset])).toEqual([
      [1, 'One', 0],
      [3, 'Three', 36],
    ]);
  });
});

describe('markdown headings, edge cases', () => {
  it('strip a closing run of #, keep # inside the text, and need a space after the opening run', () => {
    const headings = markdownHeadings('## C# tips ##\n# Title#\n####### seven\n#\n### ###\n');
    expect(headings.map((h) => [h.level, h.text])).toEqual([
      [2, 'C# tips'],
      [1, 'Title#'],
      [1, ''],
      [3, ''],
    ]);
  });

  it('read a heading with a huge run of spaces in linear time', () => {
    const started = performance.now();
    const [heading] = markdownHeadings(`## a${' '.repeat(200_000)}b`);
    expect(heading?.text).toBe(`a${' '.repeat(200_000)}b`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('lint.guide-sections', () => {
  it('passes a guide with every section, at any heading level and case', () => {
    const text = variant(passingRule, ['#### Possible investigation steps', '## possible  investigation steps']);
    expect(lintFindings('lint.guide-sections', text)).toEqual([]);
  });

  it('fails missing sections at the note, naming them', () => {
    const text = variant(passingRule, ['### Investigating Fixture Rule', '### Investigating Something Else'], ['### False positive analysis', '### False positives']);
    const findings = lintFindings('lint.guide-sections', text);
    expect(findings).toMatchObject([{ line: lineOf(text, 'note = """'), path: 'rule.note' }]);
    expect(findings[0]?.message).toBe('the investigation guide lacks the sections "Investigating Fixture Rule", "False positive analysis"');
  });

  it('fails a guide tag without note, at the tag', () => {
    const start = passingRule.indexOf('note = """');
    const end = passingRule.indexOf('"""\n', start + 10) + 4;
    const text = passingRule.slice(0, start) + passingRule.slice(end);
    const findings = lintFindings('lint.guide-sections', text);
    expect(findings).toMatchObject([{ line: lineOf(text, 'tags = '), path: 'rule.tags[3]' }]);
  });

  it('applies to the newer "Resources: Investigation Guide" tag and not to untagged rules', () => {
    const incomplete = variant(passingRule, ['### Response and remediation', '### Next steps']);
    expect(lintFindings('lint.guide-sections', variant(incomplete, ['"has_guide"', '"Resources: Investigation Guide"']))).toHaveLength(1);
    expect(lintFindings('lint.guide-sections', variant(incomplete, [', "has_guide"', '']))).toEqual([]);
  });
});

describe('lint.setup-in-note', () => {
  it('passes a note without the setup', () => {
    expect(lintFindings('lint.setup-in-note', passingRule)).toEqual([]);
  });

  it('fails a Setup section in the note, at its heading', () => {
    const text = variant(passingRule, ['### Response and remediation', '## Setup\n\nSee below.\n\n### Response and remediation']);
    expect(lintFindings('lint.setup-in-note', text)).toMatchObject([{ line: lineOf(text, '## Setup'), column: 1, path: 'rule.note' }]);
  });

  it('fails a note that repeats the setup text', () => {
    const text = variant(passingRule, ['- Isolate the host.', '- Isolate the host.\n\nEnable process auditing on every host.']);
    const findings = lintFindings('lint.setup-in-note', text);
    expect(findings).toMatchObject([{ line: lineOf(text, 'note = """') }]);
    expect(findings[0]?.message).toContain('repeats the text of the setup');
  });
});
