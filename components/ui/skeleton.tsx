import { cn } from "./cn";

/**
 * A placeholder with the size of what will arrive, so live data does not shift the layout.
 * Hidden from assistive technology: the surrounding region announces "loading" instead.
 */
export function Skeleton({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      aria-hidden="true"
      data-skeleton=""
      className={cn("animate-pulse rounded-md bg-muted", className)}
      {...props}
    />
  );
}
