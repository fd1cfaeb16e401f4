/** Who has this page open now (from its live stream); nothing while no one is known. */
export function Viewers({ names }: { names: string[] }) {
  if (names.length === 0) return null;
  return (
    <p className="text-xs text-muted-foreground" data-testid="viewers">
      Open now by {names.join(", ")}
    </p>
  );
}
