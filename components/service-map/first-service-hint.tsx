/** Shown while Opsdeck watches only itself: the two ways to add the first real service. */
export function FirstServiceHint() {
  return (
    <aside
      aria-label="Add your first service"
      data-testid="first-service-hint"
      className="mb-4 rounded-md border border-border bg-muted/40 p-4 text-sm"
    >
      <p className="font-medium">Opsdeck is only watching itself so far.</p>
      <p className="mt-1 text-muted-foreground">
        Containers of the Docker engine at <code>DOCKER_HOST</code> appear here by themselves, grouped by
        compose project. To watch anything else, add it to <code>opsdeck.yml</code>; the map updates when you
        save:
      </p>
      <pre className="mt-2 overflow-auto rounded bg-background p-2 font-mono text-xs">{`services:
  - id: api
    name: API
    checks:
      - id: health
        kind: http
        url: https://api.example.com/health
        expect: [status == 200, latency < 500ms]`}</pre>
    </aside>
  );
}
