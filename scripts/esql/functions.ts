// The signatures of ES|QL functions: how many arguments each takes, of which types, and what it
// returns. Taken from Elasticsearch's function definitions (docs/reference/query-languages/esql/
// kibana/definition/functions/*.json, generated from each function's @FunctionInfo and @Param
// annotations under x-pack/plugin/esql/src/main/java/.../expression/function/). Type families
// stand for the types a parameter accepts.
import { isDatetime, isNumeric, isOpen, isSpan, isString, type EsqlType } from './types.js';

/** What a parameter accepts. */
export type Accepts = 'any' | 'string' | 'numeric' | 'whole' | 'datetime' | 'boolean' | 'ip' | 'version' | 'geo' | 'span' | 'date_or_span' | 'string_or_numeric';

export interface Parameter {
  readonly accepts: Accepts;
  readonly optional?: boolean;
  /** Only a constant (a literal or a parameter) may be given, as for DATE_DIFF's unit. */
  readonly constant?: boolean;
}

/** A type, the type of an argument, or the widest numeric type of the arguments. */
export type Returns = EsqlType | { readonly arg: number } | 'common' | 'widest_numeric';

export interface FunctionSignature {
  readonly name: string;
  readonly parameters: readonly Parameter[];
  /** The last parameter repeats (CONCAT, COALESCE, CASE, GREATEST). */
  readonly variadic?: boolean;
  readonly returns: Returns;
  /** An aggregate function, allowed only in STATS. */
  readonly aggregate?: boolean;
}

const p = (accepts: Accepts, extra: Partial<Parameter> = {}): Parameter => ({ accepts, ...extra });
const optional = (accepts: Accepts, extra: Partial<Parameter> = {}): Parameter => ({ accepts, optional: true, ...extra });

const definitions: FunctionSignature[] = [
  // Aggregates
  { name: 'avg', parameters: [p('numeric')], returns: 'double', aggregate: true },
  { name: 'count', parameters: [optional('any')], returns: 'long', aggregate: true },
  { name: 'count_distinct', parameters: [p('any'), optional('whole', { constant: true })], returns: 'long', aggregate: true },
  { name: 'max', parameters: [p('any')], returns: { arg: 0 }, aggregate: true },
  { name: 'min', parameters: [p('any')], returns: { arg: 0 }, aggregate: true },
  { name: 'sum', parameters: [p('numeric')], returns: 'widest_numeric', aggregate: true },
  { name: 'median', parameters: [p('numeric')], returns: 'double', aggregate: true },
  { name: 'median_absolute_deviation', parameters: [p('numeric')], returns: 'double', aggregate: true },
  { name: 'percentile', parameters: [p('numeric'), p('numeric', { constant: true })], returns: 'double', aggregate: true },
  { name: 'std_dev', parameters: [p('numeric')], returns: 'double', aggregate: true },
  { name: 'top', parameters: [p('any'), p('whole', { constant: true }), p('string', { constant: true })], returns: { arg: 0 }, aggregate: true },
  { name: 'values', parameters: [p('any')], returns: { arg: 0 }, aggregate: true },
  { name: 'weighted_avg', parameters: [p('numeric'), p('numeric')], returns: 'double', aggregate: true },
  { name: 'first', parameters: [p('any'), p('datetime')], returns: { arg: 0 }, aggregate: true },
  { name: 'last', parameters: [p('any'), p('datetime')], returns: { arg: 0 }, aggregate: true },
  { name: 'sample', parameters: [p('any'), p('whole', { constant: true })], returns: { arg: 0 }, aggregate: true },
  { name: 'st_centroid_agg', parameters: [p('geo')], returns: { arg: 0 }, aggregate: true },
  { name: 'st_extent_agg', parameters: [p('geo')], returns: 'geo_shape', aggregate: true },
  // Conditional
  { name: 'case', parameters: [p('any'), p('any')], variadic: true, returns: 'common' },
  { name: 'coalesce', parameters: [p('any')], variadic: true, returns: 'common' },
  { name: 'greatest', parameters: [p('any')], variadic: true, returns: 'common' },
  { name: 'least', parameters: [p('any')], variadic: true, returns: 'common' },
  // Strings
  { name: 'concat', parameters: [p('string'), p('string')], variadic: true, returns: 'keyword' },
  { name: 'contains', parameters: [p('string'), p('string')], returns: 'boolean' },
  { name: 'ends_with', parameters: [p('string'), p('string')], returns: 'boolean' },
  { name: 'from_base64', parameters: [p('string')], returns: 'keyword' },
  { name: 'to_base64', parameters: [p('string')], returns: 'keyword' },
  { name: 'left', parameters: [p('string'), p('whole')], returns: 'keyword' },
  { name: 'right', parameters: [p('string'), p('whole')], returns: 'keyword' },
  { name: 'length', parameters: [p('string')], returns: 'integer' },
  { name: 'bit_length', parameters: [p('string')], returns: 'integer' },
  { name: 'byte_length', parameters: [p('string')], returns: 'integer' },
  { name: 'locate', parameters: [p('string'), p('string'), optional('whole')], returns: 'integer' },
  { name: 'ltrim', parameters: [p('string')], returns: 'keyword' },
  { name: 'rtrim', parameters: [p('string')], returns: 'keyword' },
  { name: 'trim', parameters: [p('string')], returns: 'keyword' },
  { name: 'repeat', parameters: [p('string'), p('whole')], returns: 'keyword' },
  { name: 'replace', parameters: [p('string'), p('string'), p('string')], returns: 'keyword' },
  { name: 'reverse', parameters: [p('string')], returns: 'keyword' },
  { name: 'space', parameters: [p('whole')], returns: 'keyword' },
  { name: 'split', parameters: [p('string'), p('string')], returns: 'keyword' },
  { name: 'starts_with', parameters: [p('string'), p('string')], returns: 'boolean' },
  { name: 'substring', parameters: [p('string'), p('whole'), optional('whole')], returns: 'keyword' },
  { name: 'to_lower', parameters: [p('string')], returns: 'keyword' },
  { name: 'to_upper', parameters: [p('string')], returns: 'keyword' },
  { name: 'md5', parameters: [p('string')], returns: 'keyword' },
  { name: 'sha1', parameters: [p('string')], returns: 'keyword' },
  { name: 'sha256', parameters: [p('string')], returns: 'keyword' },
  { name: 'hash', parameters: [p('string'), p('string')], returns: 'keyword' },
  { name: 'url_decode', parameters: [p('string')], returns: 'keyword' },
  { name: 'url_encode', parameters: [p('string')], returns: 'keyword' },
  { name: 'url_encode_component', parameters: [p('string')], returns: 'keyword' },
  // JSON_EXTRACT also reads `_source` itself.
  { name: 'json_extract', parameters: [p('any'), p('string')], returns: 'keyword' },
  // Numbers
  { name: 'abs', parameters: [p('numeric')], returns: { arg: 0 } },
  { name: 'ceil', parameters: [p('numeric')], returns: { arg: 0 } },
  { name: 'floor', parameters: [p('numeric')], returns: { arg: 0 } },
  { name: 'round', parameters: [p('numeric'), optional('whole')], returns: { arg: 0 } },
  { name: 'round_to', parameters: [p('any'), p('any')], variadic: true, returns: { arg: 0 } },
  { name: 'exp', parameters: [p('numeric')], returns: 'double' },
  { name: 'log', parameters: [p('numeric'), optional('numeric')], returns: 'double' },
  { name: 'log10', parameters: [p('numeric')], returns: 'double' },
  { name: 'pow', parameters: [p('numeric'), p('numeric')], returns: 'double' },
  { name: 'sqrt', parameters: [p('numeric')], returns: 'double' },
  { name: 'cbrt', parameters: [p('numeric')], returns: 'double' },
  { name: 'signum', parameters: [p('numeric')], returns: 'double' },
  { name: 'pi', parameters: [], returns: 'double' },
  { name: 'e', parameters: [], returns: 'double' },
  { name: 'tau', parameters: [], returns: 'double' },
  ...['acos', 'asin', 'atan', 'cos', 'cosh', 'sin', 'sinh', 'tan', 'tanh'].map((name) => ({ name, parameters: [p('numeric')], returns: 'double' as const })),
  { name: 'atan2', parameters: [p('numeric'), p('numeric')], returns: 'double' },
  // Dates
  { name: 'now', parameters: [], returns: 'date' },
  { name: 'date_diff', parameters: [p('string'), p('datetime'), p('datetime')], returns: 'integer' },
  { name: 'date_extract', parameters: [p('string'), p('datetime')], returns: 'long' },
  { name: 'date_format', parameters: [p('any'), optional('datetime')], returns: 'keyword' },
  { name: 'date_parse', parameters: [p('string'), optional('string')], returns: 'date' },
  { name: 'date_trunc', parameters: [p('span'), p('datetime')], returns: { arg: 1 } },
  { name: 'day_name', parameters: [p('datetime')], returns: 'keyword' },
  { name: 'month_name', parameters: [p('datetime')], returns: 'keyword' },
  { name: 'bucket', parameters: [p('any'), p('any'), optional('any'), optional('any')], returns: { arg: 0 } },
  { name: 'tbucket', parameters: [p('span')], returns: 'date' },
  // IP
  { name: 'cidr_match', parameters: [p('ip'), p('string')], variadic: true, returns: 'boolean' },
  { name: 'ip_prefix', parameters: [p('ip'), p('whole'), p('whole')], returns: 'ip' },
  // Multi-values
  { name: 'mv_append', parameters: [p('any'), p('any')], returns: 'common' },
  { name: 'mv_avg', parameters: [p('numeric')], returns: 'double' },
  { name: 'mv_concat', parameters: [p('string'), p('string')], returns: 'keyword' },
  { name: 'mv_contains', parameters: [p('any'), p('any')], returns: 'boolean' },
  { name: 'mv_count', parameters: [p('any')], returns: 'integer' },
  { name: 'mv_dedupe', parameters: [p('any')], returns: { arg: 0 } },
  { name: 'mv_first', parameters: [p('any')], returns: { arg: 0 } },
  { name: 'mv_last', parameters: [p('any')], returns: { arg: 0 } },
  { name: 'mv_max', parameters: [p('any')], returns: { arg: 0 } },
  { name: 'mv_min', parameters: [p('any')], returns: { arg: 0 } },
  { name: 'mv_median', parameters: [p('numeric')], returns: { arg: 0 } },
  { name: 'mv_median_absolute_deviation', parameters: [p('numeric')], returns: { arg: 0 } },
  { name: 'mv_percentile', parameters: [p('numeric'), p('numeric')], returns: { arg: 0 } },
  { name: 'mv_pseries_weighted_sum', parameters: [p('numeric'), p('numeric')], returns: 'double' },
  { name: 'mv_slice', parameters: [p('any'), p('whole'), optional('whole')], returns: { arg: 0 } },
  { name: 'mv_sort', parameters: [p('any'), optional('string', { constant: true })], returns: { arg: 0 } },
  { name: 'mv_sum', parameters: [p('numeric')], returns: { arg: 0 } },
  { name: 'mv_zip', parameters: [p('string'), p('string'), optional('string')], returns: 'keyword' },
  { name: 'mv_intersection', parameters: [p('any'), p('any')], returns: 'common' },
  { name: 'mv_union', parameters: [p('any'), p('any')], returns: 'common' },
  // Conversions
  { name: 'to_boolean', parameters: [p('any')], returns: 'boolean' },
  { name: 'to_cartesianpoint', parameters: [p('any')], returns: 'cartesian_point' },
  { name: 'to_cartesianshape', parameters: [p('any')], returns: 'cartesian_shape' },
  { name: 'to_date_nanos', parameters: [p('any')], returns: 'date_nanos' },
  { name: 'to_dateperiod', parameters: [p('any')], returns: 'date_period' },
  { name: 'to_datetime', parameters: [p('any')], returns: 'date' },
  { name: 'to_degrees', parameters: [p('numeric')], returns: 'double' },
  { name: 'to_double', parameters: [p('any')], returns: 'double' },
  { name: 'to_geopoint', parameters: [p('any')], returns: 'geo_point' },
  { name: 'to_geoshape', parameters: [p('any')], returns: 'geo_shape' },
  { name: 'to_integer', parameters: [p('any')], returns: 'integer' },
  { name: 'to_ip', parameters: [p('any'), optional('any')], returns: 'ip' },
  { name: 'to_long', parameters: [p('any')], returns: 'long' },
  { name: 'to_radians', parameters: [p('numeric')], returns: 'double' },
  { name: 'to_string', parameters: [p('any')], returns: 'keyword' },
  { name: 'to_timeduration', parameters: [p('any')], returns: 'time_duration' },
  { name: 'to_unsigned_long', parameters: [p('any')], returns: 'unsigned_long' },
  { name: 'to_version', parameters: [p('string')], returns: 'version' },
  // Spatial
  { name: 'st_contains', parameters: [p('geo'), p('geo')], returns: 'boolean' },
  { name: 'st_disjoint', parameters: [p('geo'), p('geo')], returns: 'boolean' },
  { name: 'st_intersects', parameters: [p('geo'), p('geo')], returns: 'boolean' },
  { name: 'st_within', parameters: [p('geo'), p('geo')], returns: 'boolean' },
  { name: 'st_distance', parameters: [p('geo'), p('geo')], returns: 'double' },
  { name: 'st_x', parameters: [p('geo')], returns: 'double' },
  { name: 'st_y', parameters: [p('geo')], returns: 'double' },
  { name: 'st_xmin', parameters: [p('geo')], returns: 'double' },
  { name: 'st_xmax', parameters: [p('geo')], returns: 'double' },
  { name: 'st_ymin', parameters: [p('geo')], returns: 'double' },
  { name: 'st_ymax', parameters: [p('geo')], returns: 'double' },
  { name: 'st_envelope', parameters: [p('geo')], returns: 'geo_shape' },
  // Search
  { name: 'kql', parameters: [p('string', { constant: true }), optional('any')], returns: 'boolean' },
  { name: 'qstr', parameters: [p('string', { constant: true }), optional('any')], returns: 'boolean' },
  { name: 'match', parameters: [p('any'), p('any', { constant: true }), optional('any')], returns: 'boolean' },
  { name: 'match_phrase', parameters: [p('any'), p('string', { constant: true }), optional('any')], returns: 'boolean' },
  { name: 'multi_match', parameters: [p('any', { constant: true }), p('any')], variadic: true, returns: 'boolean' },
  { name: 'score', parameters: [p('boolean')], returns: 'double' },
];

/** Functions by lower-case name. */
export const functions: ReadonlyMap<string, FunctionSignature> = new Map(definitions.map((definition) => [definition.name, definition]));

/** The words Elasticsearch prints for each family in "must be [...]" (TypeResolutions). */
export const acceptedText: Readonly<Record<Accepts, string>> = {
  any: 'any type',
  string: 'string',
  numeric: 'numeric',
  whole: 'integer or long',
  datetime: 'datetime or date_nanos',
  boolean: 'boolean',
  ip: 'ip',
  version: 'version',
  geo: 'geo_point, cartesian_point, geo_shape or cartesian_shape',
  span: 'date_period or time_duration',
  date_or_span: 'datetime, date_period or time_duration',
  string_or_numeric: 'string or numeric',
};

/**
 * Whether a value of `type` fits a parameter. A string literal also fits a date, ip or version
 * parameter: ES|QL casts string constants implicitly (EsqlImplicitCasting / the analyzer's
 * ImplicitCasting rule), as it does a constant time span written as a string for DATE_TRUNC.
 */
export function accepts(accepted: Accepts, type: EsqlType, literalString: boolean): boolean {
  if (isOpen(type) || accepted === 'any') return true;
  if (literalString && ['datetime', 'ip', 'version', 'span', 'date_or_span', 'geo'].includes(accepted)) return true;
  switch (accepted) {
    case 'string':
      return isString(type);
    case 'numeric':
      return isNumeric(type);
    case 'whole':
      return type === 'integer' || type === 'long';
    case 'datetime':
      return isDatetime(type);
    case 'boolean':
      return type === 'boolean';
    case 'ip':
      return type === 'ip';
    case 'version':
      return type === 'version';
    case 'geo':
      return type === 'geo_point' || type === 'geo_shape' || type === 'cartesian_point' || type === 'cartesian_shape';
    case 'span':
      return isSpan(type);
    case 'date_or_span':
      return isDatetime(type) || isSpan(type);
    case 'string_or_numeric':
      return isString(type) || isNumeric(type);
  }
}
