// The shape of bench/results.json (schema in bench/results.schema.json) and the performance targets.

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export interface CaseResult {
  /** Stable id, e.g. "briefkit/build-cold/110-overseas". */
  id: string;
  group: 'briefkit' | 'floor' | 'peer';
  /** The tool that ran: "briefkit", "chromium page.pdf", "pagedjs-cli", "pandoc+weasyprint". */
  tool: string;
  /** What was measured, in words. */
  what: string;
  brief: string | null;
  /** Timed runs (after warm-up); 0 when skipped. */
  runs: number;
  /** Wall time per run in ms (whole batch for packs). */
  ms: Spread | null;
  /** For batches (packs): items per run and ms per item. */
  items: number | null;
  msPerItem: Spread | null;
  /** Peak of the summed RSS of the process tree (Chromium included), MiB. */
  peakMiB: number | null;
  pages: number | null;
  /** Why the case did not run; null when it ran. */
  skipped: string | null;
  /** Medians of the pipeline's own timings (ms), where the tool reports them. */
  timings: Record<string, number> | null;
  notes: string[];
}

export interface TargetResult {
  id: string;
  what: string;
  /** The measured value: a ratio (×), seconds per pack, ms or MiB, per `unit`. */
  value: number | null;
  unit: '×' | 's/pack' | 'ms' | 'MiB' | '%' | 'count';
  numerator: string | null;
  denominator: string | null;
  /** The target as worded, e.g. "≤ 1.5×"; null when the row only reports. */
  target: string | null;
  limit: number | null;
  met: boolean | null;
  note: string | null;
}

export interface ProfileStage {
  stage: string;
  ms: number;
  source: string;
}

export interface Results {
  schema: 1;
  date: string;
  quick: boolean;
  argv: string[];
  durationS: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    os: string;
    node: string;
    loadStart: number[];
    loadEnd: number[];
  };
  versions: Record<string, string>;
  corpus: { brief: string; root: string; pages: number | null; footnotes: number | null; description: string }[];
  cases: CaseResult[];
  targets: TargetResult[];
  profile: { brief: string; coldWallMs: number | null; stages: ProfileStage[]; biggest: string | null; floorWallMs: number | null; floorStages: ProfileStage[] };
  skipped: string[];
}

export function spread(xs: number[]): Spread | null {
  if (!xs.length) return null;
  const s = xs.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  const r = (n: number) => Math.round(n * 10) / 10;
  return { min: r(s[0]), median: r(median), max: r(s[s.length - 1]) };
}

/** Median of each key across runs' timing records. */
export function medianTimings(list: Record<string, number>[]): Record<string, number> | null {
  if (!list.length) return null;
  const keys = [...new Set(list.flatMap((t) => Object.keys(t)))];
  return Object.fromEntries(keys.map((k) => [k, spread(list.map((t) => t[k]).filter((v) => typeof v === 'number'))?.median ?? 0]));
}
