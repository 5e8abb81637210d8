/** Thrown when a promise did not settle within its time limit. */
export class TimeLimitExceeded extends Error {
  override readonly name = 'TimeLimitExceeded';
  constructor(readonly limitMs: number) {
    super(`did not settle within ${limitMs} ms`);
  }
}

/** `promise`, or a `TimeLimitExceeded` rejection after `limitMs`. */
export function withTimeLimit<T>(promise: Promise<T>, limitMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeLimitExceeded(limitMs)), limitMs);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
