// Walking an ES|QL syntax tree: every node, and the column names a query reads or assigns.
import { describe, expect, it } from 'vitest';
import { columnNames, nodesOf } from '../../scripts/esql/ast-walk.js';
import { parseQuery } from '../../scripts/esql/parser.js';

function parsed(text: string) {
  const result = parseQuery(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.query;
}

describe('ES|QL tree walk', () => {
  it('collects the column names a query reads', () => {
    expect([...columnNames(parsed('FROM x | WHERE a.b > 1 AND TO_LOWER(c) == "d" | STATS n = COUNT(e) BY f').commands)].sort()).toEqual(['a.b', 'c', 'e', 'f', 'n']);
  });

  it('visits every node, commands first, then what they hold', () => {
    const kinds = [...nodesOf(parsed('FROM x | WHERE a > 1').commands)].map((node) => node.kind).filter((kind) => kind !== undefined);
    expect(kinds).toEqual(['from', 'where', 'binary', 'column', 'literal']);
  });
});
