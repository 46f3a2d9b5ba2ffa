// The `where` language: comparisons joined by and/or/not, parsed by hand (never eval) so every
// error can name the character offset where it happened.
import type { Cell, Row } from '../types.ts';
import { FOREIGN_OPERATORS, type WhereSyntax, type WhereSyntaxArgs } from '../messages.ts';

export type Literal = string | number | boolean | null;
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type Operand = { type: 'column'; name: string; offset: number } | { type: 'literal'; value: Literal };

export type Expr =
  | { type: 'and' | 'or'; left: Expr; right: Expr }
  | { type: 'not'; expr: Expr }
  | { type: 'compare'; op: CompareOp; left: Operand; right: Operand }
  | { type: 'in'; value: Operand; list: Literal[]; negated: boolean }
  | { type: 'truthy'; operand: Operand };

/** A column named in an expression, with its offset in the expression (for located errors). */
export interface ColumnRef {
  name: string;
  offset: number;
}

export type WhereResult =
  | { ok: true; ast: Expr; columns: string[]; refs: ColumnRef[] }
  | { ok: false; offset: number; problem: WhereSyntax; args: WhereSyntaxArgs };

type Token =
  | { kind: 'number'; value: number; offset: number; text: string }
  | { kind: 'string'; value: string; offset: number; text: string }
  | { kind: 'word'; value: string; offset: number; text: string }
  | { kind: 'op'; value: CompareOp; offset: number; text: string }
  | { kind: 'punct'; value: '(' | ')' | '[' | ']' | ','; offset: number; text: string }
  | { kind: 'end'; offset: number; text: string };

/** The parser's only error: where, and which problem (worded by the catalogue, rule where-syntax). */
class WhereError extends Error {
  constructor(
    readonly offset: number,
    readonly problem: WhereSyntax,
    readonly args: WhereSyntaxArgs = {},
  ) {
    super(problem);
  }
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'null']);
const IDENT = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const close = expr.indexOf(c, i + 1);
      if (close < 0) throw new WhereError(i, 'string-unclosed', { quote: c });
      tokens.push({ kind: 'string', value: expr.slice(i + 1, close), offset: i, text: expr.slice(i, close + 1) });
      i = close + 1;
      continue;
    }
    const op = /^(===|!==|==|!=|<=|>=|=~|!~|<>|=>|=<|&&|\|\||[<>=!&|])/.exec(expr.slice(i, i + 3))?.[0];
    if (op) {
      if (FOREIGN_OPERATORS.has(op)) throw new WhereError(i, 'operator-foreign', { op });
      tokens.push({ kind: 'op', value: op as CompareOp, offset: i, text: op });
      i += op.length;
      continue;
    }
    if ('()[],'.includes(c)) {
      tokens.push({ kind: 'punct', value: c as '(', offset: i, text: c });
      i++;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = /[-\d.]/.test(c) ? NUMBER.exec(expr) : null;
    if (num) {
      tokens.push({ kind: 'number', value: Number(num[0]), offset: i, text: num[0] });
      i += num[0].length;
      continue;
    }
    IDENT.lastIndex = i;
    const word = IDENT.exec(expr);
    if (word) {
      tokens.push({ kind: 'word', value: word[0], offset: i, text: word[0] });
      i += word[0].length;
      continue;
    }
    throw new WhereError(i, 'character-unexpected', { char: c });
  }
  tokens.push({ kind: 'end', offset: expr.length, text: '' });
  return tokens;
}

/** Deepest nesting of ( and not: the parser and evaluator recurse once per level. */
export const MAX_WHERE_DEPTH = 64;
/** Most comparisons joined by and/or: each adds a level to the evaluated tree (a long list is `in [...]`). */
export const MAX_WHERE_TERMS = 1000;

/** Recursive descent: or < and < not < comparison, parentheses group. */
class Parser {
  private i = 0;
  private depth = 0;
  private joins = 0;
  readonly refs: ColumnRef[] = [];
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i];
  }
  private next(): Token {
    return this.tokens[this.i++];
  }
  private isWord(t: Token, w: string): boolean {
    return t.kind === 'word' && t.value === w;
  }
  /** The token found instead of what was expected, for the message. */
  private got(t: Token): WhereSyntaxArgs {
    return t.kind === 'end' ? {} : { got: t.text };
  }

  parse(): Expr {
    if (this.peek().kind === 'end') throw new WhereError(0, 'empty');
    const e = this.or();
    const t = this.peek();
    if (t.kind !== 'end') throw new WhereError(t.offset, 'expected-end', this.got(t));
    return e;
  }

  /** Counts a level of ( or not; a bad input cannot recurse the parser off the stack. */
  private enter(at: Token): void {
    if (++this.depth > MAX_WHERE_DEPTH) throw new WhereError(at.offset, 'too-deep', { max: MAX_WHERE_DEPTH });
  }

  private join(at: Token): void {
    if (++this.joins >= MAX_WHERE_TERMS) throw new WhereError(at.offset, 'too-many-terms', { max: MAX_WHERE_TERMS });
  }

  private or(): Expr {
    return this.joined('or', () => this.and());
  }

  private and(): Expr {
    return this.joined('and', () => this.not());
  }

  /** `operand (word operand)*`, grouped from the left. */
  private joined(word: 'and' | 'or', operand: () => Expr): Expr {
    let left = operand();
    while (this.isWord(this.peek(), word)) {
      this.join(this.next());
      left = { type: word, left, right: operand() };
    }
    return left;
  }

  private not(): Expr {
    if (this.isWord(this.peek(), 'not')) {
      this.enter(this.next());
      const expr: Expr = { type: 'not', expr: this.not() };
      this.depth--;
      return expr;
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const open = this.peek();
    if (open.kind === 'punct' && open.value === '(') {
      this.enter(this.next());
      const inner = this.or();
      this.depth--;
      const close = this.next();
      if (close.kind !== 'punct' || close.value !== ')') {
        throw close.kind === 'end' ? new WhereError(open.offset, 'paren-unclosed') : new WhereError(close.offset, 'expected-paren', this.got(close));
      }
      return inner;
    }
    const left = this.operand('expected-operand');
    const t = this.peek();
    if (t.kind === 'op') {
      this.next();
      return { type: 'compare', op: t.value, left, right: this.operand('expected-value', { op: t.value }) };
    }
    const negated = this.isWord(t, 'not') && this.isWord(this.tokens[this.i + 1], 'in');
    if (negated || this.isWord(t, 'in')) {
      this.i += negated ? 2 : 1;
      return { type: 'in', value: left, list: this.list(), negated };
    }
    return { type: 'truthy', operand: left };
  }

  /** A column or literal; otherwise the `expected` problem, with `args` and the token found. */
  private operand(expected: 'expected-operand' | 'expected-value' | 'expected-list-value', args: WhereSyntaxArgs = {}): Operand {
    const t = this.next();
    if (t.kind === 'number' || t.kind === 'string') return { type: 'literal', value: t.value };
    if (t.kind === 'word' && !KEYWORDS.has(t.value)) {
      this.refs.push({ name: t.value, offset: t.offset });
      return { type: 'column', name: t.value, offset: t.offset };
    }
    if (t.kind === 'word' && (t.value === 'true' || t.value === 'false')) return { type: 'literal', value: t.value === 'true' };
    if (t.kind === 'word' && t.value === 'null') return { type: 'literal', value: null };
    throw new WhereError(t.offset, expected, { ...args, ...this.got(t) });
  }

  private list(): Literal[] {
    const open = this.next();
    if (open.kind !== 'punct' || open.value !== '[') throw new WhereError(open.offset, 'expected-list', this.got(open));
    const values: Literal[] = [];
    if (this.peek().kind === 'punct' && this.peek().text === ']') return this.next(), values;
    for (;;) {
      const item = this.operand('expected-list-value');
      if (item.type === 'column') throw new WhereError(item.offset, 'list-column', { column: item.name });
      values.push(item.value);
      const sep = this.next();
      if (sep.kind === 'punct' && sep.value === ']') return values;
      if (sep.kind === 'end') throw new WhereError(open.offset, 'list-unclosed');
      if (sep.kind !== 'punct' || sep.value !== ',') throw new WhereError(sep.offset, 'expected-list-separator', this.got(sep));
    }
  }
}

export function parseWhere(expr: string): WhereResult {
  try {
    const parser = new Parser(tokenize(expr));
    const ast = parser.parse();
    return { ok: true, ast, columns: [...new Set(parser.refs.map((r) => r.name))], refs: parser.refs };
  } catch (e) {
    if (e instanceof WhereError) return { ok: false, offset: e.offset, problem: e.problem, args: e.args };
    throw e;
  }
}

// ——— evaluation ———

const NUMERIC = /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

function asNumber(v: Cell): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && NUMERIC.test(v)) return Number(v);
  return null;
}

function asBoolean(v: Cell): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === 'yes') return true;
    if (s === 'false' || s === 'no') return false;
  }
  return null;
}

/** -1/0/1, or null when the two values cannot be ordered (then only != holds). */
function order(a: Cell, b: Cell): number | null {
  if (typeof a === 'number' || typeof b === 'number') {
    const x = asNumber(a);
    const y = asNumber(b);
    return x === null || y === null ? null : Math.sign(x - y);
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    const x = asBoolean(a);
    const y = asBoolean(b);
    return x === null || y === null ? null : x === y ? 0 : null;
  }
  // Strings (dates are YYYY-MM-DD strings) order by code unit, the same on every machine.
  const s = String(a);
  const t = String(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

/** SQL-like nulls: null (an empty cell) equals only null and is neither smaller nor larger than anything. */
export function compareCells(op: CompareOp, a: Cell, b: Cell): boolean {
  // Empty cells load as null, so '' in an expression means "empty" too.
  if (a === '') a = null;
  if (b === '') b = null;
  if (a === null || b === null) {
    if (op === '==') return a === b;
    if (op === '!=') return a !== b;
    return false;
  }
  const o = order(a, b);
  const booleanOnly = typeof a === 'boolean' || typeof b === 'boolean';
  switch (op) {
    case '==':
      return o === 0;
    case '!=':
      return o !== 0;
    case '<':
      return !booleanOnly && o !== null && o < 0;
    case '<=':
      return !booleanOnly && o !== null && o <= 0;
    case '>':
      return !booleanOnly && o !== null && o > 0;
    case '>=':
      return !booleanOnly && o !== null && o >= 0;
  }
}

function valueOf(operand: Operand, row: Row): Cell {
  return operand.type === 'literal' ? operand.value : (row[operand.name] ?? null);
}

export function evaluate(ast: Expr, row: Row): boolean {
  switch (ast.type) {
    case 'and':
      return evaluate(ast.left, row) && evaluate(ast.right, row);
    case 'or':
      return evaluate(ast.left, row) || evaluate(ast.right, row);
    case 'not':
      return !evaluate(ast.expr, row);
    case 'compare':
      return compareCells(ast.op, valueOf(ast.left, row), valueOf(ast.right, row));
    case 'in': {
      const v = valueOf(ast.value, row);
      const found = ast.list.some((item) => compareCells('==', v, item));
      return ast.negated ? !found : found;
    }
    case 'truthy':
      return asBoolean(valueOf(ast.operand, row)) === true;
  }
}
