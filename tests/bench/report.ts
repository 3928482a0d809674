// How benchmark figures are printed: one decimal, but two for a ratio (×), whose target is a
// bound like "< 3" that one decimal would round across (2.95 printed as 3).

/** The value as reported. */
export function reported(value: number, unit: string): number {
  const scale = unit === '×' ? 100 : 10;
  return Math.round(value * scale) / scale;
}

/** One line of a benchmark's report. */
export function reportLine(name: string, value: number, unit: string, target: string): string {
  return `${name.padEnd(58)} ${String(reported(value, unit)).padStart(9)} ${unit.padEnd(3)} (target ${target})`;
}
