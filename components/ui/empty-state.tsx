import { cn } from "./cn";

/**
 * What a page shows when it has nothing (yet) or cannot show its data: what happened, and
 * what to do about it. `tone="error"` announces itself to screen readers.
 */
export function EmptyState({
  title,
  children,
  action,
  tone = "neutral",
  headingLevel: Heading = "h2",
  className,
  ...props
}: Omit<React.ComponentProps<"section">, "title"> & {
  title: React.ReactNode;
  action?: React.ReactNode;
  tone?: "neutral" | "warning" | "error";
  headingLevel?: "h1" | "h2" | "h3";
}) {
  return (
    <section
      role={tone === "error" ? "alert" : undefined}
      className={cn(
        "max-w-2xl rounded-lg border p-6",
        tone === "neutral" && "border-dashed border-border",
        tone === "warning" && "border-amber-300 bg-warning-surface dark:border-amber-800",
        tone === "error" && "border-red-300 bg-danger-surface dark:border-red-900",
        className,
      )}
      {...props}
    >
      <Heading
        className={cn(
          "text-base font-semibold",
          tone === "warning" && "text-warning",
          tone === "error" && "text-danger",
        )}
      >
        {title}
      </Heading>
      <div className="mt-2 space-y-2 text-sm text-muted-foreground [&_code]:rounded [&_code]:bg-muted [&_code]:px-1 [&_code]:text-foreground">
        {children}
      </div>
      {action && <div className="mt-4 flex flex-wrap gap-2">{action}</div>}
    </section>
  );
}
