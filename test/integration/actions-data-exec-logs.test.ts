import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execCommand } from "@/lib/actions/kinds/exec";
import { logsSearch } from "@/lib/actions/kinds/logs";
import {
  removeContainer,
  runContainer,
  testGateway,
  waitFor,
  type TestContainer,
} from "@/test/support/docker";
import { declare, runKind, serviceWith } from "./actions-data-support";

/** exec and logs.search against real busybox containers on the test engine. */

let shell: TestContainer;
let app: TestContainer;
let sidecar: TestContainer;

// The fixture writes JSON log lines with `sh -c`; the kinds under test never use a shell.
const APP_SCRIPT = [
  `echo '{"level":"info","msg":"starting"}'`,
  `echo '{"level":"error","msg":"boom 1"}'`,
  `echo 'plain text that mentions "level":"error" in passing'`,
  // Docker stamps stdout and stderr separately: a pause keeps their order unambiguous.
  "sleep 1",
  `echo '{"level":"ERROR","msg":"boom on stderr"}' >&2`,
  "sleep 1",
  `echo '{"level":"error","msg":"boom 2"}'`,
  "sleep 300",
].join("; ");

beforeAll(async () => {
  [shell, app, sidecar] = await Promise.all([
    runContainer(),
    runContainer({ cmd: ["sh", "-c", APP_SCRIPT] }),
    runContainer({ cmd: ["sh", "-c", `echo '{"level":"error","msg":"sidecar failed"}'; sleep 300`] }),
  ]);
  const gateway = testGateway();
  await waitFor(async () => {
    let text = "";
    for await (const l of gateway.containerLogs(app.id, { tail: "all" })) text += l.line;
    return text.includes("boom 2");
  }, "the app container's second error line");
});
afterAll(async () => {
  await Promise.all([shell, app, sidecar].filter(Boolean).map((c) => removeContainer(c.id)));
});

describe("exec", () => {
  it("runs the declared argv with parameters as single arguments, never through a shell", async () => {
    const decl = declare({
      kind: "exec",
      id: "greet",
      command: ["echo", "hello {{who}}"],
      params: [{ name: "who", maxLength: 100 }],
    });
    const target = serviceWith({ id: "data.box", containers: [shell] });
    const { result, error, out } = await runKind(execCommand, target, decl, {
      who: "world; touch /tmp/pwned",
    });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ exitCode: 0, container: shell.name });
    expect(out.text("out")).toBe("hello world; touch /tmp/pwned");
    const probe = await testGateway().execInContainer(shell.id, ["test", "-e", "/tmp/pwned"], {
      timeoutMs: 5000,
    });
    expect(probe.exitCode).toBe(1);
  });

  it("fails the run on a non-zero exit, showing stderr", async () => {
    const decl = declare({ kind: "exec", id: "ls", command: ["ls", "/definitely-missing"] });
    const target = serviceWith({ id: "data.box", containers: [shell] });
    const { error, out } = await runKind(execCommand, target, decl);
    expect(error?.message).toMatch(/^ls exited with code [1-9]/);
    expect(out.text("err")).toMatch(/definitely-missing/);
    expect(out.text("info")).toMatch(/exit code [1-9]/);
  });

  it("runs with the declared environment, user and working directory", async () => {
    const run = async (command: string[], extra: Record<string, unknown>) => {
      const decl = declare({ kind: "exec", id: `x-${command[0]}`, command, ...extra });
      const { error, out } = await runKind(execCommand, serviceWith({ containers: [shell] }), decl);
      expect(error).toBeUndefined();
      return out.lines.filter((l) => l.stream === "out").map((l) => l.text);
    };
    expect(await run(["env"], { env: { GREETING: "hello from opsdeck" } })).toContain(
      "GREETING=hello from opsdeck",
    );
    expect(await run(["pwd"], { workdir: "/tmp" })).toEqual(["/tmp"]);
    expect(await run(["id", "-u"], { user: "65534" })).toEqual(["65534"]);
  });
});

type LogsResult = { matched: number; scanned: number; truncated: boolean };

describe("logs.search", () => {
  const target = () => serviceWith({ id: "data.app", containers: [app] });

  it("finds JSON lines by level, not lines that merely mention it, on both streams", async () => {
    const { result, error, out } = await runKind(logsSearch, target(), undefined, {
      level: "error",
      since: "10m",
    });
    expect(error).toBeUndefined();
    expect(result).toEqual({ matched: 3, scanned: 5, truncated: false });
    const found = out.lines.filter((l) => l.stream !== "info");
    expect(found.map((l) => l.text.replace(/^\S+ /, ""))).toEqual([
      '{"level":"error","msg":"boom 1"}',
      '{"level":"ERROR","msg":"boom on stderr"}',
      '{"level":"error","msg":"boom 2"}',
    ]);
    expect(found.map((l) => l.stream)).toEqual(["out", "err", "out"]);
  });

  it("respects since: an ISO time between the errors leaves only the last one", async () => {
    const all = await runKind(logsSearch, target(), undefined, { level: "error" });
    const stamps = all.out.lines
      .filter((l) => l.stream === "out")
      .map((l) => Date.parse(l.text.split(" ")[0]));
    const between = new Date(stamps[0] + 1500).toISOString();
    const later = await runKind(logsSearch, target(), undefined, { level: "error", since: between });
    expect((later.result as LogsResult).matched).toBe(1);
    expect(later.out.text("out")).toMatch(/boom 2/);
    const none = await runKind(logsSearch, target(), undefined, { since: "10m", until: "9m" });
    expect((none.result as LogsResult).scanned).toBe(0);
  });

  it("filters by regex and text, keeps the newest `limit` lines, and refuses unsafe patterns", async () => {
    const regex = await runKind(logsSearch, target(), undefined, { q: "boom [0-9]$|boom 2", regex: true });
    expect((regex.result as LogsResult).matched).toBe(1);
    const text = await runKind(logsSearch, target(), undefined, { q: "BOOM", limit: 2 });
    expect(text.result).toEqual({ matched: 3, scanned: 5, truncated: true });
    expect(text.out.text("out")).not.toMatch(/boom 1/);
    const schema = logsSearch.params(target(), undefined);
    expect(schema.safeParse({ q: "(a+)+$", regex: true }).error?.issues[0].path).toEqual(["q"]);
    expect(schema.safeParse({ since: "last tuesday" }).error?.issues[0].path).toEqual(["since"]);
    expect(schema.safeParse({ container: "not-ours" }).error?.issues[0].path).toEqual(["container"]);
  });

  it("searches every container of the service, and a declaration's preset level is fixed", async () => {
    const decl = declare({
      kind: "logs.search",
      id: "errors",
      level: "error",
      query: "boom|failed",
      regex: true,
    });
    const both = serviceWith({ id: "data.app", containers: [app, sidecar] });
    expect(logsSearch.params(both, decl).safeParse({ level: "info" }).success).toBe(false);
    const { result, out } = await runKind(logsSearch, both, decl, {});
    expect((result as LogsResult).matched).toBe(4);
    expect(out.text("out")).toContain(`${sidecar.name} | {"level":"error","msg":"sidecar failed"}`);
    const one = await runKind(logsSearch, both, decl, { container: sidecar.name });
    expect((one.result as LogsResult).matched).toBe(1);
  });
});
