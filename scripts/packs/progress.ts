// How a packs run shows its progress: a bar (count, rate, ETA) on a terminal, one plain line per
// pack otherwise (CI logs, pipes, tests). Failures are always printed in full, as they happen.
import cliProgress from 'cli-progress';

export interface PackEvent {
  country: string;
  name: string;
  ok: boolean;
  /** "4 pages, 120 kB" or the reason it failed. */
  detail: string;
  ms: number;
}

export interface PackProgress {
  start(total: number): void;
  done(e: PackEvent): void;
  stop(): void;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Plain lines: `[3/8] IT Italy: 4 pages, 120 kB in 0.42 s`. Quiet prints failures only. */
export function lineProgress({ write, quiet = false }: { write: (line: string) => void; quiet?: boolean }): PackProgress {
  let total = 0;
  let count = 0;
  return {
    start: (n) => void (total = n),
    done(e) {
      count++;
      if (e.ok && quiet) return;
      write(`[${count}/${total}] ${e.country} ${e.name}: ${e.ok ? `${e.detail} in ${seconds(e.ms)}` : `FAILED — ${e.detail}`}`);
    },
    stop: () => undefined,
  };
}

/** A cli-progress bar on `stream` (a TTY); failures are logged above it. */
export function barProgress({ stream }: { stream: NodeJS.WriteStream }): PackProgress {
  const bars = new cliProgress.MultiBar(
    {
      stream,
      format: 'packs {bar} {value}/{total} · {rate} packs/s · ETA {eta_formatted} · {last}',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
      barsize: 28,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | null = null;
  let t0 = 0;
  let count = 0;
  return {
    start(n) {
      t0 = performance.now();
      bar = bars.create(n, 0, { rate: '0.0', last: '' });
    },
    done(e) {
      count++;
      if (!e.ok) bars.log(`${e.country} ${e.name}: FAILED — ${e.detail}\n`);
      const rate = (count / Math.max(0.001, (performance.now() - t0) / 1000)).toFixed(1);
      bar?.increment(1, { rate, last: `${e.country} ${e.ok ? '✓' : '✗'}` });
    },
    stop: () => bars.stop(),
  };
}
