import { describe, expect, it } from "vitest";
import { resolvePages } from "./derive";
import { renderPage } from "./render";
import { statusPageSchema } from "./schemas";
import { buildSnapshot, type SnapshotInput } from "./snapshot";

/** The page stays honest when the console knows less than it did: it never claims what it cannot see. */

const now = Date.parse("2025-06-10T12:00:00Z");
const [page] = resolvePages(
  [statusPageSchema.parse({ id: "acme", title: "Acme", components: [{ name: "API", services: ["api"] }] })],
  [],
);
const input = (extra: Partial<SnapshotInput>): SnapshotInput => ({
  now,
  health: new Map(),
  services: [],
  incidents: [],
  windows: [],
  segments: new Map(),
  ...extra,
});

describe("a status page that knows less than before", () => {
  it("keeps a component's last published status while its services are unknown", () => {
    const down = buildSnapshot(page, input({ health: new Map([["api", "down"]]) }));
    expect(down.components[0].status).toBe("major_outage");
    // Docker unreachable or the monitor restarting: unknown claims nothing, the last word stays.
    const unknown = buildSnapshot(page, input({ health: new Map([["api", "unknown"]]), previous: down }));
    expect(unknown.components[0].status).toBe("major_outage");
    // Known again: health decides.
    const up = buildSnapshot(page, input({ health: new Map([["api", "up"]]), previous: unknown }));
    expect(up.components[0].status).toBe("operational");
    // Nothing ever known: operational is all the page can say.
    expect(buildSnapshot(page, input({ health: new Map() })).components[0].status).toBe("operational");
  });

  it("says since when incidents could not be read, once that is more than two minutes", () => {
    const fresh = buildSnapshot(page, input({ incidentsReadAt: now - 60_000 }));
    expect(fresh.incidentsAsOf).toBeUndefined();
    const stale = buildSnapshot(page, input({ incidentsReadAt: now - 10 * 60_000 }));
    expect(stale.incidentsAsOf).toBe("2025-06-10T11:50:00.000Z");
    const html = renderPage(stale, { basePath: "/status/acme", assetsPath: "/status/_assets" });
    expect(html).toContain("Incident information as of");
    expect(html).toContain('datetime="2025-06-10T11:50:00.000Z"');
    expect(renderPage(fresh, { basePath: "/status/acme", assetsPath: "/status/_assets" })).not.toContain(
      "Incident information as of",
    );
  });
});
