import type { ConsoleHealth } from "./use-console-health";

function Section({ title, ok, children }: { title: string; ok: boolean; children: React.ReactNode }) {
  return (
    <section className="border-t border-border pt-3 first:border-0 first:pt-0">
      <h3 className="flex items-center gap-1.5 text-sm font-semibold">
        <span aria-hidden="true" className={ok ? "text-success" : "text-danger"}>
          {ok ? "●" : "▲"}
        </span>
        {title}
      </h3>
      <div className="mt-1 space-y-1 text-sm text-muted-foreground [&_code]:rounded [&_code]:bg-muted [&_code]:px-1 [&_code]:text-foreground">
        {children}
      </div>
    </section>
  );
}

/** The console's dependencies in full, each failure with what to do about it. */
export function ConsoleHealthDetails({ health }: { health: ConsoleHealth }) {
  const { docker, database, bus, config } = health;
  return (
    <div className="max-h-[60vh] space-y-3 overflow-y-auto pr-1">
      <Section title={`Docker engine: ${docker.state}`} ok={docker.state === "connected"}>
        {docker.host && (
          <p>
            Engine: <code>{docker.host}</code>
            {docker.since && <> since {new Date(docker.since).toLocaleString()}</>}
          </p>
        )}
        {docker.error && <p className="break-words">Error: {docker.error}</p>}
        {docker.state !== "connected" && (
          <p>
            Container-backed services show as unknown until the engine answers. Point <code>DOCKER_HOST</code>{" "}
            at it (<code>unix:///var/run/docker.sock</code>, mounted into the console&apos;s container, or{" "}
            <code>tcp://host:2376</code> with <code>DOCKER_CERT_PATH</code> for TLS) and restart Opsdeck.
          </p>
        )}
      </Section>
      <Section
        title={`Database (${database.kind}): ${database.ok ? "reachable" : "unreachable"}`}
        ok={database.ok}
      >
        {database.ok && database.latencyMs !== undefined && <p>Answered in {database.latencyMs} ms.</p>}
        {database.error && <p className="break-words">Error: {database.error}</p>}
        {!database.ok && (
          <p>
            Check results wait in memory and are written when it returns. Check that the server in{" "}
            <code>DATABASE_URL</code> is running and reachable from the console.
          </p>
        )}
      </Section>
      <Section
        title={`Redis: ${bus.mode === "redis" ? "connected" : bus.mode === "memory" ? "not configured" : "unreachable"}`}
        ok={bus.mode !== "memory-fallback"}
      >
        {bus.mode === "memory" && (
          <p>
            Live updates stay inside this process, which is fine for one replica. Set <code>REDIS_URL</code>{" "}
            to run several.
          </p>
        )}
        {bus.mode === "memory-fallback" && (
          <p>
            Live updates reach only this replica until Redis at <code>REDIS_URL</code> answers again
            {bus.reason ? ` (${bus.reason})` : ""}.
          </p>
        )}
      </Section>
      <Section title={`Configuration: ${config.ok ? "loaded" : "has errors"}`} ok={config.ok}>
        {config.path && (
          <p>
            File: <code>{config.path}</code>
            {config.loadedAt && <> loaded {new Date(config.loadedAt).toLocaleString()}</>}
          </p>
        )}
        {!config.ok && (
          <>
            <p>
              Fix these in the file; Opsdeck reloads it on save. Until then the last good configuration keeps
              running.
            </p>
            {config.hiddenErrors ? (
              <p>
                {config.hiddenErrors === 1 ? "One error" : `${config.hiddenErrors} errors`}; an admin
                (config.manage) can see where they are.
              </p>
            ) : null}
            <ul aria-label="Configuration errors" className="space-y-1 font-mono text-xs text-danger">
              {(config.errors ?? []).map((e) => (
                <li key={e} className="break-words">
                  {e}
                </li>
              ))}
            </ul>
          </>
        )}
      </Section>
    </div>
  );
}
