import { Agent, request } from 'node:http';

/** A keep-alive HTTP client that fires many small POSTs concurrently and reads whole bodies. */
export interface LoadClient {
  /** POST `body` `count` times, `concurrency` at a time; returns the bodies' summed `count(body)`. */
  post(path: string, body: string, count: number, measure: (text: string) => number): Promise<number>;
  close(): void;
}

/** Create a {@link LoadClient} against `baseURL` with `concurrency` sockets. */
export function createLoadClient(baseURL: string, concurrency: number): LoadClient {
  const url = new URL(baseURL);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const one = (path: string, body: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: `${url.pathname}${path}`,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new Error(`HTTP ${String(res.statusCode)}`));
            else resolve(Buffer.concat(chunks).toString('utf8'));
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return {
    async post(path, body, count, measure) {
      let next = 0;
      let total = 0;
      const worker = async (): Promise<void> => {
        while (next < count) {
          next++;
          const text = await one(path, body);
          total += measure(text);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
      return total;
    },
    close() {
      agent.destroy();
    },
  };
}

/** Count SSE frames in a body (each ends with a blank line). */
export function countFrames(text: string): number {
  let n = 0;
  let i = text.indexOf('\n\n');
  while (i !== -1) {
    n++;
    i = text.indexOf('\n\n', i + 2);
  }
  return n;
}
