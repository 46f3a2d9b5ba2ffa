// The artifact pass of print/tags.ts on one page content stream: every painting operator outside
// marked content (running header, folio, rules, table borders) put in an /Artifact sequence, so
// that all of a page is either tagged content or an artifact (PDF/UA-1, Matterhorn 01-005). Pure:
// it runs on the artifact thread (artifact-thread.ts) or, where none can start, on the caller's.
import { deflateSync, inflateSync } from 'node:zlib';

/** A content stream's data as written, and whether it is FlateDecode (else unfiltered). */
export interface ContentStream {
  data: Uint8Array;
  flate: boolean;
}

/** The stream's new data, encoded as it came; null when it is left as it is (nothing to mark, or unreadable). */
export function markContent({ data, flate }: ContentStream): Uint8Array | null {
  let text: string;
  try {
    text = (flate ? inflateSync(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength)).toString('latin1');
  } catch {
    return null; // not ours to repair
  }
  const marked = wrapUnmarked(text);
  if (marked === null) return null;
  const bytes = Buffer.from(marked, 'latin1');
  return flate ? deflateSync(bytes) : bytes;
}

const PAINT = new Set(['f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*', 'n']);

/**
 * What the artifact pass must see, each match starting where its operator's operands start:
 * literal and hex strings (skipped whole, so nothing in them reads as an operator, and remembered
 * as a text show's operand), array brackets (a TJ's operand), marked-content operators with their
 * tag and properties, path starts with their coordinates, XObjects and shadings with their name,
 * and the operators that paint, show text or bound a text object. Everything else (numbers, state
 * operators) the regular expression engine steps over.
 */
const STRING = String.raw`\((?:[^\\()]|\\[\s\S])*\)|<[0-9A-Fa-f\s]*>`;
const NAME = String.raw`\/[^\s()<>[\]{}/%]+`;
const AFTER = String.raw`(?![^\s()<>[\]{}/%])`;
const MARKING = String.raw`${NAME}\s*(?:<<(?:[^<>()]|\((?:[^\\()]|\\[\s\S])*\))*>>\s*)?(BDC|BMC)${AFTER}`;
const OPS = new RegExp(
  String.raw`${STRING}|\[|\]|${MARKING}|${NAME}\s+(Do|sh)${AFTER}|(?<![^\s\]>)])(?:(?:[-+]?[\d.]+\s+){2}(m)|(?:[-+]?[\d.]+\s+){4}(re)|(EMC|BT|ET|BI|f\*?|F|S|s|B\*?|b\*?|n|Tj|TJ|'|"))${AFTER}`,
  'g',
);
/** Inside tagged content only its bounds matter: the engine steps over all the drawing in it. */
const BOUNDS = new RegExp(String.raw`${STRING}|\[|\]|${MARKING}|()()()(?<![^\s\]>)])(EMC|BI)${AFTER}`, 'g');

type Frame = 'mcid' | 'other' | 'artifact';

/**
 * The content stream with every painting operator outside marked content (MCID) put in an
 * /Artifact sequence: opened before its path, text show or /ActualText span, closed before the
 * next marked content, text object boundary or the end of an enclosing sequence. Null when there
 * is nothing to mark or the stream has what this does not read (inline images).
 */
export function wrapUnmarked(src: string): string | null {
  const out: string[] = [];
  let copied = 0;
  const insertAt = (at: number, s: string) => {
    at = Math.max(at, copied);
    out.push(src.slice(copied, at), s);
    copied = at;
  };
  const stack: Frame[] = [];
  let marked = 0; // MCID or artifact frames open
  const open = (at: number) => {
    insertAt(at, '/Artifact BMC\n');
    stack.push('artifact');
    marked++;
  };
  const closeArtifact = (at: number) => {
    if (stack[stack.length - 1] === 'artifact') {
      insertAt(at, 'EMC\n');
      stack.pop();
      marked--;
    }
  };
  let pathStart = -1;
  let arrayStart = -1;
  let arrayDepth = 0;
  let stringStart = -1;
  let re = OPS;
  re.lastIndex = 0;
  const next = () => {
    const from = re.lastIndex;
    re = stack.includes('mcid') ? BOUNDS : OPS; // an artifact of ours still needs BT and ET
    re.lastIndex = from;
    return re.exec(src);
  };
  for (let m = next(); m; m = next()) {
    const at = m.index;
    const c = src[at];
    if (c === '(' || c === '<') {
      if (!arrayDepth) stringStart = at;
      continue;
    }
    if (c === '[') {
      if (!arrayDepth++) arrayStart = at;
      continue;
    }
    if (c === ']') {
      arrayDepth = Math.max(0, arrayDepth - 1);
      continue;
    }
    const marking = m[1];
    if (marking) {
      const mcid = marking === 'BDC' && /\/MCID\b/.test(m[0]);
      if (mcid) closeArtifact(at);
      else if (!marked) open(at); // an /ActualText span of unmarked text: the artifact goes around it
      stack.push(mcid ? 'mcid' : 'other');
      if (mcid) marked++;
      continue;
    }
    if (m[2]) {
      if (!marked) open(at); // Do, sh
      continue;
    }
    if (m[3] || m[4]) {
      if (pathStart < 0) pathStart = at;
      continue;
    }
    const op = m[5];
    if (op === 'BI') return null; // inline images: Skia writes none; do not guess at their data
    if (op === 'EMC') {
      closeArtifact(at);
      if (stack.pop() === 'mcid') marked--;
      pathStart = -1;
    } else if (op === 'BT' || op === 'ET') {
      closeArtifact(at);
    } else if (op === 'Tj' || op === "'" || op === '"') {
      if (!marked) open(stringStart >= 0 ? stringStart : at);
    } else if (op === 'TJ') {
      if (!marked) open(arrayStart >= 0 ? arrayStart : at);
    } else if (PAINT.has(op)) {
      if (!marked && op !== 'n') open(pathStart >= 0 ? pathStart : at);
      pathStart = -1;
    }
    stringStart = -1;
  }
  if (stack[stack.length - 1] === 'artifact') insertAt(src.length, '\nEMC\n');
  if (!out.length) return null;
  out.push(src.slice(copied));
  return out.join('');
}
