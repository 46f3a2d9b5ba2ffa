// Timings: milliseconds with one decimal, the one rounding every `--verbose` figure uses.
import { performance } from 'node:perf_hooks';

/** A duration in milliseconds, to 0.1 ms. */
export const roundMs = (ms: number): number => Math.round(ms * 10) / 10;

/** Milliseconds since `t0` (a performance.now() reading), to 0.1 ms. */
export const since = (t0: number): number => roundMs(performance.now() - t0);
