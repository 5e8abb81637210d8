import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { groupByChart, renderChart } from './charts.js';
import { describeTarget, format } from './figures.js';
import type { Figure, ScenarioResult } from './scenario.js';

/** Where and on what the benchmark ran. */
export interface Environment {
  readonly date: string;
  readonly node: string;
  readonly platform: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  /** 1/5/15-minute load averages when the run started and ended; above `cores` means other work competed. */
  readonly loadAtStart: readonly number[];
  readonly loadAtEnd: readonly number[];
  /** The 1-minute load average sampled every 5 s during the run. */
  readonly loadDuringRun: { readonly min: number; readonly mean: number; readonly max: number };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Samples the 1-minute load average every 5 s until `stop()`. */
export function sampleLoad(): { stop(): Environment } {
  const start = loadavg().map(round2);
  const samples = [start[0] ?? 0];
  const timer = setInterval(() => samples.push(loadavg()[0] ?? 0), 5000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      samples.push(loadavg()[0] ?? 0);
      const cpu = cpus();
      return {
        date: new Date().toISOString(),
        node: process.version,
        platform: `${platform()} ${release()}`,
        cpu: cpu[0]?.model.trim() ?? 'unknown',
        cores: cpu.length,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        loadAtStart: start,
        loadAtEnd: loadavg().map(round2),
        loadDuringRun: {
          min: round2(Math.min(...samples)),
          mean: round2(samples.reduce((a, b) => a + b, 0) / samples.length),
          max: round2(Math.max(...samples)),
        },
      };
    },
  };
}

/** The report written to `latest.json`: figures keyed as in the issue, plus what produced them. */
export interface Report {
  readonly mode: 'full' | 'quick';
  readonly environment: Environment;
  readonly summary: {
    readonly met: number;
    readonly notMet: number;
    readonly reportOnly: number;
    readonly failedScenarios: number;
  };
  readonly figures: Record<
    string,
    Omit<Figure, 'key'> & { readonly scenario: string; readonly targetText: string }
  >;
  readonly scenarios: readonly Omit<ScenarioResult, 'figures' | 'series'>[];
  readonly series: ScenarioResult['series'];
}

/** Builds the report. */
export function buildReport(
  results: readonly ScenarioResult[],
  environment: Environment,
  quick: boolean,
): Report {
  const figures: Report['figures'] = {};
  for (const result of results) {
    for (const { key, ...rest } of result.figures) {
      figures[key] = {
        scenario: result.name,
        targetText: describeTarget(rest.target, rest.unit),
        ...rest,
      };
    }
  }
  const all = Object.values(figures);
  return {
    mode: quick ? 'quick' : 'full',
    environment,
    summary: {
      met: all.filter((f) => f.met === true).length,
      notMet: all.filter((f) => f.met === false).length,
      reportOnly: all.filter((f) => f.met === null).length,
      failedScenarios: results.filter((r) => r.error !== undefined).length,
    },
    figures,
    scenarios: results.map(({ name, description, durationMs, error }) => ({
      name,
      description,
      durationMs: Math.round(durationMs),
      ...(error !== undefined ? { error } : {}),
    })),
    series: results.flatMap((r) => r.series),
  };
}

const cell = (text: string): string => text.replaceAll('|', '\\|');

/** The Markdown table of a report. */
export function toMarkdown(report: Report): string {
  const env = report.environment;
  const lines = [
    `# Benchmark results (${report.mode})`,
    '',
    `${env.date} · Node ${env.node} · ${env.platform} · ${env.cpu} × ${env.cores} · ${env.memoryGiB} GiB`,
    '',
    `Load average (1/5/15 min): ${env.loadAtStart.join(' / ')} at start, ${env.loadAtEnd.join(' / ')} at end; 1-min during the run min ${env.loadDuringRun.min}, mean ${env.loadDuringRun.mean}, max ${env.loadDuringRun.max} (${env.cores} cores).`,
    '',
    `Targets met: ${report.summary.met}, not met: ${report.summary.notMet}, report only: ${report.summary.reportOnly}; failed scenarios: ${report.summary.failedScenarios}.`,
    '',
    '| key | value | baseline (same run) | ratio | target | met | notes |',
    '| --- | ---: | --- | ---: | --- | :---: | --- |',
    ...Object.entries(report.figures).map(([key, f]) =>
      [
        '',
        `\`${key}\``,
        `${format(f.value)} ${f.unit}`,
        f.baseline === undefined
          ? '—'
          : cell(`${format(f.baseline.value)} ${f.baseline.unit} (${f.baseline.label})`),
        f.ratio === undefined
          ? '—'
          : cell(`${format(f.ratio)}${f.ratioMeaning !== undefined ? ` (${f.ratioMeaning})` : ''}`),
        cell(f.targetText),
        f.met === null ? '—' : f.met ? '✓' : '✗',
        cell([f.what, f.note].filter((s) => s !== undefined && s !== '').join('. ')),
        '',
      ]
        .join(' | ')
        .trim(),
    ),
    '',
    '## Scenarios',
    '',
    ...report.scenarios.map(
      (s) =>
        `- **${s.name}** (${(s.durationMs / 1000).toFixed(1)} s): ${s.description}${s.error !== undefined ? `\n  - **failed**: ${cell(s.error.split('\n')[0] ?? '')}` : ''}`,
    ),
    '',
    '## Charts',
    '',
    ...[...groupByChart(report.series).keys()].map((chart) => `![${chart}](${chart}.svg)`),
    '',
  ];
  return lines.join('\n');
}

/** Writes `latest.json`, `latest.md` and one SVG per chart under `dir`. */
export async function writeReport(dir: URL, report: Report): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL('latest.json', dir), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(new URL('latest.md', dir), toMarkdown(report));
  for (const [chart, points] of groupByChart(report.series)) {
    writeFileSync(new URL(`${chart}.svg`, dir), await renderChart(chart, points));
  }
}
