import { cn } from "./cn";

/**
 * A placeholder with the size of what will arrive, so live data does not shift the layout.
 * Hidden from assistive technology: the surrounding region announces "loading" instead.
 * `as="span"` where a block element is not allowed (inside a paragraph).
 */
export function Skeleton({
  className,
  as: Tag = "div",
  ...props
}: React.ComponentProps<"div"> & { as?: "div" | "span" }) {
  return (
    <Tag
      aria-hidden="true"
      data-skeleton=""
      className={cn("animate-pulse rounded-md bg-muted", className)}
      {...props}
    />
  );
}
