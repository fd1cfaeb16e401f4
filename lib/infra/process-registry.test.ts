import { afterEach, describe, expect, it } from "vitest";
import { hasProcessSingleton, processSingleton, STOP_LATE, stopProcessSingletons } from "./process-registry";

describe("the process registry", () => {
  afterEach(() => stopProcessSingletons());

  it("makes each object once, and stops them newest first, the database last whenever it was made", async () => {
    const stopped: string[] = [];
    const record = (name: string) => () => void stopped.push(name);
    // The worker makes the monitor before the database: the database still closes last.
    processSingleton("early", () => "made first", record("early"));
    let made = 0;
    const db = () => processSingleton("db", () => ({ n: ++made }), record("db"), STOP_LATE.database);
    expect(db()).toBe(db());
    expect(made).toBe(1);
    processSingleton("audit", () => "writer", record("audit"), STOP_LATE.audit);
    processSingleton(
      "monitor",
      () => "engine",
      async () => void stopped.push("monitor"),
    );
    expect(hasProcessSingleton("audit")).toBe(true);
    const errors: string[] = [];
    processSingleton(
      "broken",
      () => 1,
      () => {
        throw new Error("cannot stop");
      },
    );
    await stopProcessSingletons((name) => errors.push(name));
    expect(stopped).toEqual(["monitor", "early", "audit", "db"]);
    expect(errors).toEqual(["broken"]);
    expect(hasProcessSingleton("db")).toBe(false);
  });

  it("stops what a stop made anew (a final flush opening the database again)", async () => {
    const stopped: string[] = [];
    const open = () =>
      processSingleton(
        "db",
        () => "conn",
        () => void stopped.push("db"),
        STOP_LATE.database,
      );
    processSingleton(
      "monitor",
      () => "engine",
      () => {
        stopped.push("monitor");
        open();
      },
    );
    await stopProcessSingletons();
    expect(stopped).toEqual(["monitor", "db"]);
    expect(hasProcessSingleton("db")).toBe(false);
  });
});
