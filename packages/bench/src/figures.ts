import type { Baseline, Figure, Target } from './scenario.js';

/** What {@link figure} needs; `ratio` defaults to `value ÷ baseline.value`. */
export interface FigureInput {
  readonly key: string;
  readonly value: number;
  readonly unit: string;
  readonly what: string;
  readonly baseline?: Baseline | undefined;
  readonly ratio?: number | undefined;
  readonly ratioMeaning?: string | undefined;
  readonly target?: Target | undefined;
  readonly note?: string | undefined;
}

function checkTarget(
  target: Target | undefined,
  value: number,
  ratio: number | undefined,
): boolean | null {
  if (target === undefined || !Number.isFinite(value)) return target === undefined ? null : false;
  switch (target.kind) {
    case 'max':
      return value <= target.value;
    case 'min':
      return value >= target.value;
    case 'ratio-max':
      return ratio !== undefined && ratio <= target.value;
    case 'ratio-min':
      return ratio !== undefined && ratio >= target.value;
    case 'max-flat':
      return value <= target.value && ratio !== undefined && ratio <= target.flatRatio;
    case 'flat':
      return ratio !== undefined && ratio <= target.flatRatio;
  }
}

/** Builds a {@link Figure}, computing the ratio to the baseline and whether the target is met. */
export function figure(input: FigureInput): Figure {
  const ratio =
    input.ratio ??
    (input.baseline !== undefined && input.baseline.value !== 0
      ? input.value / input.baseline.value
      : undefined);
  return {
    key: input.key,
    value: input.value,
    unit: input.unit,
    what: input.what,
    ...(input.baseline !== undefined ? { baseline: input.baseline } : {}),
    ...(ratio !== undefined ? { ratio } : {}),
    ...(input.ratioMeaning !== undefined ? { ratioMeaning: input.ratioMeaning } : {}),
    ...(input.target !== undefined ? { target: input.target } : {}),
    met: checkTarget(input.target, input.value, ratio),
    ...(input.note !== undefined ? { note: input.note } : {}),
  };
}

/** A target as the report prints it. */
export function describeTarget(target: Target | undefined, unit: string): string {
  if (target === undefined) return 'report';
  switch (target.kind) {
    case 'max':
      return `≤ ${format(target.value)} ${unit}`;
    case 'min':
      return `≥ ${format(target.value)} ${unit}`;
    case 'ratio-max':
      return `ratio ≤ ${format(target.value)}`;
    case 'ratio-min':
      return `ratio ≥ ${format(target.value)}`;
    case 'max-flat':
      return `≤ ${format(target.value)} ${unit}, flat (ratio ≤ ${format(target.flatRatio)})`;
    case 'flat':
      return `flat (ratio ≤ ${format(target.flatRatio)})`;
  }
}

/** A number with sensible precision for a table. */
export function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits =
    abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : abs >= 1 ? 2 : abs >= 0.01 ? 3 : 4;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}
