// A rule's `filters` (Kibana filter objects applied with its query): each must be an object, and
// every field its query DSL reads must exist for the rule's index patterns, as for the query.
import type { FieldCatalogue } from '../fields/field-catalogue.js';
import { dslFields } from '../kql/dsl-fields.js';
import { filtersToDsl } from '../kql/filters-to-dsl.js';
import type { Finding } from '../report/finding.js';
import type { RuleFile } from './rule-file.js';

export function checkRuleFilters(rule: RuleFile, catalogue: FieldCatalogue, checkFields: boolean): Finding[] {
  const { filters, index = [] } = rule.document.rule;
  if (!Array.isArray(filters)) return [];
  return filters.flatMap((filter: unknown, position): Finding[] => {
    const at = { file: rule.file, path: `rule.filters[${position}]`, ...(rule.source.locate(['rule', 'filters', position]) ?? {}) };
    if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
      return [{ code: 'filters.invalid', severity: 'error', message: 'a filter must be a Kibana filter object (meta, query)', ...at, hint: 'write the filter as Kibana exports it, or move the condition into the query' }];
    }
    if (!checkFields) return [];
    const { filter: clauses, must_not } = filtersToDsl([filter]);
    // Wildcard names match whatever exists; metadata fields (_id, _index) are in every index.
    const fields = new Set([...clauses, ...must_not].flatMap(dslFields).filter((field) => !field.includes('*') && !field.startsWith('_')));
    return [...fields]
      .filter((field) => !catalogue.lookup(field, index))
      .map((field) => {
        const suggestion = catalogue.suggest(field, index);
        const where = index.length > 0 ? ` in [${index.join(', ')}]` : '';
        return {
          code: 'filters.field',
          severity: 'error',
          message: `Unknown field [${field}]${where} in filter ${position}${suggestion ? `, did you mean [${suggestion}]?` : ''}`,
          ...at,
          hint: `${suggestion ? `correct it to ${suggestion}; if the name is right, ` : ''}declare the field in schemas/fields/*.json if these indices have it`,
        };
      });
  });
}
