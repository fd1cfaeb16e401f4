import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Actor, AuditInput } from "@/lib/audit/schemas";
import type { Caller } from "@/lib/auth/access";
import type { Role } from "@/lib/auth/roles";
import { AppError, Conflict, Forbidden, Unauthorized, Unavailable } from "@/lib/errors";
import { readJsonBody } from "./body";
import { executeVerb, verb, type VerbCall } from "./verb";

const ORIGIN = "http://console.test:3000";

function caller(role: Role | null, session = true): VerbCall["identify"] {
  return async (_h, meta) => {
    if (!role) throw new Unauthorized();
    const actor: Actor = { type: session ? "user" : "token", id: "u1", name: `${role}@test`, role, ...meta };
    return { actor, session } satisfies Caller;
  };
}

interface Harness {
  events: AuditInput[];
  inputReads: number;
  runs: unknown[];
}

function call(
  h: Harness,
  opts: { role: Role | null; session?: boolean; body?: unknown; headers?: Record<string, string> },
): VerbCall {
  return {
    headers: new Headers({ host: "console.test:3000", origin: ORIGIN, ...opts.headers }),
    identify: caller(opts.role, opts.session ?? true),
    auditWriter: async (e) => void h.events.push(e),
    input: async () => {
      h.inputReads++;
      return opts.body;
    },
  };
}

const harness = (): Harness => ({ events: [], inputReads: 0, runs: [] });

function renameVerb(h: Harness, run?: () => Promise<unknown>) {
  return verb({
    action: "thing.rename",
    permission: "users.manage",
    input: z.strictObject({ id: z.string(), name: z.string().min(1) }),
    attempt: (raw) => ({ target: `thing:${(raw as { id?: string }).id}` }),
    audit: "wrapper",
    run: async (_ctx, input) => {
      h.runs.push(input);
      return run ? run() : { renamed: input.name };
    },
  });
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("verb(): the one shape of a mutation", () => {
  it("runs an allowed call between a durable started record and its outcome", async () => {
    const h = harness();
    const result = await executeVerb(renameVerb(h), call(h, { role: "admin", body: { id: "a", name: "b" } }));
    expect(result).toEqual({ renamed: "b" });
    expect(h.events.map((e) => [e.outcome, e.action, e.target])).toEqual([
      ["started", "thing.rename", "thing:a"],
      ["succeeded", "thing.rename", "thing:a"],
    ]);
  });

  it("refuses an anonymous caller before reading the input, and audits it", async () => {
    const h = harness();
    const error = await refusal(executeVerb(renameVerb(h), call(h, { role: null, body: { id: "a" } })));
    expect(error.status).toBe(401);
    expect(h.inputReads).toBe(0);
    expect(h.runs).toEqual([]);
    expect(h.events).toMatchObject([
      { outcome: "denied", action: "thing.rename", message: expect.stringMatching(/^not signed in:/) },
    ]);
    expect(h.events[0].actor.name).toBe("anonymous");
  });

  it("refuses a role without the permission before reading the input, and audits it", async () => {
    const h = harness();
    const error = await refusal(
      executeVerb(renameVerb(h), call(h, { role: "operator", body: { id: "a", name: "b" } })),
    );
    expect(error.status).toBe(403);
    expect(h.inputReads).toBe(0);
    expect(h.events).toMatchObject([
      { outcome: "denied", message: expect.stringMatching(/^permission denied: .*users\.manage/) },
    ]);
  });

  it.each([
    ["no Origin", {}],
    ['Origin "null"', { origin: "null" }],
    ["another host", { origin: "http://evil.test:3000" }],
    ["https for an http console", { origin: "https://console.test:3000" }],
    ["another port", { origin: "http://console.test:4000" }],
    ["a forwarded host it does not believe", { origin: "http://evil.test", "x-forwarded-host": "evil.test" }],
  ])("refuses a cookie session with %s, even for an admin", async (_name, headers) => {
    const h = harness();
    const c = call(h, { role: "admin", body: { id: "a", name: "b" } });
    c.headers = new Headers({ host: "console.test:3000", ...headers });
    const error = await refusal(executeVerb(renameVerb(h), c));
    expect(error.status).toBe(403);
    expect(h.runs).toEqual([]);
    expect(h.events).toMatchObject([
      { outcome: "denied", message: expect.stringMatching(/^cross-site request:/) },
    ]);
  });

  it("takes an API token without Origin: tokens are not sent by browsers on their own", async () => {
    const h = harness();
    const c = call(h, { role: "admin", session: false, body: { id: "a", name: "b" } });
    c.headers = new Headers({ host: "console.test:3000" });
    await executeVerb(renameVerb(h), c);
    expect(h.runs).toHaveLength(1);
  });

  it("refuses changes with a token accepted from memory during a database outage (it may have been revoked)", async () => {
    const h = harness();
    const c = call(h, { role: "admin", session: false, body: { id: "a", name: "b" } });
    const inner = c.identify!;
    c.identify = async (hd, meta) => ({ ...(await inner(hd, meta)), lastKnownToken: true });
    const error = await refusal(executeVerb(renameVerb(h), c));
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/revoked cannot be checked/);
    expect(h.inputReads).toBe(0);
    expect(h.runs).toEqual([]);
    expect(h.events).toMatchObject([{ outcome: "denied", message: expect.stringMatching(/^unavailable:/) }]);
  });

  it("refuses a body declared over the limit before reading it", async () => {
    const h = harness();
    const c = call(h, { role: "admin", body: {}, headers: { "content-length": String(150 * 1024 * 1024) } });
    const error = await refusal(executeVerb(renameVerb(h), c));
    expect(error.status).toBe(413);
    expect(h.inputReads).toBe(0);
    expect(h.events).toMatchObject([
      { outcome: "denied", message: expect.stringMatching(/^request too large:/) },
    ]);
  });

  it("refuses invalid input naming the field, audits it with the target, and runs nothing", async () => {
    const h = harness();
    const error = await refusal(
      executeVerb(renameVerb(h), call(h, { role: "admin", body: { id: "a", name: "" } })),
    );
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^name:/);
    expect(h.runs).toEqual([]);
    expect(h.events).toMatchObject([
      { outcome: "denied", target: "thing:a", message: expect.stringMatching(/^invalid parameters: name:/) },
    ]);
  });

  it("is fail-closed: when the started record cannot be written, nothing runs", async () => {
    const h = harness();
    const c = call(h, { role: "admin", body: { id: "a", name: "b" } });
    c.auditWriter = async (e) => {
      if (e.outcome === "started") throw new Unavailable("audit log unwritable");
      h.events.push(e);
    };
    const error = await refusal(executeVerb(renameVerb(h), c));
    expect(error.status).toBe(503);
    expect(h.runs).toEqual([]);
  });

  it("records a failure of the work as failed, with its message", async () => {
    const h = harness();
    const v = renameVerb(h, async () => {
      throw new Conflict("a thing named b exists");
    });
    await refusal(executeVerb(v, call(h, { role: "admin", body: { id: "a", name: "b" } })));
    expect(h.events.map((e) => [e.outcome, e.message])).toEqual([
      ["started", undefined],
      ["failed", "a thing named b exists"],
    ]);
  });

  it("records a refusal the work makes once it sees the record (not yours to give) as denied", async () => {
    const h = harness();
    const v = renameVerb(h, async () => {
      throw new Forbidden("the person who asked for an approval cannot give it");
    });
    await refusal(executeVerb(v, call(h, { role: "admin", body: { id: "a", name: "b" } })));
    expect(h.events.map((e) => [e.outcome, e.message])).toEqual([
      ["started", undefined],
      ["denied", "the person who asked for an approval cannot give it"],
    ]);
  });

  it("recognises such a refusal thrown by another server bundle's copy of the error class", async () => {
    const h = harness();
    // What a Forbidden from another bundle is: not this module's class, the same brand and status.
    const foreign = Object.assign(new Error("the person who asked for an approval cannot give it"), {
      [Symbol.for("opsdeck.AppError")]: true,
      code: "forbidden",
      status: 403,
    });
    const v = renameVerb(h, async () => {
      throw foreign;
    });
    await executeVerb(v, call(h, { role: "admin", body: { id: "a", name: "b" } })).catch(() => undefined);
    expect(h.events.map((e) => e.outcome)).toEqual(["started", "denied"]);
  });

  describe("a permission that depends on what is aimed at", () => {
    const runVerb = (h: Harness) =>
      verb({
        action: "action.run",
        permission: {
          select: z.object({ actionId: z.string() }),
          resolve: async ({ actionId }) =>
            actionId === "restore"
              ? { permission: "actions.run.privileged", auditAs: "postgres.restore" }
              : { permission: "actions.run.safe" },
        },
        input: z.strictObject({ actionId: z.string(), params: z.record(z.string(), z.number()) }),
        audit: "verb",
        run: async (ctx, input) => {
          h.runs.push(input);
          await ctx.audit({ actor: ctx.actor, action: "x", outcome: "started" });
          return input.actionId;
        },
      });

    it("is decided from the selector, before the parameters are validated", async () => {
      const h = harness();
      const error = await refusal(
        executeVerb(
          runVerb(h),
          call(h, { role: "operator", body: { actionId: "restore", params: { bad: "not a number" } } }),
        ),
      );
      // A permission refusal, not the parameters' 400: the parameters were never looked at.
      expect(error.status).toBe(403);
      expect(error.message).toContain("actions.run.privileged");
      expect(h.runs).toEqual([]);
      expect(h.events).toMatchObject([{ outcome: "denied", action: "postgres.restore" }]);
    });

    it("lets the role that has it through to validation and the verb", async () => {
      const h = harness();
      const body = { actionId: "restart", params: { n: 1 } };
      expect(await executeVerb(runVerb(h), call(h, { role: "operator", body }))).toBe("restart");
      expect(h.events.map((e) => e.outcome)).toEqual(["started"]);
    });

    it("names the wrapper's records by the selector's finer name (playbook.approve, not playbook.step)", async () => {
      const h = harness();
      const v = verb({
        action: "playbook.step",
        permission: {
          select: z.object({ type: z.string() }),
          resolve: async ({ type }) => ({ permission: "actions.run.safe", auditAs: `playbook.${type}` }),
        },
        input: z.strictObject({ type: z.string() }),
        audit: "wrapper",
        run: async () => "ok",
      });
      await executeVerb(v, call(h, { role: "operator", body: { type: "approve" } }));
      expect(h.events.map((e) => [e.outcome, e.action])).toEqual([
        ["started", "playbook.approve"],
        ["succeeded", "playbook.approve"],
      ]);
    });
  });

  describe('a verb that audits itself (audit: "verb")', () => {
    const selfVerb = (h: Harness, run: VerbSpecRun) =>
      verb({
        action: "thing.touch",
        permission: "users.manage",
        input: z.object({}),
        audit: "verb",
        run: async (ctx) => {
          h.runs.push(1);
          return run(ctx);
        },
      });
    type VerbSpecRun = (ctx: {
      actor: Actor;
      audit: (e: AuditInput) => Promise<unknown>;
    }) => Promise<unknown>;

    it("gets a succeeded record written for it when it forgot one", async () => {
      const h = harness();
      await executeVerb(
        selfVerb(h, async () => "done"),
        call(h, { role: "admin", body: {} }),
      );
      expect(h.events.map((e) => [e.outcome, e.action])).toEqual([["succeeded", "thing.touch"]]);
    });

    it("gets its refusal audited with the reason when it threw one without saying so", async () => {
      const h = harness();
      await refusal(
        executeVerb(
          selfVerb(h, async () => {
            throw new Conflict("already running, started by x", "target locked");
          }),
          call(h, { role: "admin", body: {} }),
        ),
      );
      expect(h.events).toMatchObject([
        { outcome: "denied", message: "target locked: already running, started by x" },
      ]);
    });

    it("is not audited twice when it recorded its own refusal", async () => {
      const h = harness();
      await refusal(
        executeVerb(
          selfVerb(h, async (ctx) => {
            await ctx.audit({ actor: ctx.actor, action: "thing.touch", outcome: "denied", message: "no" });
            throw new Conflict("no");
          }),
          call(h, { role: "admin", body: {} }),
        ),
      );
      expect(h.events).toHaveLength(1);
    });

    it("gets a failed record after a started one when it broke midway", async () => {
      const h = harness();
      await expect(
        executeVerb(
          selfVerb(h, async (ctx) => {
            await ctx.audit({ actor: ctx.actor, action: "thing.touch", outcome: "started" });
            throw new Error("socket hang up");
          }),
          call(h, { role: "admin", body: {} }),
        ),
      ).rejects.toThrow("socket hang up");
      expect(h.events.map((e) => [e.outcome, e.message])).toEqual([
        ["started", undefined],
        ["failed", "socket hang up"],
      ]);
    });
  });
});

describe("readJsonBody", () => {
  const streamed = (chunks: string[]) =>
    new Request("http://x/", {
      method: "POST",
      body: new ReadableStream({
        start(c) {
          for (const chunk of chunks) c.enqueue(new TextEncoder().encode(chunk));
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit);

  it("cuts off a body sent without a length at the limit", async () => {
    const error = await refusal(readJsonBody(streamed(Array(20).fill("x".repeat(1000))), 5000));
    expect(error.status).toBe(413);
  });

  it("reads a JSON body within the limit, and says when it is not JSON", async () => {
    expect(await readJsonBody(streamed(['{"a":', "1}"]), 5000)).toEqual({ a: 1 });
    expect((await refusal(readJsonBody(streamed(["{nope"]), 5000))).message).toBe("body: expected JSON");
    expect(await readJsonBody(new Request("http://x/", { method: "DELETE" }), 5000)).toBeUndefined();
  });
});
