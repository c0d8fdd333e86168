import type { RuleLint } from '../lint.js';

/** The prefixed taxonomy of detection-rules' tags since 8.9. */
export const DEFAULT_TAG_PREFIXES = ['Domain', 'OS', 'Use Case', 'Tactic', 'Data Source', 'Resources'] as const;

export const tagTaxonomy: RuleLint = {
  code: 'lint.tag-taxonomy',
  scope: 'rule',
  // Opt-in: older rule sets use plain tags ("Windows", "Host"), which are not wrong.
  defaultSeverity: 'off',
  counterpart: 'tests/test_all_rules.py::test_tag_prefix',
  description: 'Opt-in: every tag is "<Prefix>: <value>" with a prefix of the taxonomy (Domain, OS, Use Case, Tactic, Data Source, Resources; configurable).',
  check(rule, { tagPrefixes }) {
    return (rule.document.rule.tags ?? []).flatMap((tag, index) => {
      const colon = tag.indexOf(': ');
      if (colon > 0 && tagPrefixes.includes(tag.slice(0, colon)) && tag.slice(colon + 2).trim() !== '') return [];
      return [
        {
          path: ['rule', 'tags', index],
          message: `tag "${tag}" is not in the taxonomy "<Prefix>: <value>"`,
          hint: `prefix it with one of ${tagPrefixes.map((p) => `"${p}: "`).join(', ')} (e.g. "OS: Windows"), or add its prefix to opt_in.tag_prefixes in .lints.yaml`,
        },
      ];
    });
  },
};
