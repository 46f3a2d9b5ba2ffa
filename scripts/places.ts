// Offsets in a text → 1-based line and column (UTF-16 units, as editors count): the one helper
// behind every located message that starts from an offset.

/** Offsets at which each line of `text` starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Line and column of `offset`, given the text's lineStarts. */
export function lineColumn(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

/**
 * Where `offset` inside `text` lands in the source, given the place of the text's first character
 * (a markdown text node, an attribute value): on its first line the column counts on from there.
 */
export function placeInText<P extends { line: number; column: number }>(start: P, text: string, offset: number): P {
  const before = text.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  if (nl < 0) return { ...start, column: start.column + offset };
  return { ...start, line: start.line + before.split('\n').length - 1, column: offset - nl };
}
