// ES|QL's data types, and how the field types of a mapping appear as ES|QL columns
// (Elasticsearch: x-pack/plugin/esql-core/.../type/DataType.java; the ES|QL docs' "supported types").

export type EsqlType =
  | 'keyword' | 'text' | 'integer' | 'long' | 'unsigned_long' | 'double' | 'boolean' | 'date' | 'date_nanos' | 'ip' | 'version'
  | 'geo_point' | 'geo_shape' | 'cartesian_point' | 'cartesian_shape' | 'time_duration' | 'date_period' | 'counter_long' | 'counter_double'
  | 'counter_integer' | 'dense_vector' | 'aggregate_metric_double'
  /** A type that ES|QL cannot read (object, nested, binary, …): the column exists but only as null. */
  | 'unsupported'
  | 'null'
  /** Not known to this checker (an enriched or joined column, a parameter): never a type error. */
  | 'unknown';

/** The ES|QL column type of a mapped field type. */
export function columnType(fieldType: string): EsqlType {
  switch (fieldType) {
    case 'keyword':
    case 'constant_keyword':
    case 'wildcard':
    case 'flattened':
      return 'keyword';
    case 'text':
    case 'match_only_text':
    case 'semantic_text':
      return 'text';
    case 'byte':
    case 'short':
    case 'integer':
      return 'integer';
    case 'long':
      return 'long';
    case 'unsigned_long':
      return 'unsigned_long';
    case 'float':
    case 'half_float':
    case 'scaled_float':
    case 'double':
      return 'double';
    case 'boolean':
    case 'ip':
    case 'version':
    case 'date':
    case 'date_nanos':
    case 'geo_point':
    case 'geo_shape':
    case 'dense_vector':
      return fieldType;
    case 'point':
      return 'cartesian_point';
    case 'shape':
      return 'cartesian_shape';
    default:
      return 'unsupported';
  }
}

export const isString = (type: EsqlType): boolean => type === 'keyword' || type === 'text';
export const isWholeNumber = (type: EsqlType): boolean => type === 'integer' || type === 'long' || type === 'unsigned_long';
export const isNumeric = (type: EsqlType): boolean => isWholeNumber(type) || type === 'double';
export const isDatetime = (type: EsqlType): boolean => type === 'date' || type === 'date_nanos';
export const isSpan = (type: EsqlType): boolean => type === 'time_duration' || type === 'date_period';

/** Types that cannot be checked, so that nothing is reported about them. */
export const isOpen = (type: EsqlType): boolean => type === 'unknown' || type === 'null';
