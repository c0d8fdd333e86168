// fast-check generators of syntax trees the parser can produce: the formatter's round trip is
// checked on these. Spans are placeholders; comparisons ignore them.
import fc from 'fast-check';
import type {
  Duration,
  EventFilter,
  Expr,
  Field,
  FunctionName,
  Literal,
  Pipe,
  Query,
  SampleStep,
  SequenceStep,
  Span,
  TimeUnit,
} from '../../scripts/eql/ast.js';

const span: Span = { offset: 0, end: 0, line: 1, column: 1 };

const name = fc.oneof(
  fc.constantFrom('process', 'name', 'host', 'id', '@timestamp', 'event', 'sequence', 'and', 'x_1'),
  fc.string({ minLength: 1, maxLength: 8 }),
);

const field: fc.Arbitrary<Field> = fc
  .tuple(name, fc.array(fc.oneof({ weight: 3, arbitrary: name }, { weight: 1, arbitrary: fc.nat(20) }), { maxLength: 3 }), fc.boolean())
  .map(([first, rest, optional]) => {
    const path = [first, ...rest];
    const name = path.filter((segment): segment is string => typeof segment === 'string').join('.');
    return { kind: 'field', name, path, optional, span };
  });

const constant: fc.Arbitrary<Literal> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 10 }).map((value): Literal => ({ kind: 'literal', value, span })),
  fc.string({ maxLength: 6 }).map((value): Literal => ({ kind: 'literal', value, span })),
  fc.nat().map((value): Literal => ({ kind: 'literal', value, numberType: 'long', span })),
  fc
    .double({ min: 0, noNaN: true, noDefaultInfinity: true })
    .filter((value) => !Object.is(value, -0))
    .map((value): Literal => ({ kind: 'literal', value, numberType: 'double', span })),
  fc.constantFrom<Literal>({ kind: 'literal', value: true, span }, { kind: 'literal', value: false, span }, { kind: 'literal', value: null, span }),
);

const functions: readonly { name: FunctionName; min: number; max: number; caseAware: boolean }[] = [
  { name: 'add', min: 2, max: 2, caseAware: false },
  { name: 'between', min: 3, max: 4, caseAware: true },
  { name: 'cidrMatch', min: 2, max: 4, caseAware: false },
  { name: 'concat', min: 1, max: 3, caseAware: false },
  { name: 'indexOf', min: 2, max: 3, caseAware: true },
  { name: 'length', min: 1, max: 1, caseAware: false },
  { name: 'startsWith', min: 2, max: 2, caseAware: true },
  { name: 'substring', min: 2, max: 3, caseAware: false },
];

const { expr } = fc.letrec<{ expr: Expr }>((tie) => {
  const sub = tie('expr');
  const leaf = fc.oneof<fc.Arbitrary<Expr>[]>(constant, field);
  return {
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      sub.map((operand): Expr => ({ kind: 'not', operand, span })),
      sub.map((operand): Expr => ({ kind: 'negate', operand, span })),
      fc.tuple(fc.constantFrom('and' as const, 'or' as const), sub, sub).map(([op, left, right]): Expr => ({ kind: 'logical', op, left, right, span })),
      fc
        .tuple(fc.constantFrom('==' as const, '!=' as const, '<' as const, '<=' as const, '>' as const, '>=' as const), sub, sub)
        .map(([op, left, right]): Expr => ({ kind: 'comparison', op, left, right, span })),
      fc
        .tuple(fc.constantFrom('+' as const, '-' as const, '*' as const, '/' as const, '%' as const), sub, sub)
        .map(([op, left, right]): Expr => ({ kind: 'arithmetic', op, left, right, span })),
      fc
        .tuple(fc.constantFrom(':' as const, 'like' as const, 'regex' as const), fc.boolean(), sub, fc.array(constant, { minLength: 1, maxLength: 3 }))
        .map(([op, insensitive, left, patterns]): Expr => ({ kind: 'match', op, caseInsensitive: op === ':' || insensitive, left, patterns, span })),
      fc
        .tuple(fc.boolean(), fc.boolean(), sub, fc.array(sub, { minLength: 1, maxLength: 3 }))
        .map(([negated, caseInsensitive, left, values]): Expr => ({ kind: 'in', negated, caseInsensitive, left, values, span })),
      fc
        .tuple(fc.constantFrom(...functions), fc.boolean(), fc.array(sub, { maxLength: 4 }))
        .filter(([signature, , args]) => args.length >= signature.min && args.length <= signature.max)
        .map(([signature, insensitive, args]): Expr => ({ kind: 'call', name: signature.name, caseInsensitive: signature.caseAware && insensitive, args, span })),
    ),
  };
});

export const exprArbitrary = expr;

const filter: fc.Arbitrary<EventFilter> = fc
  .tuple(fc.option(name, { nil: null }), expr)
  .map(([category, condition]) => ({ kind: 'filter', category, condition, span }));

const pipes: fc.Arbitrary<Pipe[]> = fc.array(
  fc.tuple(fc.constantFrom('head' as const, 'tail' as const), fc.nat(1000)).map(([kind, count]): Pipe => ({ kind, count, span })),
  { maxLength: 2 },
);

const duration: fc.Arbitrary<Duration> = fc
  .tuple(fc.nat(500), fc.constantFrom<TimeUnit>('ms', 's', 'm', 'h', 'd'))
  .map(([value, unit]) => ({ value, unit, millis: value * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit], span }));

const eventQuery: fc.Arbitrary<Query> = fc.tuple(filter, pipes).map(([filter, pipes]) => ({ kind: 'event', filter, pipes, span }));

const sequenceQuery: fc.Arbitrary<Query> = fc
  .tuple(fc.array(expr, { maxLength: 2 }), fc.option(duration, { nil: null }), fc.nat(2), fc.integer({ min: 2, max: 4 }), fc.boolean(), pipes)
  .chain(([by, maxspan, keyCount, stepCount, withUntil, pipes]) => {
    const step: fc.Arbitrary<SequenceStep> = fc
      .tuple(filter, fc.array(expr, { minLength: keyCount, maxLength: keyCount }), fc.option(fc.integer({ min: 1, max: 100 }), { nil: null }), fc.boolean())
      .map(([filter, keys, runs, missing]) => ({ kind: 'step', filter, by: keys, runs, missing: maxspan !== null && missing, span }));
    return fc
      .tuple(fc.array(step, { minLength: stepCount, maxLength: stepCount }), withUntil ? step.map((s) => ({ ...s, missing: false, runs: null })) : fc.constant(null))
      .map(([steps, until]): Query => ({ kind: 'sequence', by, maxspan, steps, until, pipes, span }));
  });

const sampleQuery: fc.Arbitrary<Query> = fc
  .tuple(fc.array(expr, { maxLength: 2 }), fc.nat(2), fc.integer({ min: 2, max: 5 }), pipes)
  .chain(([by, keyCount, stepCount, pipes]) => {
    const step: fc.Arbitrary<SampleStep> = fc
      .tuple(filter, fc.array(expr, { minLength: keyCount, maxLength: keyCount }))
      .map(([filter, keys]) => ({ kind: 'sample-step', filter, by: keys, span }));
    return fc.array(step, { minLength: stepCount, maxLength: stepCount }).map((steps): Query => ({ kind: 'sample', by, steps, pipes, span }));
  });

export const queryArbitrary: fc.Arbitrary<Query> = fc.oneof(eventQuery, sequenceQuery, sampleQuery);
