// Lucene regular expressions (the syntax of Elasticsearch's `regexp` query, which EQL's `regex`
// uses), matched against the whole string by simulating a Thompson NFA: time is linear in the
// input times the pattern size, so no pattern can backtrack catastrophically.
// Supported: | concatenation * + ? {n} {n,} {n,m} ( ) [...] [^...] . "literal" \escape @ (any
// string) # (empty language) and the \d \s \w classes. Intersection (&), complement (~) and
// numeric intervals (<n-m>) are rejected with a RegexError.

export class RegexError extends Error {
  /** True when the pattern is valid Lucene syntax that this engine does not implement. */
  constructor(
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

type CharTest = (codePoint: number) => boolean;

type Node =
  | { kind: 'char'; test: CharTest }
  | { kind: 'concat'; parts: Node[] }
  | { kind: 'union'; options: Node[] }
  | { kind: 'repeat'; node: Node; min: number; max: number }
  | { kind: 'empty-string' }
  | { kind: 'nothing' };

const MAX_REPEAT = 1000;

const classEscapes: Record<string, CharTest> = {
  d: (c) => c >= 48 && c <= 57,
  s: (c) => c === 32 || (c >= 9 && c <= 13),
  w: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95,
};

class Parser {
  private pos = 0;
  private readonly chars: number[];

  constructor(private readonly pattern: string) {
    this.chars = Array.from(pattern, (ch) => ch.codePointAt(0) ?? 0);
  }

  parse(): Node {
    const node = this.union();
    if (this.pos < this.chars.length) this.fail(`unexpected "${String.fromCodePoint(this.peek())}"`);
    return node;
  }

  private fail(message: string, unsupported = false): never {
    throw new RegexError(`invalid regular expression "${this.pattern}" at position ${this.pos + 1}: ${message}`, unsupported);
  }

  private peek(): number {
    return this.chars[this.pos] ?? -1;
  }

  private eat(ch: string): boolean {
    if (this.peek() === ch.codePointAt(0)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private union(): Node {
    const options = [this.concat()];
    while (this.eat('|')) options.push(this.concat());
    return options.length === 1 ? (options[0] as Node) : { kind: 'union', options };
  }

  private concat(): Node {
    const parts: Node[] = [];
    while (this.pos < this.chars.length && this.peek() !== 124 /* | */ && this.peek() !== 41 /* ) */) {
      parts.push(this.repeat());
    }
    if (parts.length === 0) return { kind: 'empty-string' };
    return parts.length === 1 ? (parts[0] as Node) : { kind: 'concat', parts };
  }

  private integer(): number {
    const start = this.pos;
    while (this.peek() >= 48 && this.peek() <= 57) this.pos++;
    if (start === this.pos) this.fail('expected a number');
    return Number(String.fromCodePoint(...this.chars.slice(start, this.pos)));
  }

  private repeat(): Node {
    let node = this.atom();
    for (;;) {
      if (this.eat('*')) node = { kind: 'repeat', node, min: 0, max: Infinity };
      else if (this.eat('+')) node = { kind: 'repeat', node, min: 1, max: Infinity };
      else if (this.eat('?')) node = { kind: 'repeat', node, min: 0, max: 1 };
      else if (this.eat('{')) {
        const min = this.integer();
        let max = min;
        if (this.eat(',')) max = this.peek() === 125 ? Infinity : this.integer();
        if (!this.eat('}')) this.fail('expected "}"');
        if (max < min) this.fail(`{${min},${max}} has its maximum below its minimum`);
        if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) this.fail(`repetition above ${MAX_REPEAT}`);
        node = { kind: 'repeat', node, min, max };
      } else return node;
    }
  }

  private escaped(): number {
    this.pos++;
    if (this.pos >= this.chars.length) this.fail('"\\" at the end');
    return this.chars[this.pos++] as number;
  }

  private atom(): Node {
    const c = this.peek();
    switch (c) {
      case 40 /* ( */: {
        this.pos++;
        const inner = this.peek() === 41 ? ({ kind: 'empty-string' } as Node) : this.union();
        if (!this.eat(')')) this.fail('expected ")"');
        return inner;
      }
      case 91 /* [ */:
        return this.charClass();
      case 46 /* . */:
        this.pos++;
        return { kind: 'char', test: () => true };
      case 64 /* @ */:
        this.pos++;
        return { kind: 'repeat', node: { kind: 'char', test: () => true }, min: 0, max: Infinity };
      case 35 /* # */:
        this.pos++;
        return { kind: 'nothing' };
      case 34 /* " */: {
        this.pos++;
        const parts: Node[] = [];
        while (this.pos < this.chars.length && this.peek() !== 34) {
          const ch = this.chars[this.pos++] as number;
          parts.push({ kind: 'char', test: (x) => x === ch });
        }
        if (!this.eat('"')) this.fail('unterminated "..." string');
        return { kind: 'concat', parts };
      }
      case 92 /* \ */: {
        const ch = this.escaped();
        const cls = classEscapes[String.fromCodePoint(ch).toLowerCase()];
        if (cls) {
          const negated = ch >= 65 && ch <= 90;
          return { kind: 'char', test: negated ? (x) => !cls(x) : cls };
        }
        return { kind: 'char', test: (x) => x === ch };
      }
      case 38 /* & */:
      case 126 /* ~ */:
      case 60 /* < */:
        this.fail(`the "${String.fromCodePoint(c)}" operator is not supported by the embedded engine`, true);
      // falls through (fail never returns)
      case 42:
      case 43:
      case 63:
      case 123:
        this.fail(`"${String.fromCodePoint(c)}" has nothing to repeat`);
      // falls through
      default:
        this.pos++;
        return { kind: 'char', test: (x) => x === c };
    }
  }

  private classChar(): number {
    if (this.peek() === 92) return this.escaped();
    if (this.pos >= this.chars.length) this.fail('unterminated "[...]"');
    return this.chars[this.pos++] as number;
  }

  private charClass(): Node {
    this.pos++;
    const negated = this.eat('^');
    const tests: CharTest[] = [];
    do {
      if (this.peek() === 92) {
        const next = this.chars[this.pos + 1];
        const cls = next === undefined ? undefined : classEscapes[String.fromCodePoint(next).toLowerCase()];
        if (cls && next !== undefined) {
          this.pos += 2;
          tests.push(next >= 65 && next <= 90 ? (x) => !cls(x) : cls);
          continue;
        }
      }
      const low = this.classChar();
      if (this.peek() === 45 /* - */ && this.chars[this.pos + 1] !== 93) {
        this.pos++;
        const high = this.classChar();
        if (high < low) this.fail('a character range runs backwards');
        tests.push((x) => x >= low && x <= high);
      } else {
        tests.push((x) => x === low);
      }
    } while (this.peek() !== 93 /* ] */ && this.pos < this.chars.length);
    if (!this.eat(']')) this.fail('unterminated "[...]"');
    const any: CharTest = (x) => tests.some((t) => t(x));
    return { kind: 'char', test: negated ? (x) => !any(x) : any };
  }
}

// NFA states: a character step, a split into two epsilon branches, or acceptance.
interface CharState {
  kind: 'char';
  test: CharTest;
  out: number;
}
interface SplitState {
  kind: 'split';
  out: number[];
}
type State = CharState | SplitState | { kind: 'accept' };

class NfaBuilder {
  readonly states: State[] = [];

  /** Builds `node` so that it continues to state `next`; returns its entry state. */
  build(node: Node, next: number): number {
    switch (node.kind) {
      case 'char':
        return this.add({ kind: 'char', test: node.test, out: next });
      case 'empty-string':
        return next;
      case 'nothing':
        return this.add({ kind: 'split', out: [] });
      case 'concat': {
        let entry = next;
        for (let i = node.parts.length - 1; i >= 0; i--) entry = this.build(node.parts[i] as Node, entry);
        return entry;
      }
      case 'union':
        return this.add({ kind: 'split', out: node.options.map((option) => this.build(option, next)) });
      case 'repeat': {
        let entry = next;
        if (node.max === Infinity) {
          const loop = this.add({ kind: 'split', out: [] }) ;
          const body = this.build(node.node, loop);
          (this.states[loop] as SplitState).out = [body, next];
          entry = loop;
        } else {
          for (let i = node.min; i < node.max; i++) {
            entry = this.add({ kind: 'split', out: [this.build(node.node, entry), next] });
          }
        }
        for (let i = 0; i < node.min; i++) entry = this.build(node.node, entry);
        return entry;
      }
    }
  }

  add(state: State): number {
    this.states.push(state);
    return this.states.length - 1;
  }
}

function foldTest(test: CharTest): CharTest {
  return (c) => {
    if (test(c)) return true;
    const ch = String.fromCodePoint(c);
    const lower = ch.toLowerCase().codePointAt(0) ?? c;
    const upper = ch.toUpperCase().codePointAt(0) ?? c;
    return (lower !== c && test(lower)) || (upper !== c && test(upper));
  };
}

/** Compiles a Lucene regular expression into a whole-string test; throws RegexError on bad syntax. */
export function compileLuceneRegex(pattern: string, caseInsensitive: boolean): (value: string) => boolean {
  const builder = new NfaBuilder();
  const accept = builder.add({ kind: 'accept' });
  const start = builder.build(new Parser(pattern).parse(), accept);
  const states = builder.states.map((s) => (caseInsensitive && s.kind === 'char' ? { ...s, test: foldTest(s.test) } : s));
  const mark = new Int32Array(states.length).fill(-1);

  return (value) => {
    let generation = 0;
    let current: number[] = [];
    const add = (list: number[], index: number): void => {
      if (mark[index] === generation) return;
      mark[index] = generation;
      const state = states[index] as State;
      if (state.kind === 'split') for (const out of state.out) add(list, out);
      else list.push(index);
    };
    mark.fill(-1);
    add(current, start);
    for (const ch of value) {
      const c = ch.codePointAt(0) ?? 0;
      generation++;
      const next: number[] = [];
      for (const index of current) {
        const state = states[index] as State;
        if (state.kind === 'char' && state.test(c)) add(next, state.out);
      }
      if (next.length === 0) return false;
      current = next;
    }
    return current.some((index) => (states[index] as State).kind === 'accept');
  };
}
