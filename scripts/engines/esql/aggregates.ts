// Aggregate functions of STATS, as Elasticsearch computes them (x-pack/plugin/esql/.../expression/
// function/aggregate/): every value of a multi-valued field counts, nulls are skipped, COUNT(*)
// counts rows, an integer SUM is a long (null and a warning on overflow), COUNT_DISTINCT is exact
// below its precision threshold (HyperLogLog++ keeps exact counts up to 3,000 by default, more than
// a replay test holds), MEDIAN and PERCENTILE interpolate as TDigest does on small inputs.
import type { EsqlType } from '../../esql/types.js';
import { exactArithmetic, orderKey } from './compile-expression.js';
import { EvaluationError } from './scalar-functions.js';
import { cellOf, compareScalars, valuesOf, type Cell, type Scalar } from './values.js';

export interface Accumulator {
  add(cell: Cell, sort?: Cell): void;
  result(): Cell;
}

export interface AggregateSpec {
  readonly name: string;
  /** Types of the arguments. */
  readonly types: readonly EsqlType[];
  /** Constant arguments after the first (TOP's count and order, PERCENTILE's percentile). */
  readonly constants: readonly Cell[];
  readonly star: boolean;
}

function ordered(type: EsqlType): (a: Scalar, b: Scalar) => number {
  const key = orderKey(type);
  return key ? (a, b) => compareScalars(key(a), key(b)) : compareScalars;
}

function percentileOf(values: number[], percentile: number): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const rank = (percentile / 100) * (values.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return (values[low] as number) + ((values[high] as number) - (values[low] as number)) * (rank - low);
}

export function createAccumulator(spec: AggregateSpec): Accumulator {
  const type = spec.types[0] ?? 'unknown';
  const compare = ordered(type);
  switch (spec.name) {
    case 'count': {
      let count = 0;
      return { add: (cell) => (count += spec.star ? 1 : valuesOf(cell).length), result: () => count };
    }
    case 'count_distinct': {
      const seen = new Set<Scalar>();
      return { add: (cell) => valuesOf(cell).forEach((value) => seen.add(value)), result: () => seen.size };
    }
    case 'min':
    case 'max': {
      let best: Scalar | null = null;
      const sign = spec.name === 'min' ? -1 : 1;
      return {
        add: (cell) => valuesOf(cell).forEach((value) => {
          if (best === null || sign * compare(value, best) > 0) best = value;
        }),
        result: () => best,
      };
    }
    case 'sum': {
      // Whole numbers add up as Math.addExact does: the first overflow makes the group's sum null.
      let sum: number | null = null;
      let overflow: EvaluationError | undefined;
      const whole = type === 'unsigned_long' ? 'unsigned_long' : 'long';
      return {
        add: (cell) => valuesOf(cell).forEach((value) => {
          if (type === 'double') sum = (sum ?? 0) + (value as number);
          else if (overflow === undefined) {
            try {
              sum = exactArithmetic('+', sum ?? 0, value as number, whole);
            } catch (error) {
              if (!(error instanceof EvaluationError)) throw error;
              overflow = error;
            }
          }
        }),
        result: () => {
          if (overflow !== undefined) throw overflow;
          return sum;
        },
      };
    }
    case 'avg': {
      let sum = 0;
      let count = 0;
      return {
        add: (cell) => valuesOf(cell).forEach((value) => {
          sum += value as number;
          count += 1;
        }),
        result: () => (count === 0 ? null : sum / count),
      };
    }
    case 'median':
    case 'percentile': {
      const values: number[] = [];
      const percentile = spec.name === 'median' ? 50 : Number(spec.constants[0]);
      return { add: (cell) => valuesOf(cell).forEach((value) => values.push(value as number)), result: () => percentileOf(values, percentile) };
    }
    case 'values': {
      const seen = new Set<Scalar>();
      // VALUES' order is not defined by Elasticsearch; sorted values make replay results stable.
      return { add: (cell) => valuesOf(cell).forEach((value) => seen.add(value)), result: () => cellOf([...seen].sort(compare)) };
    }
    case 'top': {
      const values: Scalar[] = [];
      const limit = Number(spec.constants[0]);
      const descending = String(spec.constants[1] ?? 'asc').toLowerCase() === 'desc';
      return {
        add: (cell) => values.push(...valuesOf(cell)),
        result: () => cellOf([...values].sort((a, b) => (descending ? compare(b, a) : compare(a, b))).slice(0, limit)),
      };
    }
    case 'first':
    case 'last': {
      let best: { value: Cell; sort: Scalar } | null = null;
      const sign = spec.name === 'first' ? -1 : 1;
      return {
        add: (cell, sort) => {
          for (const key of valuesOf(sort ?? null)) {
            if (best === null || sign * compareScalars(key, best.sort) > 0) best = { value: cell, sort: key };
          }
        },
        result: () => best?.value ?? null,
      };
    }
    default:
      throw new Error(`no accumulator for ${spec.name}`);
  }
}

/** Aggregates the engine computes; the others make a query not replayable. */
export const supportedAggregates: ReadonlySet<string> = new Set(['count', 'count_distinct', 'min', 'max', 'sum', 'avg', 'median', 'percentile', 'values', 'top', 'first', 'last']);
