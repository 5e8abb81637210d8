/**
 * Child processes of the reliability suite: started through an injectable command (the built
 * `reliability.js` in the suite, the TypeScript sources in tests), talked to in JSON lines
 * (commands on stdin, messages on stdout), and killed with SIGKILL. Their stderr goes to
 * `observe`, so the secret scan reads it.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/** How to start a registered child main: `argsFor(name, arg)` are the arguments of `execPath`. */
export interface ChildCommand {
  readonly execPath: string;
  argsFor(name: string, arg: string): readonly string[];
  /** Extra environment of every child. */
  readonly env?: Readonly<Record<string, string>> | undefined;
}

/**
 * The suite's own command: the running `reliability.js` (`process.argv[1]`) started again with
 * `--child <name> <arg>`, so children run the same built code as the suite.
 */
export function builtChildCommand(): ChildCommand {
  const entry = process.argv[1];
  if (entry === undefined) throw new Error('The reliability suite cannot find its own entry file.');
  return { execPath: process.execPath, argsFor: (name, arg) => [entry, '--child', name, arg] };
}

/** The environment variable a child reads the API key from (kept out of its command line). */
export const API_KEY_ENV = 'WEFT_RELIABILITY_API_KEY';

/** A JSON message a child printed on stdout. */
export type ChildMessage = Readonly<Record<string, unknown>>;

/** A running child. */
export interface Child {
  /** Resolves with the first message (already received or future) that satisfies `test`. */
  next(test: (message: ChildMessage) => boolean, timeoutMs?: number): Promise<ChildMessage>;
  /** Every message received so far, in order. */
  readonly messages: readonly ChildMessage[];
  /** Writes one command line to the child's stdin. */
  send(command: unknown): void;
  /** Kills the child with SIGKILL and waits until it is gone. */
  kill(): Promise<void>;
  /** Resolves with the exit code (null when killed by a signal) once the child has exited. */
  readonly exited: Promise<number | null>;
}

/** Thrown when a child exits or stays silent before sending the message a part waits for. */
export class ChildFailed extends Error {
  override readonly name = 'ChildFailed';
}

interface Waiter {
  readonly test: (message: ChildMessage) => boolean;
  readonly resolve: (message: ChildMessage) => void;
  readonly reject: (error: Error) => void;
}

/** Starts the child main registered as `name` with `arg` (JSON), reporting its stderr to `observe`. */
export function startChild(
  command: ChildCommand,
  name: string,
  arg: unknown,
  options: { readonly apiKey: string; readonly observe: (text: string) => void },
): Child {
  const process_: ChildProcessByStdio<Writable, Readable, Readable> = spawn(
    command.execPath,
    [...command.argsFor(name, JSON.stringify(arg))],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...command.env, [API_KEY_ENV]: options.apiKey },
    },
  );
  const messages: ChildMessage[] = [];
  const waiters = new Set<Waiter>();
  let stderr = '';
  let ended: number | null | undefined;
  process_.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderr += text;
    options.observe(text);
  });
  createInterface({ input: process_.stdout }).on('line', (line) => {
    let message: ChildMessage;
    try {
      message = JSON.parse(line) as ChildMessage;
    } catch {
      options.observe(line);
      return;
    }
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.test(message)) {
        waiters.delete(waiter);
        waiter.resolve(message);
      }
    }
  });
  // Writing to a child that was just killed must not crash the suite.
  process_.stdin.on('error', () => undefined);
  const exited = new Promise<number | null>((resolve) => {
    const end = (code: number | null, why: string): void => {
      if (ended !== undefined) return;
      ended = code;
      for (const waiter of waiters) waiter.reject(new ChildFailed(`child ${name} ${why}`));
      waiters.clear();
      resolve(code);
    };
    process_.on('exit', (code) =>
      end(code, `exited (${code ?? 'signal'}): ${stderr.slice(-2000)}`),
    );
    // A child that cannot be started at all (no executable) fails its waiters instead of the suite.
    process_.on('error', (error) => end(-1, `could not be started: ${error.message}`));
  });
  return {
    messages,
    exited,
    send: (command_) => {
      if (ended === undefined) process_.stdin.write(`${JSON.stringify(command_)}\n`);
    },
    next: (test, timeoutMs = 60_000) => {
      const seen = messages.find(test);
      if (seen !== undefined) return Promise.resolve(seen);
      if (ended !== undefined) {
        return Promise.reject(
          new ChildFailed(`child ${name} exited (${ended ?? 'signal'}): ${stderr.slice(-2000)}`),
        );
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new ChildFailed(`child ${name} sent nothing expected within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter: Waiter = {
          test,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        };
        waiters.add(waiter);
      });
    },
    kill: async () => {
      if (ended === undefined) process_.kill('SIGKILL');
      await exited;
    },
  };
}

/** In a child: prints one JSON message line on stdout. */
export function say(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** In a child: the API key its parent passed in the environment. */
export function childApiKey(): string {
  const key = process.env[API_KEY_ENV];
  if (key === undefined || key === '') throw new Error(`${API_KEY_ENV} is not set.`);
  return key;
}
