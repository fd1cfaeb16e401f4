import type { DotItemDotProps } from "recharts";

/**
 * A line chart with gaps draws nothing for a bucket whose neighbours are empty (a fresh
 * service has one minute of samples): such lone points get a dot, the rest stay a plain line.
 */
export function isolatedDot(values: readonly (number | null)[], color: string) {
  function IsolatedDot({ cx, cy, index }: DotItemDotProps) {
    const lone = values[index] !== null && values[index - 1] == null && values[index + 1] == null;
    if (!lone || cx === undefined || cy === undefined) return <g key={index} />;
    return <circle key={index} className="isolated-dot" cx={cx} cy={cy} r={3} fill={color} />;
  }
  return IsolatedDot;
}
