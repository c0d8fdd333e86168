// Which rules are deprecated: kept in the repository as a record, never published and never
// held to the quality lints. elastic/detection-rules marks them with maturity = "deprecated"
// (detection_rules/rule_loader.py, is_deprecated_rule) and keeps them under rules/_deprecated/.
import type { RuleFile } from './rule-file.js';

export const DEPRECATED_FOLDER = '_deprecated';

export const inDeprecatedFolder = (file: string): boolean => file.split(/[\\/]/).includes(DEPRECATED_FOLDER);

export function isDeprecatedRule(rule: RuleFile): boolean {
  return rule.document.metadata.maturity === 'deprecated' || inDeprecatedFolder(rule.file);
}
