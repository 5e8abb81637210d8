import { Bench } from 'tinybench';

/** A rate measured with tinybench. */
export interface Rate {
  /** Units of work per second over the measured iterations. */
  readonly perSecond: number;
  readonly iterations: number;
  /** Relative margin of error of the iteration time, %. */
  readonly rme: number;
}

/**
 * Runs `iteration` (which returns the units of work it completed) under tinybench for `timeMs`
 * after `warmupMs`, and returns units per second.
 */
export async function measureRate(
  name: string,
  iteration: () => Promise<number>,
  options: { readonly timeMs: number; readonly warmupMs: number },
): Promise<Rate> {
  let work = 0;
  const bench = new Bench({
    time: options.timeMs,
    warmupTime: options.warmupMs,
    iterations: 3,
    warmupIterations: 1,
    throws: true,
  });
  bench.add(
    name,
    async () => {
      work += await iteration();
    },
    {
      beforeAll() {
        work = 0;
      },
    },
  );
  await bench.run();
  const result = bench.getTask(name)?.result;
  if (result === undefined || !('latency' in result)) throw new Error(`no statistics for ${name}`);
  return {
    perSecond: result.totalTime > 0 ? (work * 1000) / result.totalTime : 0,
    iterations: result.latency.samplesCount,
    rme: result.latency.rme,
  };
}
