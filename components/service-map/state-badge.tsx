const STYLES: Record<string, string> = {
  up: "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200",
  degraded: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  down: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  unknown: "bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
  maintenance: "bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-200",
};
const ICONS: Record<string, string> = { up: "●", degraded: "◆", down: "▲", unknown: "?", maintenance: "■" };

/** State shown with text and a shape, never color alone. */
export function StateBadge({ state }: { state: string }) {
  return (
    <span
      className={`inline-flex shrink-0 items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ${STYLES[state] ?? STYLES.unknown}`}
    >
      <span aria-hidden="true">{ICONS[state] ?? "?"}</span>
      {state}
    </span>
  );
}
