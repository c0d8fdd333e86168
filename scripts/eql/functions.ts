// The functions Elasticsearch EQL knows, with their argument counts and whether they take
// the case-insensitive `~` form. Names resolve case-insensitively, as Elasticsearch does.
import type { FunctionName } from './ast.js';

export interface FunctionSignature {
  readonly name: FunctionName;
  readonly minArgs: number;
  /** Infinity for variadic functions. */
  readonly maxArgs: number;
  readonly caseAware: boolean;
}

const signatures: readonly FunctionSignature[] = [
  { name: 'add', minArgs: 2, maxArgs: 2, caseAware: false },
  { name: 'between', minArgs: 3, maxArgs: 4, caseAware: true },
  { name: 'cidrMatch', minArgs: 2, maxArgs: Infinity, caseAware: false },
  { name: 'concat', minArgs: 1, maxArgs: Infinity, caseAware: false },
  { name: 'divide', minArgs: 2, maxArgs: 2, caseAware: false },
  { name: 'endsWith', minArgs: 2, maxArgs: 2, caseAware: true },
  { name: 'indexOf', minArgs: 2, maxArgs: 3, caseAware: true },
  { name: 'length', minArgs: 1, maxArgs: 1, caseAware: false },
  { name: 'modulo', minArgs: 2, maxArgs: 2, caseAware: false },
  { name: 'multiply', minArgs: 2, maxArgs: 2, caseAware: false },
  { name: 'number', minArgs: 1, maxArgs: 2, caseAware: false },
  { name: 'startsWith', minArgs: 2, maxArgs: 2, caseAware: true },
  { name: 'string', minArgs: 1, maxArgs: 1, caseAware: false },
  { name: 'stringContains', minArgs: 2, maxArgs: 2, caseAware: true },
  { name: 'substring', minArgs: 2, maxArgs: 3, caseAware: false },
  { name: 'subtract', minArgs: 2, maxArgs: 2, caseAware: false },
];

const byLowerName: ReadonlyMap<string, FunctionSignature> = new Map(
  signatures.map((signature) => [signature.name.toLowerCase(), signature]),
);

export const functionNames: readonly FunctionName[] = signatures.map((signature) => signature.name);

export function lookupFunction(name: string): FunctionSignature | undefined {
  return byLowerName.get(name.toLowerCase());
}

export function describeArity(signature: FunctionSignature): string {
  const { minArgs, maxArgs } = signature;
  if (minArgs === maxArgs) return `exactly ${minArgs} argument${minArgs === 1 ? '' : 's'}`;
  if (maxArgs === Infinity) return `at least ${minArgs} argument${minArgs === 1 ? '' : 's'}`;
  return `${minArgs} to ${maxArgs} arguments`;
}
