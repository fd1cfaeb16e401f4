import { cn } from "./cn";

/** A native select styled like Input. Give it a name through a <label> or aria-label. */
export function Select({ className, ...props }: React.ComponentProps<"select">) {
  return (
    <select
      className={cn(
        "h-9 rounded-md border border-input bg-background px-2 text-sm text-foreground disabled:opacity-60",
        className,
      )}
      {...props}
    />
  );
}
