// How a benchmark hands its figures to scripts/bench.mjs: one `BENCH {json}`
// line per benchmark, each figure with its goal and the ratio to it.
export interface Figure {
  label: string;
  value: string;
  /** What the figure should reach, in words ("≥ 0.9", "< 1 s"). */
  goal?: string;
  /** The figure over its goal (or a baseline), when there is one. */
  ratio?: number;
  /** Whether the goal is met; undefined when there is no goal. */
  ok?: boolean;
}

export function emit(bench: string, figures: Figure[]): void {
  for (const f of figures) console.log(`  ${f.label.padEnd(44)} ${f.value}${f.goal ? `   (goal ${f.goal}${f.ok === undefined ? '' : f.ok ? ': met' : ': MISSED'})` : ''}`);
  console.log(`BENCH ${JSON.stringify({ bench, figures })}`);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}
