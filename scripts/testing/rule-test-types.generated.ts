// Generated from schemas/rule-test.schema.json by `npm run generate:types`. Do not edit.

/**
 * The rule_id of the rule these cases test: this, not the file name, binds them.
 */
export type RuleId = string;
export type CaseName = string;
/**
 * When the rule runs. Default: one minute after the newest document.
 */
export type SimulatedRunTime = string | number;
/**
 * An ISO-8601 time, epoch milliseconds, or date math relative to the case's `now` (now, now-2m, now+30s; units ms, s, m, h, d).
 */
export type Time = string | number;
export type NDJSONFileOfMoreDocumentsRelativeToTheTestFile = string;
/**
 * One per matched event; one per sequence.
 */
export type NumberOfAlerts = number;
export type TheIdsOfEachAlertSEventsInOrder = string[][];
/**
 * The i-th object's fields must equal those of the i-th alert (kibana.alert.rule.rule_id, kibana.alert.severity, kibana.alert.risk_score, kibana.alert.original_time, ...).
 */
export type FieldsOfEachAlert = {
  [k: string]: unknown | undefined;
}[];

/**
 * Test cases of one rule: documents replayed through the rule as one detection-engine run, and the alerts expected. Lives in test/rules/, mirroring the rule's path (rules/windows/x.toml → test/rules/windows/x.test.yaml).
 */
export interface RuleTestFile {
  $schema?: string;
  rule_id: RuleId;
  /**
   * @minItems 1
   */
  cases: TestCase[];
}
/**
 * One simulated rule run: its documents (`documents`, `documents_file` or both; at least one of them) and what to `expect`.
 */
export interface TestCase {
  name: CaseName;
  description?: string;
  now?: SimulatedRunTime;
  documents?: TestDocument[];
  documents_file?: NDJSONFileOfMoreDocumentsRelativeToTheTestFile;
  expect: {
    alerts: NumberOfAlerts;
    matches?: TheIdsOfEachAlertSEventsInOrder;
    alert_fields?: FieldsOfEachAlert;
  };
}
/**
 * An ECS document. `_id` and `_index` are optional: the harness names them (`_index` then matches the rule's first index pattern).
 */
export interface TestDocument {
  _id?: string;
  _index?: string;
  '@timestamp': Time;
  [k: string]: unknown | undefined;
}
