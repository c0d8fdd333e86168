// A replay request like the harness builds for the seed rule: its sequence query, its index
// patterns, documents in both pattern families plus one index the rule does not search.
import { parseQuery } from '../../../scripts/eql/parser.js';
import type { EventDocument, FieldMapping } from '../../../scripts/engines/types.js';
import type { RuleSearch } from '../../../scripts/testing/backend.js';

export const seedQueryText = `sequence by host.id, winlog.event_data.SubjectLogonId with maxspan=1m
 [iam where event.action == "logged-in-special" and winlog.event_data.PrivilegeList : "SeBackupPrivilege"]
 [any where event.action == "Detailed File Share" and winlog.event_data.RelativeTargetName : "winreg"]`;

export const seedPatterns = ['winlogbeat-*', 'logs-system.*'];

export const seedDocuments: EventDocument[] = [
  {
    _index: 'logs-system.security-default',
    _id: 'special-logon',
    _source: {
      '@timestamp': '2024-03-01T10:00:00.000Z',
      event: { action: 'logged-in-special', category: ['iam'], code: 4672 },
      host: { id: 'host-1' },
      winlog: { event_data: { SubjectLogonId: '0x3e7', PrivilegeList: ['SeBackupPrivilege', 'SeRestorePrivilege'] } },
      process: { command_line: 'C:\\Windows\\system32\\lsass.exe' },
      custom: { score: 0.5, enabled: true },
    },
  },
  {
    _index: 'winlogbeat-8.12.0-2024.03.01',
    _id: 'share-access',
    _source: {
      '@timestamp': '2024-03-01T10:00:20.000Z',
      'event.action': 'Detailed File Share',
      event: { category: 'network' },
      host: { id: 'host-1' },
      winlog: { event_data: { SubjectLogonId: '0x3e7', RelativeTargetName: 'winreg' } },
    },
  },
  {
    _index: 'other-index',
    _id: 'not-searched',
    _source: { '@timestamp': '2024-03-01T10:00:30.000Z', event: { action: 'Detailed File Share', category: 'network' } },
  },
];

const keyword: FieldMapping = { type: 'keyword', ignoreAbove: 1024 };

export const seedFieldTypes = new Map<string, FieldMapping>([
  ['@timestamp', { type: 'date' }],
  ['event.action', keyword],
  ['event.category', keyword],
  ['event.code', keyword],
  ['host.id', keyword],
  ['process.command_line', { type: 'wildcard', ignoreAbove: 1024 }],
  ['winlog.event_data.PrivilegeList', keyword],
  ['winlog.event_data.RelativeTargetName', keyword],
  ['winlog.event_data.SubjectLogonId', keyword],
]);

export function seedSearch(overrides: Partial<RuleSearch> = {}): RuleSearch {
  const queryText = overrides.queryText ?? seedQueryText;
  const parsed = parseQuery(queryText);
  if (!parsed.ok) throw new Error(`test query does not parse: ${parsed.errors[0]?.message}`);
  return {
    query: parsed.query,
    queryText,
    indexPatterns: seedPatterns,
    documents: seedDocuments,
    window: { from: Date.parse('2024-03-01T09:51:00.000Z'), to: Date.parse('2024-03-01T10:00:30.000Z') },
    timestampField: '@timestamp',
    options: { size: 100 },
    fieldTypes: seedFieldTypes,
    ...overrides,
  };
}
