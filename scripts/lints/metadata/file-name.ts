import path from 'node:path';
import { ruleFileStem, snakeCase } from '../../rules/file-name.js';
import type { RuleLint } from '../lint.js';

const snakeCaseFile = /^[a-z0-9]+(?:_[a-z0-9]+)*\.(?:toml|ya?ml)$/;
// detection-rules' FILE_PATTERN (detection_rules/rule_loader.py), with this repository's YAML extensions.
const detectionRulesFile = /^[a-z0-9_]+\.(?:toml|ya?ml)$/;

export const fileName: RuleLint = {
  code: 'lint.file-name',
  scope: 'rule',
  defaultSeverity: 'error',
  counterpart: 'tests/test_all_rules.py::test_file_names',
  description:
    'The file name is lowercase snake case (`credential_access_remote_registry.toml`). Default: lowercase letters, digits and underscores, as detection-rules\' FILE_PATTERN; strict: no leading, trailing or doubled underscore either.',
  check(rule, { profile }) {
    const base = path.basename(rule.file);
    if ((profile === 'strict' ? snakeCaseFile : detectionRulesFile).test(base)) return [];
    const extension = path.extname(base).toLowerCase();
    return [
      {
        message: `file name "${base}" is not lowercase snake case`,
        hint: `rename the file to "${snakeCase(path.basename(base, path.extname(base))) || snakeCase(rule.document.rule.name)}${extension}"`,
      },
    ];
  },
};

export const fileNameTactic: RuleLint = {
  code: 'lint.file-name-tactic',
  scope: 'rule',
  defaultSeverity: 'warning',
  counterpart: 'tests/test_all_rules.py::test_rule_file_name_tactic',
  description:
    'Where most rule files start with a tactic name (detection-rules\' convention), the file name starts with the rule\'s primary tactic: the tactic of its first threat entry. The default profile exempts machine learning rules, as detection-rules does.',
  check(rule, { attack, tacticFileNames, profile }) {
    const primary = rule.document.rule.threat?.[0];
    if (!tacticFileNames || !primary) return [];
    // detection-rules keeps machine learning rules in folders of their own and exempts them.
    if (profile === 'default' && rule.document.rule.type === 'machine_learning') return [];
    const tactic = attack.tactic(primary.tactic.id);
    if (!tactic) return [];
    const prefix = `${snakeCase(tactic.name)}_`;
    const base = path.basename(rule.file);
    if (base.startsWith(prefix)) return [];
    return [
      {
        path: ['rule', 'threat', 0, 'tactic', 'id'],
        message: `file name "${base}" does not start with "${prefix}", the rule's primary tactic ${tactic.name}`,
        hint: `rename the file to "${ruleFileStem(tactic.name, rule.document.rule.name)}${path.extname(base).toLowerCase()}", or list the tactic the name starts with first in threat`,
      },
    ];
  },
};
