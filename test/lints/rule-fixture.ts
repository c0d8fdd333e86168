// Small TOML rules for the lint tests, loaded through the real loader so every line is real.
import { parseRuleText } from '../../scripts/rules/load.js';
import type { RuleFile } from '../../scripts/rules/rule-file.js';
import { lintRules, strictLintConfig, type LintConfig } from '../../scripts/lints/index.js';
import type { Finding } from '../../scripts/report/finding.js';

export const FIXTURE_FILE = 'rules/credential_access_fixture_rule.toml';

/** An ATT&CK id and its name, e.g. `['TA0006', 'Credential Access']`. */
export type AttackEntry = readonly [id: string, name: string];
/** A technique with its sub-techniques, if any. */
export type TechniqueEntry = readonly [id: string, name: string, subtechniques?: readonly AttackEntry[]];

export interface ThreatEntry {
  readonly tactic: AttackEntry;
  readonly techniques?: readonly TechniqueEntry[];
}

/**
 * One `[[rule.threat]]` entry as TOML, tactic first, each id with its attack.mitre.org page as
 * reference: the form the fixtures write by hand, so tests can change one id or name of it.
 */
export function threatToml({ tactic, techniques = [] }: ThreatEntry): string {
  const entry = (table: string, [id, name]: AttackEntry, reference: string): string =>
    `${table}\nid = "${id}"\nname = "${name}"\nreference = "${reference}"\n`;
  let toml = `[[rule.threat]]\nframework = "MITRE ATT&CK"\n${entry('[rule.threat.tactic]', tactic, `https://attack.mitre.org/tactics/${tactic[0]}/`)}`;
  for (const [id, name, subtechniques = []] of techniques) {
    toml += entry('[[rule.threat.technique]]', [id, name], `https://attack.mitre.org/techniques/${id}/`);
    for (const sub of subtechniques) {
      // Sub-technique pages nest under the technique: T1003.002 → techniques/T1003/002/.
      toml += entry('[[rule.threat.technique.subtechnique]]', sub, `https://attack.mitre.org/techniques/${sub[0].replace('.', '/')}/`);
    }
  }
  return toml;
}

/** A rule that passes every lint of both profiles: the base every failing fixture changes one thing of. */
export const passingRule = `[metadata]
creation_date = "2024/01/10"
maturity = "production"
updated_date = "2024/02/01"

[rule]
author = ["Elastic"]
description = "Identifies a fixture process sequence."
from = "now-9m"
index = ["logs-endpoint.events.*"]
interval = "5m"
language = "eql"
license = "Elastic License v2"
max_signals = 100
name = "Fixture Rule"
note = """## Triage and analysis

### Investigating Fixture Rule

Why the rule fires.

#### Possible investigation steps

- Look at the process tree.

### False positive analysis

- Administrators.

### Response and remediation

- Isolate the host.
"""
references = ["https://example.com/fixture"]
risk_score = 47
rule_id = "0f5c4a3e-6d1b-4c8e-9f0a-1b2c3d4e5f60"
setup = """## Setup

Enable process auditing on every host.
"""
severity = "medium"
tags = ["Elastic", "Windows", "Tactic: Credential Access", "has_guide"]
type = "eql"
query = '''
sequence by host.id with maxspan=1m
  [process where process.name == "a.exe"]
  [process where process.name == "b.exe"]
'''

${threatToml({
  tactic: ['TA0006', 'Credential Access'],
  techniques: [['T1003', 'OS Credential Dumping', [['T1003.002', 'Security Account Manager']]]],
})}`;

/** `text` with each `[from, to]` replaced once; a `from` not in the text fails the test. */
export function variant(text: string, ...replacements: [string, string][]): string {
  return replacements.reduce((result, [from, to]) => {
    if (!result.includes(from)) throw new Error(`fixture does not contain ${JSON.stringify(from)}`);
    return result.replace(from, to);
  }, text);
}

/** Loads rule text through the loader; a fixture that does not load fails the test. */
export function loadFixture(text: string, file = FIXTURE_FILE): RuleFile {
  const { rule, findings } = parseRuleText(file, text);
  if (!rule) throw new Error(`fixture did not load: ${findings.map((f) => `${f.line}: ${f.code} ${f.message}`).join('; ')}`);
  return rule;
}

/** The 1-based line of the first line of `text` containing `needle` (after line `after`). */
export function lineOf(text: string, needle: string, after = 0): number {
  const lines = text.split('\n');
  const index = lines.findIndex((line, i) => i >= after && line.includes(needle));
  if (index === -1) throw new Error(`fixture has no line containing ${JSON.stringify(needle)}`);
  return index + 1;
}

/** Lint findings of `code` for the fixture text(s); the strict profile unless `config` says otherwise. */
export function lintFindings(code: string, texts: string | { text: string; file: string }[], config: LintConfig = strictLintConfig): Finding[] {
  const rules = typeof texts === 'string' ? [loadFixture(texts)] : texts.map(({ text, file }) => loadFixture(text, file));
  return lintRules(rules, config).filter((finding) => finding.code === code);
}
