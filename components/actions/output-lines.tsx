"use client";

import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { parseAnsi } from "@/lib/containers/ansi";
import type { OutputLine } from "@/lib/actions/schemas";

const LABEL = { out: "out", err: "err", info: "info" } as const;
const STYLE = {
  out: "border-transparent",
  err: "border-red-600 bg-danger-surface/60",
  info: "border-blue-600 text-muted-foreground",
} as const;

/**
 * One line of output, as text: escape codes are dropped, HTML shows as characters. The
 * stream is a word as well as a color, so stderr reads as stderr without color.
 */
const Line = memo(function Line({ line }: { line: OutputLine }) {
  const text = parseAnsi(line.text)
    .map((s) => s.text)
    .join("");
  return (
    <div
      data-testid="run-line"
      data-stream={line.stream}
      className={`flex gap-2 border-l-2 px-2 break-all whitespace-pre-wrap ${STYLE[line.stream] ?? STYLE.out}`}
    >
      <span className="w-12 shrink-0 text-right text-muted-foreground tabular-nums select-none">
        +{(line.t / 1000).toFixed(1)}s
      </span>
      <span
        className={`w-8 shrink-0 select-none ${line.stream === "err" ? "font-semibold text-danger" : "text-muted-foreground"}`}
      >
        {LABEL[line.stream] ?? "out"}
      </span>
      <span className="min-w-0">{text}</span>
    </div>
  );
});

/** The output box: follows new lines until the reader scrolls up, then offers to follow again. */
export function OutputLines({
  lines,
  running,
  label,
}: {
  lines: readonly OutputLine[];
  running: boolean;
  label: string;
}) {
  const { ref, following, follow } = useFollow(lines.length);
  return (
    <div className="relative">
      <div
        ref={ref}
        role="log"
        aria-live="off"
        aria-label={label}
        tabIndex={0}
        data-testid="run-output"
        className="max-h-80 min-h-24 overflow-auto rounded-md border border-border bg-surface py-1 font-mono text-xs leading-5"
      >
        {lines.length === 0 ? (
          <p className="px-2 text-muted-foreground">{running ? "Waiting for output…" : "No output."}</p>
        ) : (
          lines.map((line, i) => <Line key={i} line={line} />)
        )}
      </div>
      {!following && (
        <Button
          size="sm"
          variant="secondary"
          onClick={follow}
          className="absolute right-3 bottom-2 shadow"
          data-testid="run-follow"
        >
          Paused · follow output
        </Button>
      )}
    </div>
  );
}

function useFollow(count: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [following, setFollowing] = useState(true);
  const followingRef = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onScroll = () => {
      const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      if (atBottom !== followingRef.current) {
        followingRef.current = atBottom;
        setFollowing(atBottom);
      }
    };
    el.addEventListener("scroll", onScroll, { passive: true });
    return () => el.removeEventListener("scroll", onScroll);
  }, []);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && followingRef.current) el.scrollTop = el.scrollHeight;
  }, [count]);
  const follow = useCallback(() => {
    const el = ref.current;
    followingRef.current = true;
    setFollowing(true);
    if (el) el.scrollTop = el.scrollHeight;
  }, []);
  return { ref, following, follow };
}
