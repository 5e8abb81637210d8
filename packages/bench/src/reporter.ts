import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import type { ScenarioResult } from './scenario.js';

/** Where and on what the benchmark ran. */
export interface Environment {
  readonly date: string;
  readonly node: string;
  readonly platform: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  /** 1-minute load average when the run ended; far above `cores` means other work competed for the CPU. */
  readonly loadAverage: number;
}

/** The environment of this run. */
export function describeEnvironment(): Environment {
  const cpu = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A Markdown table of the results. */
export function toMarkdown(results: readonly ScenarioResult[], env: Environment): string {
  const lines = [
    '# Benchmark results',
    '',
    `${env.date} · Node ${env.node} · ${env.platform} · ${env.cpu} × ${env.cores} · ${env.memoryGiB} GiB · load average ${env.loadAverage}`,
    '',
    '| scenario | rate | target | met | server CPU / unit | capacity per server core | iterations | mean iteration (ms) | ±rme |',
    '| --- | ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) =>
      r.error !== undefined
        ? `| ${r.name} | failed: ${r.error} | ${r.target === null ? '—' : number.format(r.target)} | ✗ | | | | | |`
        : `| ${r.name} | ${number.format(r.rate)} ${r.unit} | ${r.target === null ? '—' : `${number.format(r.target)} ${r.unit}`} | ${r.meetsTarget === null ? '—' : r.meetsTarget ? '✓' : '✗'} | ${r.serverCpuMicrosPerUnit === null ? '—' : `${r.serverCpuMicrosPerUnit.toFixed(1)} µs`} | ${r.capacityPerCore === null ? '—' : `${number.format(r.capacityPerCore)} ${r.unit}`} | ${r.iterations} | ${r.meanIterationMs.toFixed(1)} | ${r.rme.toFixed(1)}% |`,
    ),
    '',
    ...results.map((r) => `- **${r.name}**: ${r.description}`),
    '',
    '"rate" is what the load client observed end to end (client and server share the machine); "capacity per server core" is 1e6 ÷ the server process\'s CPU time per unit, which is less sensitive to other load than the observed rate (heavy load still inflates it).',
    '',
  ];
  return lines.join('\n');
}

/** Write `results/latest.json` and `results/latest.md` under `dir`. */
export function writeReport(dir: URL, results: readonly ScenarioResult[], env: Environment): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL('latest.json', dir), `${JSON.stringify({ environment: env, results }, null, 2)}\n`);
  writeFileSync(new URL('latest.md', dir), toMarkdown(results, env));
}
