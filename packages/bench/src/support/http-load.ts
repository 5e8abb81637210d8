import { type Socket, connect } from 'node:net';

/**
 * A minimal HTTP/1.1 load client on raw keep-alive sockets, with a few requests pipelined per
 * connection. It costs the bench process far less CPU per request than `node:http` or `fetch`, so on
 * a small machine the measured rate reflects the server more than the client.
 */
export interface LoadClient {
  /** POST `body` `count` times over the pool; returns the sum of `measure(body)` of the answers. */
  post(
    path: string,
    body: string,
    count: number,
    measure: (body: Buffer) => number,
  ): Promise<number>;
  close(): void;
}

interface Connection {
  readonly socket: Socket;
  buffer: Buffer;
  onResponse: ((status: number, body: Buffer) => void) | undefined;
  onError: ((error: Error) => void) | undefined;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const PIPELINE = 4;

function parse(connection: Connection): void {
  for (;;) {
    const buffer = connection.buffer;
    const end = buffer.indexOf(HEADER_END);
    if (end === -1) return;
    const head = buffer.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const match = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (match?.[1] === undefined) {
      connection.onError?.(
        new Error(
          'load client: response without content-length (chunked bodies are not supported)',
        ),
      );
      return;
    }
    const length = Number(match[1]);
    const start = end + 4;
    if (buffer.length < start + length) return;
    const body = buffer.subarray(start, start + length);
    connection.buffer = buffer.subarray(start + length);
    connection.onResponse?.(status, body);
  }
}

function open(host: string, port: number): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, noDelay: true });
    const connection: Connection = {
      socket,
      buffer: Buffer.alloc(0),
      onResponse: undefined,
      onError: undefined,
    };
    socket.on('data', (chunk: Buffer) => {
      connection.buffer =
        connection.buffer.length === 0 ? chunk : Buffer.concat([connection.buffer, chunk]);
      parse(connection);
    });
    socket.on('error', (error) => connection.onError?.(error));
    socket.once('connect', () => resolve(connection));
    socket.once('error', reject);
  });
}

/** Create a {@link LoadClient} against `baseURL` with `concurrency` connections. */
export function createLoadClient(baseURL: string, concurrency: number): LoadClient {
  const url = new URL(baseURL);
  const pool: Promise<Connection[]> = Promise.all(
    Array.from({ length: concurrency }, () => open(url.hostname, Number(url.port))),
  );
  return {
    async post(path, body, count, measure) {
      const connections = await pool;
      const request = Buffer.from(
        `POST ${url.pathname}${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return new Promise<number>((resolve, reject) => {
        let sent = 0;
        let done = 0;
        let total = 0;
        for (const connection of connections) {
          connection.onError = reject;
          connection.onResponse = (status, responseBody) => {
            if (status !== 200) {
              reject(new Error(`HTTP ${status}: ${responseBody.toString('utf8', 0, 200)}`));
              return;
            }
            total += measure(responseBody);
            done++;
            if (sent < count) {
              sent++;
              connection.socket.write(request);
            }
            if (done === count) resolve(total);
          };
          for (let i = 0; i < PIPELINE && sent < count; i++) {
            sent++;
            connection.socket.write(request);
          }
        }
      });
    },
    close() {
      void pool.then((connections) => {
        for (const connection of connections) connection.socket.destroy();
      });
    },
  };
}

const FRAME_END = Buffer.from('\n\n');

/** Count SSE frames in a body (each ends with a blank line). */
export function countFrames(body: Buffer): number {
  let n = 0;
  let i = body.indexOf(FRAME_END);
  while (i !== -1) {
    n++;
    i = body.indexOf(FRAME_END, i + 2);
  }
  return n;
}
