// Figures measured by in-host suites (e.g. activation time), carried into the
// results file and printed by the harness.
const metrics: Record<string, number | string> = {};

export function recordMetric(name: string, value: number | string): void {
  metrics[name] = value;
}

export function takeMetrics(): Record<string, number | string> {
  return { ...metrics };
}
