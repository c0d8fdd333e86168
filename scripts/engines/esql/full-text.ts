// ES|QL's full-text functions, KQL(), MATCH(), MATCH_PHRASE(), QSTR() and the match operator
// `field : "query"`: Elasticsearch runs them as the query DSL on the source index (x-pack/plugin/esql/
// .../expression/function/fulltext/: Kql, Match, MatchPhrase, QueryString). Here each becomes the same
// DSL, run by the embedded DSL evaluator on a row read back as a document of its columns, with the
// mapping of the searched indices.
import type { Expression, FunctionCall, MatchOperator } from '../../esql/ast.js';
import { dslFields, kqlToDsl, parseKql, type DslQuery } from '../../kql/index.js';
import { compileDsl, DslCompileError } from '../dsl/index.js';
import type { FieldTypes } from '../types.js';
import { NotReplayableError, type Compiled, type Scope } from './compile-expression.js';
import type { Cell } from './values.js';

export const fullTextFunctions = new Set(['kql', 'match', 'match_phrase', 'qstr']);

const constantString = (node: Expression | undefined, what: string, at: number): string => {
  if (node?.kind !== 'literal' || typeof node.value !== 'string') throw new NotReplayableError(`${what} must be a constant string to be replayed`, node?.offset ?? at);
  return node.value;
};

/** The DSL a full-text function call or match operator stands for. */
function dslOf(node: FunctionCall | MatchOperator): DslQuery {
  if (node.kind === 'match') {
    if (node.cast !== undefined) throw new NotReplayableError('a cast in the match operator is not replayed', node.offset);
    if (node.query.kind !== 'literal' || (typeof node.query.value !== 'string' && typeof node.query.value !== 'number' && typeof node.query.value !== 'boolean')) {
      throw new NotReplayableError('the match operator\'s query must be a constant to be replayed', node.query.offset);
    }
    return { match: { [node.field.name]: { query: node.query.value } } };
  }
  if (node.args.length > (node.name === 'match' || node.name === 'match_phrase' ? 2 : 1)) {
    throw new NotReplayableError(`the options of ${node.written} are not replayed`, node.offset);
  }
  // MATCH's `operator` is the DSL's own; others (fuzziness, boost, …) the evaluator does not apply.
  const options: Record<string, unknown> = {};
  for (const entry of node.options?.entries ?? []) {
    if (node.name !== 'match' || entry.key !== 'operator' || entry.value.kind !== 'literal') {
      throw new NotReplayableError(`the option "${entry.key}" of ${node.written} is not replayed`, entry.value.offset);
    }
    options.operator = entry.value.value;
  }
  switch (node.name) {
    case 'kql': {
      const parsed = parseKql(constantString(node.args[0], 'the KQL query', node.offset));
      if (!parsed.ok) throw new NotReplayableError(`KQL(): ${parsed.errors[0]?.message ?? 'the query does not parse'}`, node.offset);
      return kqlToDsl(parsed.query);
    }
    case 'qstr':
      return { query_string: { query: constantString(node.args[0], 'the query string', node.offset) } };
    default: {
      // A cast of the field (`field::STRING`) searches the field itself.
      const argument = node.args[0];
      const field = argument?.kind === 'cast' ? argument.value : argument;
      if (field?.kind !== 'column') throw new NotReplayableError(`the first argument of ${node.written} must be a field`, node.offset);
      const query = node.args[1];
      if (query?.kind !== 'literal' || query.value === null || typeof query.value === 'object') throw new NotReplayableError(`the query of ${node.written} must be a constant`, node.offset);
      return { [node.name]: { [field.name]: { query: query.value, ...options } } };
    }
  }
}

/** The full-text condition as a boolean of one row: true when the row's document matches. */
export function compileFullText(node: FunctionCall | MatchOperator, scope: Scope, fieldTypes: FieldTypes, now: number): Compiled {
  const query = dslOf(node);
  let matches;
  try {
    matches = compileDsl(query, { fieldTypes, now });
  } catch (error) {
    if (error instanceof DslCompileError) throw new NotReplayableError(`${error.message} (full-text search)`, node.offset);
    throw error;
  }
  // The document holds the columns the query reads; a column the row does not have is absent.
  const read = [...new Set(dslFields(query))].flatMap((name) => {
    const position = scope.index.get(name);
    return position === undefined ? [] : [[name, position] as const];
  });
  return {
    type: 'boolean',
    evaluate: (row: readonly Cell[]) => {
      const source: Record<string, unknown> = {};
      for (const [name, position] of read) {
        const cell = row[position];
        if (cell !== null && cell !== undefined) source[name] = cell;
      }
      return matches({ _index: '', _id: '', _source: source });
    },
  };
}
