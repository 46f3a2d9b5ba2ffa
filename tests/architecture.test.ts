// The import graph keeps the pipeline layered: stages (the folders under scripts/) never import
// the pipeline, a command or the CLI, and no two folders import each other in a cycle.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPTS = path.resolve(import.meta.dirname, '../scripts');
/** Above the stages: the CLI, its commands, their runs (sequencing) and the pipeline; dev/ (the preview server) sits with the commands. */
const ABOVE = ['cli.ts', 'commands', 'runs', 'pipeline.ts', 'dev'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.ts$/.test(e.name) ? [p] : [];
  });
}

/** The bottom layer every stage may use; its files are one unit (types.ts names messages.ts's rule ids). */
const FOUNDATION = ['messages.ts', 'types.ts', 'write.ts', 'version.ts'];

/** The unit a file belongs to: its top folder under scripts/, or the file itself at the top. */
const unitOf = (file: string) => {
  const top = path.relative(SCRIPTS, file).split(path.sep)[0];
  return FOUNDATION.includes(top) ? 'foundation' : top;
};

/** Relative imports of a file (static, dynamic and type-only), resolved to files. */
export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.[^'"]+)['"]/g)].map((m) => m[1]);
  return specs.map((s) => path.resolve(path.dirname(file), s));
}

export function unitGraph(files: string[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const f of files) {
    const from = unitOf(f);
    const edges = graph.get(from) ?? new Set<string>();
    for (const target of importsOf(f)) {
      const to = unitOf(target);
      if (to !== from && !to.startsWith('..')) edges.add(to);
    }
    graph.set(from, edges);
  }
  return graph;
}

/** Every cycle's units, found by depth-first search (each cycle once, as a sorted key). */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  const found = new Map<string, string[]>();
  const walk = (node: string, trail: string[]) => {
    for (const next of graph.get(node) ?? []) {
      const at = trail.indexOf(next);
      if (at >= 0) {
        // Told from its first unit in sort order, so a cycle reads the same however it was reached.
        const cycle = trail.slice(at);
        const first = cycle.indexOf([...cycle].sort()[0]);
        const turned = [...cycle.slice(first), ...cycle.slice(0, first)];
        found.set([...cycle].sort().join(' '), [...turned, turned[0]]);
      } else walk(next, [...trail, next]);
    }
  };
  for (const node of graph.keys()) walk(node, [node]);
  return [...found.values()];
}

describe('architecture', () => {
  const files = sources(SCRIPTS);
  const graph = unitGraph(files);

  it('has no import cycle between folders', () => {
    expect(cycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('keeps stages below the pipeline, the commands and the CLI', () => {
    const wrong: string[] = [];
    for (const [from, edges] of graph) {
      if (ABOVE.includes(from)) continue;
      for (const to of edges) if (ABOVE.includes(to)) wrong.push(`${from} imports ${to}`);
    }
    expect(wrong).toEqual([]);
  });

  it('would catch the old cycle between the orchestrator and edition/', () => {
    const old = new Map([
      ['build.ts', new Set(['edition', 'parse'])],
      ['edition', new Set(['build.ts'])],
      ['parse', new Set<string>()],
    ]);
    expect(cycles(old).map((c) => c.join(' → '))).toEqual(['build.ts → edition → build.ts']);
  });
});
