import type { RepositoryLint, RuleProblem } from '../lint.js';

const MAX_NAMED = 3;

/** A repository lint: no two rules share the value of `rule.<field>`. */
function uniqueField(field: 'rule_id' | 'name', code: `lint.${string}`, why: string): RepositoryLint {
  return {
    code,
    scope: 'repository',
    defaultSeverity: 'error',
    alwaysError: true,
    // Live and deprecated rules are separate collections there, each with its own ids and names.
    counterpart: 'detection_rules/rule_loader.py::RuleCollection._assert_new',
    description: `\`rule.${field}\` is unique across the repository: ${why}.`,
    check(rules) {
      const byValue = new Map<string, string[]>();
      for (const rule of rules) {
        const value = rule.document.rule[field];
        const files = byValue.get(value);
        if (files) files.push(rule.file);
        else byValue.set(value, [rule.file]);
      }
      return rules.flatMap((rule): RuleProblem[] => {
        const value = rule.document.rule[field];
        const files = byValue.get(value) ?? [];
        if (files.length < 2) return [];
        const others = files.filter((file) => file !== rule.file);
        // Name a few: a template copied a thousand times must not make a thousand-file message each.
        const named = others.length > MAX_NAMED ? `${others.slice(0, MAX_NAMED).join(', ')} and ${others.length - MAX_NAMED} more` : others.join(', ');
        return [
          {
            rule,
            problem: {
              path: ['rule', field],
              message: `${field} "${value}" is also used by ${named}`,
              hint: field === 'rule_id' ? 'give one of the rules a new rule_id (a fresh UUID)' : 'rename one of the rules so analysts can tell their alerts apart',
            },
          },
        ];
      });
    },
  };
}

export const uniqueRuleId = uniqueField('rule_id', 'lint.unique-rule-id', 'Kibana identifies rules by it, so a duplicate overwrites the other rule');
export const uniqueName = uniqueField('name', 'lint.unique-name', 'alerts carry the rule name, so a duplicate makes them ambiguous');
