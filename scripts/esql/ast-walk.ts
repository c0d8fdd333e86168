// Walks over an ES|QL syntax tree (or any part of it): every node, at any depth, in source order.
import type { Command, Expression } from './ast.js';

type Node = { readonly kind?: unknown; readonly name?: unknown };

/** Every object in `node`'s tree, `node` itself first. */
export function* nodesOf(node: unknown): Generator<Node> {
  if (Array.isArray(node)) {
    for (const item of node) yield* nodesOf(item);
  } else if (typeof node === 'object' && node !== null) {
    yield node as Node;
    for (const value of Object.values(node)) if (typeof value === 'object') yield* nodesOf(value);
  }
}

/** The names of the columns the commands or expressions read or assign, at any depth. */
export function columnNames(node: readonly Command[] | readonly Expression[] | Expression): Set<string> {
  const names = new Set<string>();
  for (const each of nodesOf(node)) if (each.kind === 'column' && typeof each.name === 'string') names.add(each.name);
  return names;
}
