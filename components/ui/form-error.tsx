import { cn } from "./cn";

/** Why a form's request was refused, announced to screen readers. Renders nothing without one. */
export function FormError({ error, className }: { error: string | null | undefined; className?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className={cn("text-sm text-danger", className)}>
      {error}
    </p>
  );
}
