// A postfix regex program turned into a deterministic automaton with Lucene's bounds, so that every
// accepted pattern matches in time linear in the input and nothing unbounded is ever built.
//
// Lucene (lucene/core/src/java/org/apache/lucene/util/automaton/Operations.java, `determinize`)
// counts as "effort" the size of every NFA state set it takes off the work list and refuses with
// TooComplexToDeterminizeException once that reaches 10 × the work limit; Elasticsearch's regexp
// query passes 10,000 (RegexpQueryBuilder's max_determinized_states). The same count is made here
// over the NFA's character and accept states (what Lucene's epsilon-free automaton holds), and a
// program whose NFA alone would already exceed it is refused before anything is built.
import type { CharRanges } from './char-ranges.js';
import type { RegexOp } from './regex-syntax.js';

export const DETERMINIZE_WORK_LIMIT = 10_000;
const EFFORT_LIMIT = DETERMINIZE_WORK_LIMIT * 10;
/** Epsilon states are free in Lucene; this bounds patterns built of them alone (`(){1000}{1000}`). */
const MAX_NFA_STATES = EFFORT_LIMIT * 10;

export class TooComplexError extends Error {}

// NFA states: epsilon (outs), character (ranges, one out) or the accepting state.
const EPSILON = 0;
const CHAR = 1;
const ACCEPT = 2;

interface Nfa {
  kind: number[];
  outs: number[][];
  ranges: (CharRanges | undefined)[];
}

/** A piece of the NFA: states [low, high), entered at `start`, left from the epsilon state `end`. */
interface Fragment {
  readonly low: number;
  readonly high: number;
  readonly start: number;
  readonly end: number;
}

/** The NFA's character states and all its states, without building it. */
function measure(program: readonly RegexOp[]): { chars: number; states: number } {
  const stack: { chars: number; states: number }[] = [];
  const pop = (count: number) => stack.splice(stack.length - count, count);
  for (const op of program) {
    switch (op.kind) {
      case 'char':
        stack.push({ chars: 1, states: 2 });
        break;
      case 'empty-string':
        stack.push({ chars: 0, states: 1 });
        break;
      case 'nothing':
        stack.push({ chars: 0, states: 2 });
        break;
      case 'concat':
      case 'union': {
        const parts = pop(op.count);
        const extra = op.kind === 'union' ? 2 : 0;
        stack.push(parts.reduce((sum, part) => ({ chars: sum.chars + part.chars, states: sum.states + part.states }), { chars: 0, states: extra }));
        break;
      }
      case 'repeat': {
        const [part] = pop(1) as [{ chars: number; states: number }];
        const copies = Math.max(1, op.max === Infinity ? op.min + 1 : op.max);
        stack.push({ chars: part.chars * copies, states: part.states * copies + (op.max === Infinity ? 2 : op.max - op.min + 1) });
        break;
      }
    }
  }
  return stack[0] ?? { chars: 0, states: 1 };
}

function buildNfa(program: readonly RegexOp[]): { nfa: Nfa; start: number } {
  const nfa: Nfa = { kind: [], outs: [], ranges: [] };
  const add = (kind: number, outs: number[], ranges?: CharRanges): number => {
    nfa.kind.push(kind);
    nfa.outs.push(outs);
    nfa.ranges.push(ranges);
    return nfa.kind.length - 1;
  };
  const copy = (fragment: Fragment): Fragment => {
    const offset = nfa.kind.length - fragment.low;
    for (let s = fragment.low; s < fragment.high; s++) {
      add(nfa.kind[s] as number, (nfa.outs[s] as number[]).map((out) => out + offset), nfa.ranges[s]);
    }
    return { low: fragment.low + offset, high: fragment.high + offset, start: fragment.start + offset, end: fragment.end + offset };
  };
  const stack: Fragment[] = [];
  const pop = (count: number) => stack.splice(stack.length - count, count);
  for (const op of program) {
    switch (op.kind) {
      case 'char': {
        const state = add(CHAR, [], op.ranges);
        const end = add(EPSILON, []);
        nfa.outs[state] = [end];
        stack.push({ low: state, high: end + 1, start: state, end });
        break;
      }
      case 'empty-string': {
        const state = add(EPSILON, []);
        stack.push({ low: state, high: state + 1, start: state, end: state });
        break;
      }
      case 'nothing': {
        const dead = add(EPSILON, []);
        const end = add(EPSILON, []);
        stack.push({ low: dead, high: end + 1, start: dead, end });
        break;
      }
      case 'concat': {
        const parts = pop(op.count);
        for (let i = 0; i + 1 < parts.length; i++) nfa.outs[(parts[i] as Fragment).end] = [(parts[i + 1] as Fragment).start];
        const first = parts[0] as Fragment;
        const last = parts[parts.length - 1] as Fragment;
        stack.push({ low: first.low, high: last.high, start: first.start, end: last.end });
        break;
      }
      case 'union': {
        const parts = pop(op.count);
        const split = add(EPSILON, parts.map((part) => part.start));
        const end = add(EPSILON, []);
        for (const part of parts) nfa.outs[part.end] = [end];
        stack.push({ low: (parts[0] as Fragment).low, high: end + 1, start: split, end });
        break;
      }
      case 'repeat': {
        const body = stack.pop() as Fragment;
        const count = op.max === Infinity ? op.min + 1 : op.max;
        const copies = [body];
        for (let i = 1; i < count; i++) copies.push(copy(body));
        const end = add(EPSILON, []);
        let next = end;
        if (op.max === Infinity) {
          const loop = copies[count - 1] as Fragment;
          next = add(EPSILON, [loop.start, end]);
          nfa.outs[loop.end] = [next];
        } else {
          for (let i = op.max - 1; i >= op.min; i--) {
            const optional = copies[i] as Fragment;
            nfa.outs[optional.end] = [next];
            next = add(EPSILON, [optional.start, end]);
          }
        }
        for (let i = op.min - 1; i >= 0; i--) {
          nfa.outs[(copies[i] as Fragment).end] = [next];
          next = (copies[i] as Fragment).start;
        }
        stack.push({ low: body.low, high: nfa.kind.length, start: next, end });
        break;
      }
    }
  }
  const whole = stack[0] as Fragment;
  const accept = add(ACCEPT, []);
  nfa.outs[whole.end] = [accept];
  return { nfa, start: whole.start };
}

/** A deterministic automaton: per state, sorted disjoint ranges and their targets. */
export interface Dfa {
  readonly accepting: boolean[];
  readonly lows: number[][];
  readonly highs: number[][];
  readonly targets: number[][];
}

/** The character and accept states reachable from `from` through epsilon moves, sorted. */
function closure(nfa: Nfa, from: readonly number[], mark: Int32Array, generation: number): number[] {
  const result: number[] = [];
  const stack = [...from];
  while (stack.length > 0) {
    const state = stack.pop() as number;
    if (mark[state] === generation) continue;
    mark[state] = generation;
    if (nfa.kind[state] === EPSILON) stack.push(...(nfa.outs[state] as number[]));
    else result.push(state);
  }
  return result.sort((a, b) => a - b);
}

function determinize(nfa: Nfa, start: number, pattern: string): Dfa {
  const mark = new Int32Array(nfa.kind.length).fill(-1);
  let generation = 0;
  const dfa: Dfa = { accepting: [], lows: [], highs: [], targets: [] };
  const ids = new Map<string, number>();
  const sets: number[][] = [];
  const stateOf = (set: number[]): number => {
    const key = set.join(',');
    let id = ids.get(key);
    if (id === undefined) {
      id = sets.length;
      ids.set(key, id);
      sets.push(set);
      dfa.accepting.push(set.some((s) => nfa.kind[s] === ACCEPT));
      dfa.lows.push([]);
      dfa.highs.push([]);
      dfa.targets.push([]);
    }
    return id;
  };
  stateOf(closure(nfa, [start], mark, generation++));
  let effort = 0;
  for (let id = 0; id < sets.length; id++) {
    const set = sets[id] as number[];
    effort += set.length;
    if (effort >= EFFORT_LIMIT) {
      throw new TooComplexError(`Determinizing ${pattern} would require more than ${DETERMINIZE_WORK_LIMIT} effort.`);
    }
    // Sweep the boundaries of every range leaving this set: between two boundaries the same
    // character states are active, so the same target set follows.
    const events: [number, number, number][] = [];
    for (const s of set) {
      const ranges = nfa.ranges[s];
      if (!ranges) continue;
      for (let i = 0; i < ranges.length; i += 2) events.push([ranges[i] as number, 1, s], [(ranges[i + 1] as number) + 1, -1, s]);
    }
    events.sort((a, b) => a[0] - b[0]);
    const active = new Map<number, number>();
    for (let i = 0; i < events.length; ) {
      const point = events[i]![0];
      for (; i < events.length && events[i]![0] === point; i++) {
        const [, delta, s] = events[i]!;
        const count = (active.get(s) ?? 0) + delta;
        if (count === 0) active.delete(s);
        else active.set(s, count);
      }
      if (active.size === 0 || i >= events.length) continue;
      const outs = [...active.keys()].map((s) => (nfa.outs[s] as number[])[0] as number);
      const target = stateOf(closure(nfa, outs, mark, generation++));
      dfa.lows[id]!.push(point);
      dfa.highs[id]!.push(events[i]![0] - 1);
      dfa.targets[id]!.push(target);
    }
  }
  return dfa;
}

/** The deterministic automaton of `program`; TooComplexError where Lucene would refuse it. */
export function compileAutomaton(program: readonly RegexOp[], pattern: string): Dfa {
  const size = measure(program);
  if (size.chars >= EFFORT_LIMIT || size.states > MAX_NFA_STATES) {
    throw new TooComplexError(`Determinizing ${pattern} would require more than ${DETERMINIZE_WORK_LIMIT} effort.`);
  }
  const { nfa, start } = buildNfa(program);
  return determinize(nfa, start, pattern);
}

/** Whether the DFA accepts the whole of `value`: one step per code point. */
export function runAutomaton(dfa: Dfa, value: string): boolean {
  let state = 0;
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const low = value.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = (c - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i++;
      }
    }
    const lows = dfa.lows[state] as number[];
    const highs = dfa.highs[state] as number[];
    let low = 0;
    let high = lows.length - 1;
    let next = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (c < (lows[middle] as number)) high = middle - 1;
      else if (c > (highs[middle] as number)) low = middle + 1;
      else {
        next = (dfa.targets[state] as number[])[middle] as number;
        break;
      }
    }
    if (next < 0) return false;
    state = next;
  }
  return dfa.accepting[state] as boolean;
}
