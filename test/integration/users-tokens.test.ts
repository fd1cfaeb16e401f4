import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor, AuditInput } from "@/lib/audit/schemas";
import { AuditWriter } from "@/lib/audit/writer";
import { checkSignIn, SignInRefused } from "@/lib/auth/options";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { LoginRateLimiter, RedisCounterStore } from "@/lib/auth/rate-limit";
import type { Role } from "@/lib/auth/roles";
import { hashToken, LAST_KNOWN_TOKEN_MS, verifyApiToken, verifyApiTokenOrLastKnown } from "@/lib/auth/tokens";
import { Conflict, Forbidden, Unavailable } from "@/lib/errors";
import { changeRole } from "@/lib/users/change-role";
import { createToken } from "@/lib/users/create-token";
import { createUser } from "@/lib/users/create-user";
import type { UsersContext } from "@/lib/users/guard";
import { resetPassword } from "@/lib/users/reset-password";
import { revokeSessions } from "@/lib/users/revoke-sessions";
import { revokeToken } from "@/lib/users/revoke-token";
import { setDisabled } from "@/lib/users/set-disabled";
import { scratchPostgres, type ScratchDb } from "../support/scratch-db";

let scratch: ScratchDb;
let dir: string;
let writer: AuditWriter;
let ctx: UsersContext;
let root: Actor;

function actorOf(user: { id: string; email: string; role: Role }): Actor {
  return { type: "user", id: user.id, name: user.email, role: user.role, requestId: randomUUID() };
}

async function seedUser(email: string, role: Role, password = "correct horse battery") {
  const row = await scratch.db.user.create({
    data: { email, role, passwordHash: await hashPassword(password) },
  });
  return { ...row, role: row.role as Role };
}

async function events(action: string, target?: string) {
  const rows = await scratch.db.auditEvent.findMany({
    where: { action, ...(target ? { target } : {}) },
    orderBy: { seq: "asc" },
  });
  return rows.map((r) => ({ outcome: r.outcome, actor: r.actorName, params: r.params, message: r.message }));
}

/** Every stored audit event as text, to prove a secret appears nowhere in it. */
async function auditDump(): Promise<string> {
  const rows = await scratch.db.$queryRaw<
    { row: string }[]
  >`SELECT row_to_json(e)::text AS row FROM "AuditEvent" e`;
  return rows.map((r) => r.row).join("\n");
}

beforeAll(async () => {
  scratch = await scratchPostgres("opsdeck_users");
  dir = await mkdtemp(path.join(tmpdir(), "opsdeck-users-"));
  writer = new AuditWriter({ db: async () => scratch.db, journalFile: path.join(dir, "journal.jsonl") });
  ctx = { db: scratch.db, audit: (input) => writer.append(input) };
  root = actorOf(await seedUser("root@example.com", "admin"));
});

afterAll(async () => {
  writer?.close();
  await scratch?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe("users", () => {
  it("creates a user who can then sign in with the given password, audited without the password", async () => {
    const { user, generatedPassword } = await createUser(ctx, root, {
      email: "  Ana@Example.com ",
      name: "Ana",
      role: "operator",
      password: "a long enough password",
    });
    expect(user).toMatchObject({ email: "ana@example.com", name: "Ana", role: "operator", disabled: false });
    expect(generatedPassword).toBeUndefined();
    const row = await scratch.db.user.findUniqueOrThrow({ where: { email: "ana@example.com" } });
    expect(await verifyPassword("a long enough password", row.passwordHash)).toBe(true);
    expect(await verifyPassword("a long enough passwort", row.passwordHash)).toBe(false);

    const audit = await events("user.create", "user:ana@example.com");
    expect(audit.map((e) => e.outcome)).toEqual(["started", "succeeded"]);
    expect(audit[0]).toMatchObject({
      actor: "root@example.com",
      params: { role: "operator", choice: "given" },
    });
    expect(JSON.stringify(audit)).not.toContain("a long enough password");
  });

  it("generates a password when none is given; it works and is returned only to the caller", async () => {
    const { generatedPassword } = await createUser(ctx, root, { email: "gen@example.com", role: "viewer" });
    expect(generatedPassword).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const row = await scratch.db.user.findUniqueOrThrow({ where: { email: "gen@example.com" } });
    expect(await verifyPassword(generatedPassword!, row.passwordHash)).toBe(true);
    expect(await auditDump()).toContain("gen@example.com");
    expect(await auditDump()).not.toContain(generatedPassword!);
  });

  it("refuses a duplicate email, whatever its case, with a Conflict naming the email", async () => {
    const attempt = createUser(ctx, root, {
      email: "ANA@example.com",
      role: "viewer",
      password: "another password!",
    });
    await expect(attempt).rejects.toBeInstanceOf(Conflict);
    await expect(attempt).rejects.toThrow("email: a user with the email ana@example.com already exists");
    expect(await scratch.db.user.count({ where: { email: "ana@example.com" } })).toBe(1);
    expect((await events("user.create", "user:ana@example.com")).map((e) => e.outcome)).toEqual([
      "started",
      "succeeded",
      "started",
      "failed",
    ]);
  });

  it("does not let the last enabled admin demote or disable themself", async () => {
    const demote = changeRole(ctx, root, { userId: root.id, role: "operator" });
    await expect(demote).rejects.toBeInstanceOf(Conflict);
    await expect(demote).rejects.toThrow(/you cannot demote yourself: you are the last enabled admin/);
    await expect(setDisabled(ctx, root, { userId: root.id, disabled: true })).rejects.toThrow(
      /you cannot disable yourself: you are the last enabled admin/,
    );
    const row = await scratch.db.user.findUniqueOrThrow({ where: { id: root.id } });
    expect(row).toMatchObject({ role: "admin", disabled: false });
    expect((await events("user.disable", "user:root@example.com")).at(-1)?.outcome).toBe("failed");
  });

  it("admins demoting each other all at once never leave Opsdeck without an enabled admin", async () => {
    const admins = await Promise.all(
      Array.from({ length: 8 }, (_, i) => seedUser(`ring-${i}@example.com`, "admin")),
    );
    // root counts too: disable it for this test so the ring holds the only enabled admins.
    await scratch.db.user.update({ where: { id: root.id }, data: { disabled: true } });
    try {
      const results = await Promise.allSettled(
        admins.map((a, i) =>
          changeRole(ctx, actorOf(a), { userId: admins[(i + 1) % admins.length].id, role: "viewer" }),
        ),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(admins.length - 1);
      const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(Conflict);
      expect(refused.reason.message).toMatch(/they are the last enabled admin/);
      expect(await scratch.db.user.count({ where: { role: "admin", disabled: false } })).toBe(1);
    } finally {
      await scratch.db.user.update({ where: { id: root.id }, data: { disabled: false } });
    }
  });

  it("disabling ends sessions (bumps the session version); enabling does not", async () => {
    const u = await seedUser("dis@example.com", "viewer");
    const disabled = await setDisabled(ctx, root, { userId: u.id, disabled: true });
    expect(disabled.disabled).toBe(true);
    let row = await scratch.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.sessionVersion).toBe(u.sessionVersion + 1);
    await setDisabled(ctx, root, { userId: u.id, disabled: false });
    row = await scratch.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row).toMatchObject({ disabled: false, sessionVersion: u.sessionVersion + 1 });
    expect((await events("user.disable", "user:dis@example.com")).map((e) => e.outcome)).toEqual([
      "started",
      "succeeded",
    ]);
  });

  it("signs a user out everywhere, and a password reset also ends sessions", async () => {
    const u = await seedUser("reset@example.com", "operator", "the old password!");
    await revokeSessions(ctx, root, { userId: u.id });
    const { generatedPassword } = await resetPassword(ctx, root, { userId: u.id });
    const row = await scratch.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.sessionVersion).toBe(u.sessionVersion + 2);
    expect(await verifyPassword(generatedPassword!, row.passwordHash)).toBe(true);
    expect(await verifyPassword("the old password!", row.passwordHash)).toBe(false);
  });

  it("refuses an actor without users.manage and audits the refusal", async () => {
    const op = actorOf(await seedUser("op@example.com", "operator"));
    await expect(createUser(ctx, op, { email: "x@example.com", role: "viewer" })).rejects.toBeInstanceOf(
      Forbidden,
    );
    expect(await scratch.db.user.count({ where: { email: "x@example.com" } })).toBe(0);
    expect(await events("user.create", "user:x@example.com")).toEqual([
      expect.objectContaining({ outcome: "denied", actor: "op@example.com" }),
    ]);
  });

  it("does nothing when the intent cannot be written, and surfaces the audit error (fail-closed)", async () => {
    // A real writer whose database is down and whose journal sits under a file, so it cannot be created.
    const blocker = path.join(dir, "not-a-dir");
    await writeFile(blocker, "");
    const broken = new AuditWriter({
      db: async () => {
        throw new Error("database down");
      },
      journalFile: path.join(blocker, "journal.jsonl"),
      dbTimeoutMs: 500,
    });
    const failing: UsersContext = { db: scratch.db, audit: (input: AuditInput) => broken.append(input) };
    const u = await seedUser("kept@example.com", "viewer");
    await expect(
      createUser(failing, root, { email: "never@example.com", role: "viewer" }),
    ).rejects.toBeInstanceOf(Unavailable);
    await expect(setDisabled(failing, root, { userId: u.id, disabled: true })).rejects.toBeInstanceOf(
      Unavailable,
    );
    await expect(createToken(failing, root, { name: "never", role: "viewer" })).rejects.toThrow(
      /audit log cannot be written/,
    );
    expect(await scratch.db.user.count({ where: { email: "never@example.com" } })).toBe(0);
    expect((await scratch.db.user.findUniqueOrThrow({ where: { id: u.id } })).disabled).toBe(false);
    expect(await scratch.db.apiToken.count({ where: { name: "never" } })).toBe(0);
    broken.close();
  });
});

describe("API tokens", () => {
  it("authenticates with the secret shown once; only its hash is stored anywhere", async () => {
    const { token, secret } = await createToken(ctx, root, {
      name: "ci",
      role: "operator",
      expiresInDays: 30,
    });
    expect(secret).toMatch(/^odk_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({
      name: "ci",
      role: "operator",
      status: "active",
      prefix: secret.slice(0, 12),
    });
    expect(await verifyApiToken(scratch.db, secret)).toEqual({
      id: token.id,
      name: "ci",
      role: "operator",
      expiresAt: expect.any(Number),
    });

    const [row] = await scratch.db.$queryRaw<{ row: string }[]>`
      SELECT row_to_json(t)::text AS row FROM "ApiToken" t WHERE id = ${token.id}`;
    expect(row.row).not.toContain(secret);
    expect(row.row).toContain(hashToken(secret));
    const auditText = await auditDump();
    expect(auditText).toContain(`token:${token.prefix}`);
    expect(auditText).not.toContain(secret);
    expect(auditText).not.toContain(hashToken(secret));
    const expires = Date.parse(token.expiresAt!);
    expect(Math.abs(expires - (Date.now() + 30 * 86_400_000))).toBeLessThan(60_000);
  });

  it("stops authenticating once revoked; a second revocation is a Conflict", async () => {
    const { token, secret } = await createToken(ctx, root, { name: "short-lived", role: "viewer" });
    const revoked = await revokeToken(ctx, root, { tokenId: token.id });
    expect(revoked.status).toBe("revoked");
    expect(await verifyApiToken(scratch.db, secret)).toBeNull();
    await expect(revokeToken(ctx, root, { tokenId: token.id })).rejects.toBeInstanceOf(Conflict);
    expect((await events("token.revoke", `token:${token.prefix}`)).map((e) => e.outcome)).toEqual([
      "started",
      "succeeded",
      "started",
      "failed",
    ]);
  });

  it("stops authenticating once expired", async () => {
    const { token, secret } = await createToken(ctx, root, {
      name: "expiring",
      role: "viewer",
      expiresInDays: 1,
    });
    expect(await verifyApiToken(scratch.db, secret)).not.toBeNull();
    await scratch.db.apiToken.update({
      where: { id: token.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await verifyApiToken(scratch.db, secret)).toBeNull();
  });

  it("an admin token can manage tokens; the token is recorded as the creator", async () => {
    const { secret } = await createToken(ctx, root, { name: "admin-bot", role: "admin" });
    const identity = (await verifyApiToken(scratch.db, secret))!;
    const bot: Actor = {
      type: "token",
      id: identity.id,
      name: `token:${identity.name}`,
      role: identity.role,
      requestId: randomUUID(),
    };
    const child = await createToken(ctx, bot, { name: "child", role: "viewer" });
    expect(child.token.createdBy).toBe(identity.id);
  });
});

describe("sign-in rate limiting over Redis", () => {
  let redis: Redis;
  let probe: Redis;
  const limiters: LoginRateLimiter[] = [];
  const audits: Promise<unknown>[] = [];
  const deps = (limiter: LoginRateLimiter) => ({
    db: async () => scratch.db,
    limiter: () => limiter,
    audit: (input: AuditInput) => void audits.push(writer.append(input)),
  });

  beforeAll(async () => {
    // What scripts/server.mjs sets in the console's process: the header it writes the peer into.
    (globalThis as Record<symbol, unknown>)[Symbol.for("opsdeck.peerHeader")] = "x-opsdeck-peer";
    redis = new Redis(process.env.TEST_REDIS_URL!);
    probe = new Redis(process.env.TEST_REDIS_URL!);
    await Promise.all([redis.ping(), probe.ping()]);
    limiters.push(new LoginRateLimiter(new RedisCounterStore(redis)));
  });
  afterAll(() => {
    redis?.disconnect();
    probe?.disconnect();
  });

  it("refuses the 6th failure for an account, even with the right password, and audits each refusal", async () => {
    const email = `limit-${randomUUID()}@example.com`;
    await seedUser(email, "viewer", "the right password");
    // A fresh address per run: the shared Redis keeps counts across runs for 15 minutes.
    const address = `2001:db8::${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;
    // As the console's server hands a request on: the socket's peer in its own header.
    const headers = { "x-opsdeck-peer": address, "user-agent": "vitest" };
    for (let i = 0; i < 5; i++)
      expect(await checkSignIn(email, "wrong password", headers, deps(limiters[0]))).toBeNull();
    expect(await probe.get(`opsdeck:login:pair:${email}:${address}`)).toBe("5");

    const sixth = checkSignIn(email, "the right password", headers, deps(limiters[0]));
    await expect(sixth).rejects.toBeInstanceOf(SignInRefused);
    await expect(sixth).rejects.toThrow(
      /^too many failed sign-ins for this account from this address; try again in 15 minutes$/,
    );
    // The owner, from another address, still gets in.
    const elsewhere = { "x-opsdeck-peer": "2001:db8::1:2", "user-agent": "vitest" };
    expect(await checkSignIn(email, "the right password", elsewhere, deps(limiters[0]))).toMatchObject({
      email,
    });

    await Promise.all(audits.splice(0));
    const rows = await scratch.db.auditEvent.findMany({
      where: { action: "auth.sign-in", actorName: email },
    });
    expect(rows.map((r) => r.outcome)).toEqual([...Array(6).fill("denied"), "succeeded"]);
    expect(rows[5]).toMatchObject({ sourceIp: address, userAgent: "vitest" });
    expect(rows[5].message).toMatch(/too many failed sign-ins/);
  });

  it("a successful sign-in resets the account's count; the count is shared by every replica", async () => {
    const email = `reset-${randomUUID()}@example.com`;
    const user = await seedUser(email, "operator", "the right password");
    const other = new Redis(process.env.TEST_REDIS_URL!);
    await other.ping();
    const replicaB = new LoginRateLimiter(new RedisCounterStore(other));
    const address = `2001:db8::${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;
    const from = { "x-opsdeck-peer": address };
    try {
      for (let i = 0; i < 4; i++)
        await checkSignIn(email, "wrong password", from, deps(i % 2 ? replicaB : limiters[0]));
      const ok = await checkSignIn(email, "the right password", from, deps(replicaB));
      expect(ok).toMatchObject({ id: user.id, email, role: "operator", sessionVersion: 0 });
      expect(await probe.exists(`opsdeck:login:account:${email}`)).toBe(0);
      expect(await probe.exists(`opsdeck:login:pair:${email}:${address}`)).toBe(0);
      for (let i = 0; i < 5; i++)
        expect(await checkSignIn(email, "wrong password", from, deps(replicaB))).toBeNull();
      await expect(checkSignIn(email, "wrong password", from, deps(limiters[0]))).rejects.toThrow(
        /too many failed sign-ins/,
      );
      const row = await scratch.db.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(row.lastLoginAt).not.toBeNull();
      await Promise.all(audits.splice(0));
      const succeeded = await scratch.db.auditEvent.findMany({
        where: { action: "auth.sign-in", actorName: email, outcome: "succeeded" },
      });
      expect(succeeded).toHaveLength(1);
      expect(succeeded[0]).toMatchObject({ actorId: user.id, role: "operator" });
    } finally {
      other.disconnect();
    }
  });
});

describe("a token acts for its person", () => {
  it("stops working when its creator is disabled, and never exceeds the creator's current role", async () => {
    const owner = actorOf(await seedUser("owner@example.com", "admin"));
    const { secret } = await createToken(ctx, owner, { name: "deploy-bot", role: "admin" });
    expect((await verifyApiToken(scratch.db, secret))?.role).toBe("admin");
    await scratch.db.user.update({ where: { id: owner.id }, data: { role: "operator" } });
    expect((await verifyApiToken(scratch.db, secret))?.role).toBe("operator");
    await scratch.db.user.update({ where: { id: owner.id }, data: { disabled: true } });
    expect(await verifyApiToken(scratch.db, secret)).toBeNull();
  });

  it("is revoked when an admin disables its creator, and stays revoked when the account is enabled again", async () => {
    const owner = actorOf(await seedUser("leaver@example.com", "admin"));
    await seedUser("keeper@example.com", "admin"); // so the leaver is not the last enabled admin
    const { secret, token } = await createToken(ctx, owner, { name: "ci", role: "operator" });
    const other = await createToken(ctx, root, { name: "root-bot", role: "viewer" });
    await setDisabled(ctx, root, { userId: owner.id, disabled: true });
    const row = await scratch.db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.revokedAt).toBeInstanceOf(Date);
    await setDisabled(ctx, root, { userId: owner.id, disabled: false });
    expect(await verifyApiToken(scratch.db, secret)).toBeNull();
    // Only the disabled user's tokens.
    expect((await verifyApiToken(scratch.db, other.secret))?.role).toBe("viewer");
  });
});

describe("API tokens while the database is unreachable", () => {
  const unreachable = async (): Promise<never> => {
    throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
  };

  it("keep reading as last verified by this process, within 12 h and never past their expiry", async () => {
    const { secret } = await createToken(ctx, root, {
      name: "outage-bot",
      role: "operator",
      expiresInDays: 1,
    });
    const now = Date.now();
    const live = await verifyApiTokenOrLastKnown(async () => scratch.db, secret, now);
    expect(live?.role).toBe("operator");
    // Marked as answered from memory: it may read, but the verb wrapper refuses changes with it.
    expect(await verifyApiTokenOrLastKnown(unreachable, secret, now + 60_000)).toEqual({
      ...live,
      lastKnown: true,
    });
    await expect(verifyApiTokenOrLastKnown(unreachable, secret, now + LAST_KNOWN_TOKEN_MS)).rejects.toThrow(
      Unavailable,
    );
    await expect(verifyApiTokenOrLastKnown(unreachable, secret, now + 25 * 3600_000)).rejects.toThrow(
      /database is unreachable/,
    );
  });

  it("answer 503 with a clear message for a token this process has not verified, and forget revoked ones", async () => {
    const { secret, token } = await createToken(ctx, root, { name: "unseen-bot", role: "viewer" });
    const error = await verifyApiTokenOrLastKnown(unreachable, secret).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Unavailable);
    expect((error as Unavailable).status).toBe(503);
    expect((error as Error).message).not.toContain(secret);
    // Verified, then revoked while the database was up: the outage does not bring it back.
    expect(await verifyApiTokenOrLastKnown(async () => scratch.db, secret)).not.toBeNull();
    await revokeToken(ctx, root, { tokenId: token.id });
    expect(await verifyApiTokenOrLastKnown(async () => scratch.db, secret)).toBeNull();
    await expect(verifyApiTokenOrLastKnown(unreachable, secret)).rejects.toThrow(Unavailable);
  });
});
