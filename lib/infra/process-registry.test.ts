import { afterEach, describe, expect, it } from "vitest";
import { hasProcessSingleton, processSingleton, stopProcessSingletons } from "./process-registry";

describe("the process registry", () => {
  afterEach(() => stopProcessSingletons());

  it("makes each object once, and stops them newest first", async () => {
    const stopped: string[] = [];
    let made = 0;
    const db = () =>
      processSingleton(
        "db",
        () => ({ n: ++made }),
        () => void stopped.push("db"),
      );
    expect(db()).toBe(db());
    expect(made).toBe(1);
    processSingleton(
      "audit",
      () => "writer",
      () => void stopped.push("audit"),
    );
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
    expect(stopped).toEqual(["monitor", "audit", "db"]);
    expect(errors).toEqual(["broken"]);
    expect(hasProcessSingleton("db")).toBe(false);
  });
});
