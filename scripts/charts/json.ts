// A strict JSON parser that remembers where every value and key starts, so a
// problem found later (schema, unknown field) can name its line and column.

export interface Pos {
  line: number;
  column: number;
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface Located {
  value: Json;
  /** JSON pointer ("/encoding/x/field") → start of the value. */
  values: Map<string, Pos>;
  /** JSON pointer of an object member → start of its key. */
  keys: Map<string, Pos>;
}

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly pos: Pos) {
    super(message);
  }
}

/** "/a/b~1c" for ['a', 'b/c'] (RFC 6901). */
export function pointer(segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** The place of `ptr` in the file: its key if it is an object member, else its value; else the nearest ancestor. */
export function locate(doc: Pick<Located, 'values' | 'keys'>, ptr: string, prefer: 'key' | 'value' = 'key'): Pos {
  for (let p = ptr; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const hit = prefer === 'key' ? doc.keys.get(p) ?? doc.values.get(p) : doc.values.get(p) ?? doc.keys.get(p);
    if (hit) return hit;
    if (p === '') return { line: 1, column: 1 };
  }
}

const describe = (ch: string | undefined) => (ch === undefined ? 'the end of the file' : `"${ch}"`);

export function parseJson(text: string): Located {
  const values = new Map<string, Pos>();
  const keys = new Map<string, Pos>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = 0;

  const pos = (at = i): Pos => ({ line, column: at - lineStart + 1 });
  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, pos(at));
  };
  const ws = () => {
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') {
        line++;
        lineStart = i + 1;
      } else if (c !== ' ' && c !== '\t' && c !== '\r') break;
    }
  };

  const string = (): string => {
    const start = i++;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '"') break;
      if (c === '\\') i++;
      else if (c === '\n' || c.charCodeAt(0) < 0x20) fail('a string may not hold a line break or control character; write \\n');
    }
    if (i >= text.length) fail('a string is never closed', start);
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail('a string holds an invalid escape (valid: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)', start);
    }
  };

  const value = (ptr: string): Json => {
    ws();
    values.set(ptr, pos());
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: { [k: string]: Json } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(text[i] === '}' ? 'a comma before "}" (trailing commas are not allowed in JSON)' : `expected a property name in double quotes, found ${describe(text[i])}`);
        const keyPos = pos();
        const key = string();
        const child = `${ptr}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        keys.set(child, keyPos);
        ws();
        if (text[i] !== ':') fail(`expected ":" after the property name "${key}", found ${describe(text[i])}`);
        i++;
        // As JSON.parse does: a "__proto__" key is an own property, not the object's prototype.
        Object.defineProperty(obj, key, { value: value(child), enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail(`expected "," or "}" after a property, found ${describe(text[i])}`);
      }
    }
    if (c === '[') {
      i++;
      const arr: Json[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        ws();
        if (text[i] === ']') fail('a comma before "]" (trailing commas are not allowed in JSON)');
        arr.push(value(`${ptr}/${arr.length}`));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail(`expected "," or "]" after an array item, found ${describe(text[i])}`);
      }
    }
    if (c === '"') return string();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (m && !/[\w.]/.test(text[i + m[0].length] ?? '')) {
      i += m[0].length;
      return JSON.parse(m[0]) as Json;
    }
    if (c === "'") return fail('strings need double quotes in JSON');
    const word = /^[\w.+-]+/.exec(text.slice(i, i + 64));
    if (word) return fail(`"${word[0]}" is not a JSON value (write a number, true, false, null or a "string")`);
    return fail(c === undefined ? 'the file ends where a value was expected' : `unexpected ${describe(c)} where a value was expected`);
  };

  const root = value('');
  ws();
  if (i < text.length) fail(`unexpected ${describe(text[i])} after the end of the JSON value`);
  return { value: root, values, keys };
}
