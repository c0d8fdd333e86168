import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleDocument } from '../../scripts/rules/rule-file.js';
import { formatRuleToml } from '../../scripts/rules/rule-writer.js';

const SEED = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';

function document(rule: Record<string, unknown>, metadata: Record<string, unknown> = {}): RuleDocument {
  return {
    metadata: { creation_date: '2024/01/02', updated_date: '2024/01/03', ...metadata },
    rule: { rule_id: 'r-1', name: 'N', description: 'D', type: 'eql', author: ['A'], risk_score: 1, severity: 'low', ...rule },
  } as RuleDocument;
}

describe('formatRuleToml', () => {
  it('writes the seed rule back byte for byte', () => {
    const text = readFileSync(SEED, 'utf8');
    expect(formatRuleToml(parse(text) as unknown as RuleDocument, { schemaPath: '../../schemas/rule.schema.json' })).toBe(text);
  });

  it('gives back the same document for strings TOML must escape', () => {
    const tricky = document({
      description: 'He said "hi"\nC:\\Windows\\System32 and """triple""" quotes\n',
      note: '\nstarts with a newline and ends with a quote"',
      setup: 'tab\there, bell \u0007',
      query: "process where process.name : 'a'''\n",
      tags: ['quote " and backslash \\'],
      references: Array.from({ length: 6 }, (_, n) => `https://example.com/a/long/reference/${n}`),
      threat: [{ framework: 'MITRE ATT&CK', tactic: { id: 'TA0002', name: 'Execution', reference: 'https://attack.mitre.org/tactics/TA0002/' } }],
      threshold: { field: ['host.id'], value: 10 },
    });
    const back = parse(formatRuleToml(tricky)) as unknown as RuleDocument;
    // The query is written trimmed, as detection-rules writes it, with the block's closing newline.
    expect({ ...back.rule, query: back.rule.query?.trim() }).toEqual({ ...tricky.rule, query: tricky.rule.query?.trim() });
    expect(back.metadata).toEqual(tricky.metadata);
  });

  it("follows detection-rules' layout: sorted keys, query last, long string arrays one item a line", () => {
    const text = formatRuleToml(
      document({
        query: 'any where true',
        tags: ['b', 'a'],
        references: Array.from({ length: 5 }, (_, n) => `https://example.com/reference/number/${n}`),
        threat: [{ framework: 'MITRE ATT&CK', tactic: { id: 'TA0002', name: 'Execution', reference: 'r' } }],
      }),
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('[metadata]');
    expect(text).toContain('tags = ["b", "a"]\n');
    expect(text).toContain('references = [\n    "https://example.com/reference/number/0",\n');
    expect(text).toContain("type = \"eql\"\n\nquery = '''\nany where true\n'''\n\n\n[[rule.threat]]\nframework = \"MITRE ATT&CK\"\n\n[rule.threat.tactic]\n");
    expect(lines.indexOf('author = ["A"]')).toBeLessThan(lines.indexOf('description = "D"'));
  });

  it('writes no #:schema line unless asked', () => {
    expect(formatRuleToml(document({}))).not.toContain('#:schema');
    expect(formatRuleToml(document({}), { schemaPath: '../x.json' }).startsWith('#:schema ../x.json\n[metadata]\n')).toBe(true);
  });
});

describe('formatRuleToml on generated documents', () => {
  // Any text, including quotes, backslashes, control characters and runs of quotes.
  const text = fc.string({ unit: fc.oneof(fc.constantFrom('"', "'", '\\', '\n', '\t', '\r', '\u0001', 'a', ' ', '#'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 40 });
  const entry = fc.record({ id: text, name: text, reference: text });
  const rule = fc.record(
    {
      description: text,
      note: text,
      setup: text,
      tags: fc.array(text, { maxLength: 8 }),
      references: fc.array(text, { maxLength: 8 }),
      max_signals: fc.integer({ min: 1, max: 10_000 }),
      enabled: fc.boolean(),
      threat: fc.array(
        fc.record(
          {
            framework: text,
            tactic: entry,
            technique: fc.array(fc.record({ id: text, name: text, reference: text, subtechnique: fc.array(entry, { minLength: 1, maxLength: 2 }) }, { requiredKeys: ['id', 'name', 'reference'] }), {
              minLength: 1,
              maxLength: 2,
            }),
          },
          { requiredKeys: ['framework', 'tactic'] },
        ),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: ['description'] },
  );

  it('reads back what it wrote, for any strings and threat layout', () => {
    fc.assert(
      fc.property(rule, fc.record({ comments: text }), (body, metadata) => {
        const written = document(body, metadata);
        const back = parse(formatRuleToml(written)) as unknown as RuleDocument;
        expect(back).toEqual(written);
      }),
      { numRuns: 300 },
    );
  });

  it('writes a file it reads back unchanged', () => {
    fc.assert(
      fc.property(rule, (body) => {
        const once = formatRuleToml(document({ ...body, query: 'process where true' }));
        expect(formatRuleToml(parse(once) as unknown as RuleDocument)).toBe(once);
      }),
      { numRuns: 200 },
    );
  });
});

describe('formatRuleToml on quotes next to the closing delimiter', () => {
  it.each(['\n"""', 'a\n"', 'a\n""', '\n""""', 'x\n\\"', 'q"""r\n"'])('reads back %j', (value) => {
    const written = { metadata: { creation_date: '2024/01/01', updated_date: '2024/01/01' }, rule: { description: 'd', note: value, threat: [{ framework: 'MITRE ATT&CK', tactic: { id: 'TA0001', name: value, reference: 'r' } }] } };
    const back = parse(formatRuleToml(written as unknown as RuleDocument)) as { rule: { note: string; threat: { tactic: { name: string } }[] } };
    expect(back.rule.note).toBe(value);
    expect(back.rule.threat[0]!.tactic.name).toBe(value);
  });
});
