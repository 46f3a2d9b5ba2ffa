// A small Server-Sent Events client for tests: collects events and waits for the next one of a kind.
import { get, type IncomingMessage } from 'node:http';

export interface SseEvent {
  event: string;
  data: any;
  at: number; // performance.now() when it arrived
}

export interface SseClient {
  events: SseEvent[];
  /** The next event named `event` arriving after this call (or already queued since `since`). */
  next(event: string, timeoutMs?: number): Promise<SseEvent>;
  /** Forget the events received so far: the next `next` waits for one that arrives later. */
  skip(): void;
  close(): void;
}

export function connect(url: string): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    let consumed = 0;
    let waiting: { event: string; resolve: (e: SseEvent) => void } | null = null;
    const deliver = () => {
      if (!waiting) return;
      for (let i = consumed; i < events.length; i++) {
        if (events[i].event === waiting.event) {
          consumed = i + 1;
          const w = waiting;
          waiting = null;
          w.resolve(events[i]);
          return;
        }
      }
    };
    const req = get(url, (res: IncomingMessage) => {
      if (res.statusCode !== 200) return reject(new Error(`SSE: status ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          let data = '';
          for (const line of frame.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
          }
          if (!data) continue;
          events.push({ event, data: JSON.parse(data), at: performance.now() });
          deliver();
        }
      });
      resolve({
        events,
        next(event, timeoutMs = 60_000) {
          return new Promise((res2, rej2) => {
            const timer = setTimeout(() => rej2(new Error(`no "${event}" event within ${timeoutMs} ms; got ${events.map((e) => e.event).join(', ')}`)), timeoutMs);
            waiting = { event, resolve: (e) => (clearTimeout(timer), res2(e)) };
            deliver();
          });
        },
        skip: () => {
          consumed = events.length;
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}

export async function fetchText(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}
