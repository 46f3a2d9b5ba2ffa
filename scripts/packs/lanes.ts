// The packs' scheduler: Node makes one pack's HTML while the browser prints another.

/**
 * Runs make → finish over `items` in `lanes` lanes, in list order. Claiming item i also starts
 * making item i+1 (once the current I/O has gone out), so Node builds the next pack's HTML while
 * the browser prints; at most lanes + 1 made packs wait in memory.
 */
export async function inLanes<T, M>(items: T[], lanes: number, make: (item: T) => Promise<M>, finish: (item: T, made: Promise<M>) => Promise<void>): Promise<void> {
  const started = new Map<number, Promise<M>>();
  const start = (i: number) => {
    if (i >= items.length || started.has(i)) return;
    const made = new Promise<void>((r) => setImmediate(r)).then(() => make(items[i]));
    made.catch(() => undefined); // finish() handles the failure
    started.set(i, made);
  };
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      start(i);
      start(i + 1);
      const made = started.get(i)!;
      started.delete(i);
      await finish(items[i], made);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
}
