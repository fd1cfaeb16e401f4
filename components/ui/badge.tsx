import { cn } from "./cn";

const TONES = {
  neutral: "bg-muted text-foreground",
  up: "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200",
  degraded: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  down: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  unknown: "bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
  maintenance: "bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-200",
} as const;

export type BadgeTone = keyof typeof TONES;

/** A short label. Health tones pair with a shape or word in the content: never color alone. */
export function Badge({
  tone = "neutral",
  className,
  ...props
}: React.ComponentProps<"span"> & { tone?: BadgeTone }) {
  return (
    <span
      className={cn(
        "inline-flex shrink-0 items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium",
        TONES[tone],
        className,
      )}
      {...props}
    />
  );
}
