// Generated from schemas/rule.schema.json by `npm run generate:types`. Do not edit.

/**
 * A date written YYYY/MM/DD.
 */
export type CreationDate = string;
/**
 * Moved on every content change.
 */
export type LastUpdate = string;
/**
 * A date written YYYY/MM/DD.
 */
export type DeprecationDate = string;
export type Maturity = 'development' | 'experimental' | 'beta' | 'production' | 'deprecated';
/**
 * A version MAJOR.MINOR.PATCH.
 */
export type MinimumStackVersion = string;
export type WhyTheMinimumStackVersion = string;
/**
 * Fleet integration packages the rule's data comes from; becomes Kibana's `related_integrations`.
 */
export type Integrations = string | StringList;
export type StringList = string[];
export type MaintainerComments = string;
/**
 * false turns the EQL field check off for this rule.
 */
export type ValidateTheQuerySFields = boolean;
export type OperatingSystems = ('windows' | 'linux' | 'macos')[];
export type RelatedEndpointRules = string[];
export type PromotionRule = boolean;
export type BypassBuildingBlockTimingChecks = boolean;
/**
 * detection-rules keeps it beside maturity = "deprecated".
 */
export type WhyTheRuleIsDeprecated = string;
/**
 * Stable identifier across spaces and clusters; never changes. Kibana takes any non-empty string; lint.rule-id-uuid asks for a lowercase UUID.
 */
export type RuleId = string;
export type Name = string;
export type Description = string;
export type RuleType =
  'eql' | 'query' | 'esql' | 'threshold' | 'new_terms' | 'threat_match' | 'machine_learning' | 'saved_query';
export type QueryLanguage = 'eql' | 'kuery' | 'lucene' | 'esql';
export type Query = string;
/**
 * @minItems 1
 */
export type IndexPatterns = string[];
export type DataViewId = string;
export type QueryFiltersKibanaFilterObjects = unknown[];
export type SavedQueryId = string;
/**
 * The content version; bumped on every content change. Optional: detection-rules keeps it in a lock file.
 */
export type Version = number;
/**
 * @minItems 1
 */
export type Authors = string[];
export type License = string;
/**
 * 0-21 low, 22-47 medium, 48-73 high, 74-100 critical.
 */
export type RiskScore = number;
export type RiskScoreOverrides = FieldValueMapping[];
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type SeverityOverrides = FieldValueMapping[];
/**
 * Start of the searched window, relative to each run: now- and a whole number with a unit s, m, h, d, w, M or y (now-9m).
 */
export type LookBackStart = string;
/**
 * Defaults to now.
 */
export type LookBackEnd = string;
/**
 * A duration: a whole number and a unit, s, m, h or d (5m).
 */
export type Schedule = string;
export type MaximumAlertsPerRun = number;
export type Enabled = boolean;
export type Tags = string[];
export type References = string[];
export type FalsePositives = string[];
/**
 * "MITRE ATT&CK" (or "MITRE ATLAS").
 */
export type Framework = string;
export type MITREATTCKMapping = ThreatMappingEntry[];
/**
 * detection-rules' versioned mappings: the threat entries as a given ATT&CK version names them.
 */
export type ThreatMappingsPerFrameworkVersion = {
  framework: string;
  version: string;
  threat: ThreatMappingEntry[];
}[];
/**
 * Kibana's count of a rule's edits; kept as detection-rules writes it.
 */
export type Revision = number;
export type InvestigationGuideMarkdown = string;
export type SetupGuideMarkdown = string;
export type BuildingBlock = 'default';
export type FieldThatOverridesTheAlertSRuleName = string;
export type TimestampFieldUsedInsteadOfTimestamp = string;
/**
 * Kibana requires timeline_title with it, both non-empty.
 */
export type TimelineTemplateId = string;
/**
 * Kibana requires timeline_id with it, both non-empty.
 */
export type TimelineTemplateTitle = string;
export type AlertsIndexNamespace = string;
/**
 * @minItems 1
 */
export type StringList1 = string[];
export type ActionFrequency = string;
export type Actions = {
  [k: string]: unknown | undefined;
}[];
export type ResponseActions = {
  [k: string]: unknown | undefined;
}[];
export type ExceptionLists = {
  id: string;
  list_id: string;
  type:
    | 'detection'
    | 'rule_default'
    | 'endpoint'
    | 'endpoint_trusted_apps'
    | 'endpoint_events'
    | 'endpoint_host_isolation_exceptions'
    | 'endpoint_blocklists';
  namespace_type: 'agnostic' | 'single';
}[];
export type RelatedIntegrations = {
  package: string;
  version: string;
  integration?: string;
}[];
export type RequiredFields = {
  name: string;
  type: string;
  ecs?: boolean;
}[];
export type EventCategoryFieldEQL = string;
export type TiebreakerFieldEQL = string;
export type TimestampFieldEQL = string;
/**
 * @minItems 1
 * @maxItems 3
 */
export type StringList2 = string[];
/**
 * @minItems 1
 * @maxItems 3
 */
export type NewTermsFieldsKibanaLayout = string[];
export type NewTermsHistoryWindowKibanaLayout = string;
export type IndicatorQuery = string;
export type IndicatorIndexPatterns = string[];
/**
 * @minItems 1
 */
export type IndicatorMapping = {
  [k: string]: unknown | undefined;
}[];
export type IndicatorFilters = unknown[];
export type IndicatorPath = string;
export type IndicatorQueryLanguage = 'kuery' | 'lucene';
export type AnomalyScoreThreshold = number;
export type MachineLearningJobs = string | StringList3;
/**
 * @minItems 1
 */
export type StringList3 = string[];

/**
 * A detection rule for Elastic Security in the layout of elastic/detection-rules: repository metadata in `metadata`, the Kibana rule in `rule`.
 */
export interface RuleDocument {
  /**
   * The schema this file follows, for editors (YAML rules).
   */
  $schema?: string;
  metadata: RepositoryMetadata;
  rule: KibanaRule;
  transform?: InvestigationGuideTransforms;
}
/**
 * Facts about the rule that live in the repository and are not sent to Kibana.
 */
export interface RepositoryMetadata {
  creation_date: CreationDate;
  updated_date: LastUpdate;
  deprecation_date?: DeprecationDate;
  maturity?: Maturity;
  min_stack_version?: MinimumStackVersion;
  min_stack_comments?: WhyTheMinimumStackVersion;
  integration?: Integrations;
  comments?: MaintainerComments;
  query_schema_validation?: ValidateTheQuerySFields;
  os_type_list?: OperatingSystems;
  related_endpoint_rules?: RelatedEndpointRules;
  promotion?: PromotionRule;
  bypass_bbr_timing?: BypassBuildingBlockTimingChecks;
  deprecated_reason?: WhyTheRuleIsDeprecated;
  extended?: ExtendedInformation;
}
/**
 * detection-rules' free-form table of further repository facts.
 */
export interface ExtendedInformation {}
/**
 * The rule as Kibana's Detection Engine API (2023-10-31) takes it, plus what detection-rules keeps beside it.
 */
export interface KibanaRule {
  rule_id: RuleId;
  name: Name;
  description: Description;
  type: RuleType;
  language?: QueryLanguage;
  query?: Query;
  index?: IndexPatterns;
  data_view_id?: DataViewId;
  filters?: QueryFiltersKibanaFilterObjects;
  saved_id?: SavedQueryId;
  version?: Version;
  author: Authors;
  license?: License;
  risk_score: RiskScore;
  risk_score_mapping?: RiskScoreOverrides;
  severity: Severity;
  severity_mapping?: SeverityOverrides;
  from?: LookBackStart;
  to?: LookBackEnd;
  interval?: Schedule;
  max_signals?: MaximumAlertsPerRun;
  enabled?: Enabled;
  tags?: Tags;
  references?: References;
  false_positives?: FalsePositives;
  threat?: MITREATTCKMapping;
  threat_mappings?: ThreatMappingsPerFrameworkVersion;
  revision?: Revision;
  note?: InvestigationGuideMarkdown;
  setup?: SetupGuideMarkdown;
  building_block_type?: BuildingBlock;
  rule_name_override?: FieldThatOverridesTheAlertSRuleName;
  timestamp_override?: TimestampFieldUsedInsteadOfTimestamp;
  timestamp_override_fallback_disabled?: boolean;
  timeline_id?: TimelineTemplateId;
  timeline_title?: TimelineTemplateTitle;
  /**
   * @deprecated
   */
  output_index?: string;
  namespace?: AlertsIndexNamespace;
  meta?: FreeFormMetadata;
  investigation_fields?: HighlightedFields;
  throttle?: ActionFrequency;
  actions?: Actions;
  response_actions?: ResponseActions;
  exceptions_list?: ExceptionLists;
  related_integrations?: RelatedIntegrations;
  required_fields?: RequiredFields;
  alert_suppression?: AlertSuppression;
  event_category_override?: EventCategoryFieldEQL;
  tiebreaker_field?: TiebreakerFieldEQL;
  timestamp_field?: TimestampFieldEQL;
  threshold?: Threshold;
  new_terms?: NewTermsDetectionRulesLayout;
  new_terms_fields?: NewTermsFieldsKibanaLayout;
  history_window_start?: NewTermsHistoryWindowKibanaLayout;
  threat_query?: IndicatorQuery;
  threat_index?: IndicatorIndexPatterns;
  threat_mapping?: IndicatorMapping;
  threat_filters?: IndicatorFilters;
  threat_indicator_path?: IndicatorPath;
  threat_language?: IndicatorQueryLanguage;
  concurrent_searches?: number;
  items_per_search?: number;
  anomaly_threshold?: AnomalyScoreThreshold;
  machine_learning_job_id?: MachineLearningJobs;
}
export interface FieldValueMapping {
  field: string;
  operator: 'equals';
  value: string;
  severity?: 'low' | 'medium' | 'high' | 'critical';
  risk_score?: number;
}
/**
 * One tactic of a framework with its techniques. MITRE ATT&CK entries are held to ATT&CK's id and page forms (and checked against ATT&CK by the lints); entries of other frameworks (MITRE ATLAS) are kept as written, as Kibana and detection-rules take them.
 */
export interface ThreatMappingEntry {
  framework: Framework;
  tactic: ThreatItem;
  technique?: ThreatTechnique[];
}
/**
 * A tactic or sub-technique: its id, name and the framework's page of it.
 */
export interface ThreatItem {
  id: string;
  name: string;
  /**
   * The framework's page of the id.
   */
  reference: string;
}
/**
 * A technique with its id, name, page and sub-techniques.
 */
export interface ThreatTechnique {
  id: string;
  name: string;
  /**
   * The framework's page of the id.
   */
  reference: string;
  subtechnique?: ThreatItem[];
}
export interface FreeFormMetadata {
  [k: string]: unknown | undefined;
}
export interface HighlightedFields {
  field_names: StringList1;
}
export interface AlertSuppression {
  [k: string]: unknown | undefined;
}
export interface Threshold {
  field: string | StringList;
  value: number;
  cardinality?: {
    field: string;
    value: number;
  }[];
}
export interface NewTermsDetectionRulesLayout {
  field: 'new_terms_fields';
  value: StringList2;
  history_window_start: {
    field: 'history_window_start';
    value: string;
  }[];
}
/**
 * detection-rules' `[transform]` table: plugins (osquery, investigate) rendered into the note on build. Kept as written.
 */
export interface InvestigationGuideTransforms {
  [k: string]: unknown | undefined;
}
