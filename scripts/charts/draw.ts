// Vega-Lite → Vega → static SVG string, in Node, with real font metrics.
// Renders run one at a time: Vega's text metrics and SVG id counters are
// process-wide, and serialising them is what keeps output byte-identical.
import * as vega from 'vega';
import { compile, resetIdCounter } from 'vega-lite';
import { theme } from './theme.ts';
import { useFontMetrics } from './fonts.ts';

type Spec = Record<string, any>;

/** Counts real renders (cache misses): tests use it to prove a hit skips Vega. */
export const drawStats = { renders: 0 };

export class DrawError extends Error {}

/** More marks than the brief allows: drawing them would make a huge SVG and PDF. */
export class TooManyMarks extends Error {
  constructor(readonly marks: number) {
    super(`${marks} marks`);
  }
}

/** Points, bars, lines, labels… in the laid-out scene (groups hold marks, marks hold items). */
function countMarks(root: unknown): number {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length) {
    // A group mark holds group items, a group item holds marks, any other mark holds its items.
    const node = stack.pop() as { marktype?: string; items?: unknown[] } | undefined;
    if (!node?.items) continue;
    if (node.marktype && node.marktype !== 'group') count += node.items.length;
    else stack.push(...node.items);
  }
  return count;
}

// Not the author's concern: caused by what assemble() adds, or just an empty selection of rows.
const NOISE = /^(Dropping "fit|Infinite extent for field)/;

let queue: Promise<unknown> = Promise.resolve();

function serial<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job, job);
  queue = run.catch(() => undefined);
  return run;
}

// Charts never load anything: data is bound inline, maps are inlined GeoJSON.
const refuse = async (uri: string): Promise<never> => {
  throw new DrawError(`charts load no files or URLs (asked for ${uri})`);
};
const offline = { load: refuse, sanitize: refuse, http: refuse, file: refuse } as unknown as ReturnType<typeof vega.loader>;

export interface Drawn {
  svg: string;
  warnings: string[];
}

export function drawSvg(spec: Spec, font: string, maxMarks = Infinity): Promise<Drawn> {
  return serial(async () => {
    const warnings: string[] = [];
    const logger = {
      level() {
        return 0;
      },
      warn(...a: unknown[]) {
        warnings.push(a.map(String).join(' '));
        return this;
      },
      info() {
        return this;
      },
      debug() {
        return this;
      },
      error(...a: unknown[]) {
        warnings.push(a.map(String).join(' '));
        return this;
      },
    };
    let vg;
    resetIdCounter(); // Vega-Lite names generated signals from a process-wide counter
    try {
      vg = compile(spec as never, { config: theme(font), logger: logger as never }).spec;
    } catch (e) {
      throw new DrawError((e as Error).message.split('\n')[0]);
    }
    useFontMetrics();
    vega.resetSVGDefIds();
    const view = new vega.View(vega.parse(vg), { renderer: 'none', loader: offline, logger: logger as never, logLevel: vega.Warn });
    try {
      await view.runAsync();
      const marks = countMarks((view.scenegraph() as unknown as { root: unknown }).root);
      if (marks > maxMarks) throw new TooManyMarks(marks);
      const svg = await view.toSVG();
      drawStats.renders++;
      return { svg, warnings: warnings.filter((w) => !NOISE.test(w)) };
    } catch (e) {
      throw e instanceof DrawError || e instanceof TooManyMarks ? e : new DrawError((e as Error).message.split('\n')[0]);
    } finally {
      view.finalize();
    }
  });
}
