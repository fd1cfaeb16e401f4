import { memo } from "react";
import { parseAnsi, type AnsiColor, type AnsiStyle } from "@/lib/containers/ansi";
import type { ShownLine } from "./use-log-stream";

// Literal class names so Tailwind generates them; text colors hold 4.5:1 on both themes.
const FG: Record<string, string> = {
  black: "text-zinc-700 dark:text-zinc-400",
  red: "text-red-700 dark:text-red-400",
  green: "text-green-700 dark:text-green-400",
  yellow: "text-amber-700 dark:text-amber-300",
  blue: "text-blue-700 dark:text-blue-400",
  magenta: "text-fuchsia-700 dark:text-fuchsia-400",
  cyan: "text-cyan-700 dark:text-cyan-400",
  white: "text-zinc-600 dark:text-zinc-200",
};
const BG: Record<string, string> = {
  black: "bg-zinc-300 dark:bg-zinc-800",
  red: "bg-red-100 dark:bg-red-950",
  green: "bg-green-100 dark:bg-green-950",
  yellow: "bg-amber-100 dark:bg-amber-950",
  blue: "bg-blue-100 dark:bg-blue-950",
  magenta: "bg-fuchsia-100 dark:bg-fuchsia-950",
  cyan: "bg-cyan-100 dark:bg-cyan-950",
  white: "bg-zinc-100 dark:bg-zinc-700",
};

const rgb = (c: AnsiColor) => (c.kind === "rgb" ? `rgb(${c.r}, ${c.g}, ${c.b})` : undefined);

function classesOf(style: AnsiStyle): string {
  const out: string[] = [];
  if (style.fg?.kind === "named") out.push(FG[style.fg.name]);
  if (style.bg?.kind === "named") out.push(BG[style.bg.name]);
  if (style.bold) out.push("font-bold");
  if (style.dim) out.push("opacity-70");
  if (style.italic) out.push("italic");
  if (style.underline) out.push("underline");
  if (style.strike) out.push("line-through");
  if (style.inverse) out.push("bg-foreground text-background");
  return out.join(" ");
}

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/**
 * One log line. Its text is rendered as React text nodes inside spans: HTML in a line shows
 * as characters, never as markup; ANSI colors become classes or a computed rgb() color.
 */
export const LogLine = memo(function LogLine({ line }: { line: ShownLine }) {
  const err = line.s === "err";
  return (
    <div
      data-testid="log-line"
      data-stream={line.s}
      className={`flex gap-2 px-2 whitespace-pre-wrap break-all ${err ? "border-l-2 border-red-600 bg-danger-surface/60" : "border-l-2 border-transparent"}`}
    >
      {line.t && (
        <time dateTime={line.t} className="shrink-0 text-muted-foreground select-none">
          {time.format(new Date(line.t))}
        </time>
      )}
      <span
        className={`w-7 shrink-0 select-none ${err ? "font-semibold text-danger" : "text-muted-foreground"}`}
      >
        {err ? "err" : "out"}
      </span>
      <span className="min-w-0">
        {parseAnsi(line.l).map((seg, i) => {
          const className = classesOf(seg.style);
          const color = seg.style.fg && rgb(seg.style.fg);
          const background = seg.style.bg && rgb(seg.style.bg);
          return className || color || background ? (
            <span
              key={i}
              className={className || undefined}
              style={color || background ? { color, background } : undefined}
            >
              {seg.text}
            </span>
          ) : (
            <span key={i}>{seg.text}</span>
          );
        })}
      </span>
    </div>
  );
});
