/** Growth curves as SVG, drawn by vega-lite (compiled to a vega spec, rendered headlessly). */
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { SeriesPoint } from './scenario.js';

/** Titles and axes of the charts the scenarios feed; a chart without an entry gets generic labels. */
const charts: Record<string, { title: string; x: string; y: string; logX?: boolean }> = {
  'store-ms-per-turn': {
    title: 'store-sqlite: cost per appended turn vs turns stored',
    x: 'turns in the chain',
    y: 'ms per turn',
  },
  'chain-rebuild-ms': {
    title: 'Chain rebuild (root → head) vs chain length',
    x: 'turns in the chain',
    y: 'ms',
  },
  'jobs-poll-cost': {
    title: 'Background worker: CPU per poll vs jobs in flight',
    x: 'jobs in flight',
    y: 'ms CPU per poll',
    logX: true,
  },
  'turn-overhead': {
    title: 'Blocking turn overhead vs raw SDK, by turn number',
    x: 'turn number',
    y: 'ms per turn (Weft − raw)',
  },
  'stream-turn-overhead': {
    title: 'Streaming turn overhead vs raw SDK, by turn number',
    x: 'turn number',
    y: 'ms per turn (Weft − raw)',
  },
  'idle-restore': {
    title: 'Restoring stored conversations as machines: cost vs machines already live',
    x: 'conversations open',
    y: 'ms per weft.open',
  },
  'peers-turn-ms': {
    title: 'Time per turn through a 200-turn conversation',
    x: 'turn number',
    y: 'ms per turn',
  },
};

/** Renders one chart to SVG text. */
export async function renderChart(name: string, points: readonly SeriesPoint[]): Promise<string> {
  const labels = charts[name] ?? { title: name, x: 'x', y: 'y' };
  const spec: vegaLite.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: labels.title,
    width: 560,
    height: 300,
    background: 'white',
    data: { values: points.map((p) => ({ x: p.x, y: p.y, series: p.series })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        title: labels.x,
        ...(labels.logX === true ? { scale: { type: 'log' } } : {}),
      },
      y: { field: 'y', type: 'quantitative', title: labels.y, scale: { zero: true } },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        legend: { orient: 'bottom', columns: 2, labelLimit: 400 },
      },
    },
  };
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Groups points by chart. */
export function groupByChart(points: readonly SeriesPoint[]): Map<string, SeriesPoint[]> {
  const byChart = new Map<string, SeriesPoint[]>();
  for (const point of points) {
    const list = byChart.get(point.chart) ?? [];
    list.push(point);
    byChart.set(point.chart, list);
  }
  return byChart;
}
