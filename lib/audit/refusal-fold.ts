import type { AuditInput } from "./schemas";

/**
 * Folds identical refusals: the first of a kind (same actor, address, agent, action, target and reason)
 * is written at once; the same refusal again within the window is counted, and the count is
 * written as one more record when the window closes (or when the process stops). A scanner
 * hammering a route without credentials costs the log two rows a minute, not one per request;
 * nothing is dropped.
 */
export class RefusalFolder {
  private readonly open = new Map<string, { first: AuditInput; count: number; timer: NodeJS.Timeout }>();

  constructor(
    private readonly write: (input: AuditInput) => Promise<unknown>,
    private readonly windowMs = 60_000,
  ) {}

  record(input: AuditInput): Promise<unknown> {
    const key = JSON.stringify([
      input.actor.type,
      input.actor.name,
      input.actor.ip ?? null,
      input.actor.userAgent ?? null,
      input.action,
      input.target ?? null,
      input.message ?? null,
    ]);
    const folding = this.open.get(key);
    if (folding) {
      folding.count += 1;
      return Promise.resolve();
    }
    const timer = setTimeout(() => void this.close(key), this.windowMs);
    timer.unref();
    this.open.set(key, { first: input, count: 0, timer });
    return this.write(input);
  }

  /** Writes every pending count now (on shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.open.keys()].map((key) => this.close(key)));
  }

  private async close(key: string): Promise<void> {
    const entry = this.open.get(key);
    if (!entry) return;
    this.open.delete(key);
    clearTimeout(entry.timer);
    if (entry.count === 0) return;
    const { first, count } = entry;
    const params = first.params && typeof first.params === "object" ? first.params : {};
    await this.write({
      ...first,
      params: { ...params, repeated: count },
      message: `${first.message ?? "refused"} (the same refusal ${count} more time${count === 1 ? "" : "s"} within ${Math.round(this.windowMs / 1000)} s)`,
    }).catch(() => undefined);
  }
}
