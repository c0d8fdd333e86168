// EQL's built-in functions over single values, as Elasticsearch's function reference defines them.
// Multi-valued arguments are handled by the caller (each value in turn); null in gives null out
// unless the reference says otherwise.
import type { FunctionName } from '../../eql/ast.js';
import { asString, type Scalar } from './values.js';

/** Static facts about the call the implementations need. */
export interface CallContext {
  readonly caseInsensitive: boolean;
  /** Per argument: true when it is statically a floating-point value (a decimal literal or double field). */
  readonly floating: readonly boolean[];
}

export type FunctionImpl = (args: readonly Scalar[], context: CallContext) => Scalar;

const str = (value: Scalar): string | null => (typeof value === 'string' ? value : null);
const num = (value: Scalar): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const fold = (value: string, context: CallContext): string => (context.caseInsensitive ? value.toLowerCase() : value);

function isIntegral(value: number, floating: boolean | undefined): boolean {
  return !floating && Number.isInteger(value);
}

/** Elasticsearch's arithmetic: long operands give a long (division truncates, as Java's does). */
export function arithmetic(op: '+' | '-' | '*' | '/' | '%', l: Scalar, r: Scalar, lFloat: boolean, rFloat: boolean): Scalar {
  const a = num(l);
  const b = num(r);
  if (a === null || b === null) return null;
  const integral = isIntegral(a, lFloat) && isIntegral(b, rFloat);
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (integral) return b === 0 ? null : Math.trunc(a / b);
      return a / b;
    case '%':
      if (integral && b === 0) return null;
      return a % b;
  }
}

function between(args: readonly Scalar[], context: CallContext): Scalar {
  const source = str(args[0] ?? null);
  const left = str(args[1] ?? null);
  const right = str(args[2] ?? null);
  if (source === null || left === null || right === null) return null;
  const isGreedy = args[3] === true;
  const haystack = fold(source, context);
  const start = haystack.indexOf(fold(left, context));
  if (start < 0) return '';
  const from = start + left.length;
  const needle = fold(right, context);
  const end = isGreedy ? haystack.lastIndexOf(needle) : haystack.indexOf(needle, from);
  if (end < from) return '';
  return source.substring(from, end);
}

function indexOf(args: readonly Scalar[], context: CallContext): Scalar {
  const source = str(args[0] ?? null);
  const sub = str(args[1] ?? null);
  if (source === null || sub === null) return null;
  const start = args[2] === undefined || args[2] === null ? 0 : num(args[2]);
  if (start === null) return null;
  const from = Math.max(0, Math.trunc(start));
  if (from > source.length) return null;
  const index = fold(source, context).indexOf(fold(sub, context), from);
  return index < 0 ? null : index;
}

function substring(args: readonly Scalar[]): Scalar {
  const source = str(args[0] ?? null);
  const startArg = num(args[1] ?? null);
  if (source === null || startArg === null) return null;
  const length = source.length;
  // Python-style slicing: negative positions count from the end.
  let start = Math.trunc(startArg);
  if (start < 0) start = Math.max(0, start + length);
  let end = length;
  const endArg = args[2];
  if (endArg !== undefined && endArg !== null) {
    const e = num(endArg);
    if (e === null) return null;
    end = Math.trunc(e);
    if (end < 0) end += length;
    end = Math.min(end, length);
  }
  return start >= end ? '' : source.substring(start, end);
}

function toNumber(args: readonly Scalar[]): Scalar {
  const value = args[0] ?? null;
  if (typeof value === 'number') return value;
  const text = str(value)?.trim();
  if (text === undefined || text === '') return null;
  const base = args[1] === undefined || args[1] === null ? 10 : num(args[1]);
  if (base === null) return null;
  if (base === 10) {
    const parsed = Number(text);
    return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) && Number.isFinite(parsed) ? parsed : null;
  }
  const digits = base === 16 ? text.replace(/^([+-]?)0[xX]/, '$1') : text;
  const valid = new RegExp(`^[+-]?[${'0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, base)}]+$`, 'i');
  return valid.test(digits) ? parseInt(digits, base) : null;
}

function stringTest(test: (source: string, sub: string) => boolean): FunctionImpl {
  return (args, context) => {
    const source = str(args[0] ?? null);
    const sub = str(args[1] ?? null);
    if (source === null || sub === null) return null;
    return test(fold(source, context), fold(sub, context));
  };
}

function math(op: '+' | '-' | '*' | '/' | '%'): FunctionImpl {
  return (args, context) => arithmetic(op, args[0] ?? null, args[1] ?? null, context.floating[0] ?? false, context.floating[1] ?? false);
}

/** Argument count bounds and implementation of every function but cidrMatch (compiled separately). */
export const functions: Record<Exclude<FunctionName, 'cidrMatch'>, { min: number; max: number; impl: FunctionImpl }> = {
  add: { min: 2, max: 2, impl: math('+') },
  subtract: { min: 2, max: 2, impl: math('-') },
  multiply: { min: 2, max: 2, impl: math('*') },
  divide: { min: 2, max: 2, impl: math('/') },
  modulo: { min: 2, max: 2, impl: math('%') },
  between: { min: 3, max: 4, impl: between },
  concat: {
    min: 1,
    max: Infinity,
    impl: (args) => {
      let out = '';
      for (const arg of args) {
        const text = asString(arg);
        if (text === null) return null;
        out += text;
      }
      return out;
    },
  },
  endsWith: { min: 2, max: 2, impl: stringTest((s, x) => s.endsWith(x)) },
  startsWith: { min: 2, max: 2, impl: stringTest((s, x) => s.startsWith(x)) },
  stringContains: { min: 2, max: 2, impl: stringTest((s, x) => s.includes(x)) },
  indexOf: { min: 2, max: 3, impl: indexOf },
  length: {
    min: 1,
    max: 1,
    impl: (args) => {
      const text = str(args[0] ?? null);
      return text === null ? null : text.length;
    },
  },
  number: { min: 1, max: 2, impl: toNumber },
  string: { min: 1, max: 1, impl: (args) => asString(args[0] ?? null) },
  substring: { min: 2, max: 3, impl: substring },
};
