// Where each attribute value of a directive starts in the chapter source, so a bad where= or an
// unknown column points at the character, not just at the directive.

/**
 * Offsets (into `source`) of the first character of each attribute value in the directive that
 * starts at `start`: `::table[label]{data=x where="a == 1" #id}`. Later duplicates win, as in
 * remark-directive.
 */
export function attributeValueOffsets(source: string, start: number, end: number): Map<string, number> {
  const found = new Map<string, number>();
  let i = start;
  while (i < end && source[i] === ':') i++;
  while (i < end && /[\w-]/.test(source[i])) i++;
  if (source[i] === '[') i = skipLabel(source, i, end);
  if (source[i] !== '{') return found;
  i++;
  while (i < end) {
    while (i < end && /\s/.test(source[i])) i++;
    const c = source[i];
    if (c === '}' || c === undefined) break;
    if (c === '#' || c === '.') {
      found.set(c === '#' ? 'id' : 'class', i + 1);
      i++;
      while (i < end && !/[\s}#.]/.test(source[i])) i++;
      continue;
    }
    const nameStart = i;
    while (i < end && !/[\s=}]/.test(source[i])) i++;
    const name = source.slice(nameStart, i);
    if (i === nameStart) i++; // a stray character: step over it
    while (i < end && /[ \t]/.test(source[i])) i++;
    if (source[i] !== '=') continue;
    i++;
    while (i < end && /[ \t]/.test(source[i])) i++;
    const quote = source[i] === '"' || source[i] === "'" ? source[i] : null;
    found.set(name, quote ? i + 1 : i);
    if (quote) {
      const close = source.indexOf(quote, i + 1);
      i = close < 0 || close > end ? end : close + 1;
    } else while (i < end && !/[\s}]/.test(source[i])) i++;
  }
  return found;
}

function skipLabel(source: string, i: number, end: number): number {
  let depth = 0;
  for (; i < end; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === '[') depth++;
    else if (source[i] === ']' && --depth === 0) return i + 1;
  }
  return i;
}
