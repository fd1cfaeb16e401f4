import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/infra/db";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import { enqueue } from "@/lib/outbox/enqueue";
import type { PublicSnapshot } from "../types";
import { messagesFor, type Subscriber } from "./messages";
import { diffSnapshots } from "./notify";
import type { PagePolicy } from "./policy";

/**
 * Turns publications into messages. Per page, in one transaction: read what subscribers were
 * last told (StatusNotifyState, locked), compare the new snapshot with it, queue a message per
 * event and matching subscriber, and store the new snapshot as told. So a database that is down
 * delays the news instead of losing it, a restart re-sends nothing, and two replicas queue each
 * message once. With no state stored yet, the publication before this one (the folder's, after
 * a restart) stands in; with neither, nothing is sent.
 */

/** The stored state's time is kept this fresh: what is new is judged against it (notify.ts, STALE_MS). */
const STALE_STATE_MS = 10 * 60_000;

export interface PublicationChange {
  pageId: string;
  /** The page as published before (from the store); null when there was none. */
  previous: PublicSnapshot | null;
  next: PublicSnapshot;
}

export interface NotifierDeps {
  db: () => Promise<Db>;
  policy: (pageId: string) => Promise<PagePolicy | null>;
  siteOrigin: () => string;
  secret: () => string;
  now?: () => number;
  onEnqueued?: () => void;
}

export class StatusNotifier {
  private queue = new Map<string, PublicationChange>();
  private running: Promise<void> | null = null;

  constructor(private readonly deps: NotifierDeps) {}

  /** Called after each publication; never throws, never delays the publisher. */
  published(changes: readonly PublicationChange[]): void {
    for (const c of changes) {
      const queued = this.queue.get(c.pageId);
      // Publications that pile up go as one: the earliest "before", the latest "after".
      this.queue.set(c.pageId, { ...c, previous: queued ? queued.previous : c.previous });
    }
    this.running ??= this.drain().finally(() => (this.running = null));
  }

  /** Resolves when every publication told so far has been handled (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.queue.size > 0) {
      const changes = [...this.queue.values()];
      this.queue.clear();
      for (const change of changes) {
        try {
          await this.notify(change);
        } catch (error) {
          // The state was not advanced: the next publication compares with it again.
          log.warn("status page: could not queue notifications; will try at the next publication", {
            page: change.pageId,
            error: shortErrorMessage(error),
          });
        }
      }
    }
  }

  private async notify({ pageId, previous, next }: PublicationChange): Promise<void> {
    const policy = await this.deps.policy(pageId);
    const db = await this.deps.db();
    const now = this.deps.now?.() ?? Date.now();
    const told = withoutBars(next);
    const { events, queued } = await db.$transaction(async (tx) => {
      // Locked, so two replicas compare one after the other (the second finds the first's state).
      await tx.$queryRaw`SELECT "pageId" FROM "StatusNotifyState" WHERE "pageId" = ${pageId} FOR UPDATE`;
      const stored = await tx.statusNotifyState.findUnique({ where: { pageId } });
      const baseline = (stored?.snapshot ?? null) as PublicSnapshot | null;
      const events = diffSnapshots(baseline ?? previous, next);
      let queued = 0;
      if (events.length > 0 && policy && (policy.email || policy.webhook)) {
        const kinds = [...(policy.email ? ["email"] : []), ...(policy.webhook ? ["webhook"] : [])];
        const subscribers = (await tx.statusSubscriber.findMany({
          where: { pageId, confirmedAt: { not: null }, kind: { in: kinds } },
          select: { id: true, kind: true, address: true, components: true },
        })) as Subscriber[];
        const messages = messagesFor(
          {
            snapshot: next,
            origin: this.deps.siteOrigin(),
            secret: this.deps.secret(),
            kinds: { email: policy.email, webhook: policy.webhook },
            allowPrivateWebhooks: policy.allowPrivateWebhooks,
          },
          events,
          subscribers,
        );
        queued = await enqueue(tx, messages, now);
      }
      if (
        !baseline ||
        events.length > 0 ||
        newsChanged(baseline, told) ||
        Date.parse(told.generatedAt) - Date.parse(baseline.generatedAt) > STALE_STATE_MS
      ) {
        const data = { snapshot: told as unknown as Prisma.InputJsonValue, updatedAt: new Date(now) };
        await tx.statusNotifyState.upsert({ where: { pageId }, create: { pageId, ...data }, update: data });
      }
      return { events, queued };
    });
    if (events.length > 0)
      log.info("status page: subscribers notified", {
        page: pageId,
        events: events.map((e) => e.type),
        messages: queued,
      });
    if (queued > 0) this.deps.onEnqueued?.();
  }
}

/** The snapshot as stored: the uptime bars are most of its size and none of its news. */
function withoutBars(s: PublicSnapshot): PublicSnapshot {
  const strip = (c: PublicSnapshot["components"][number]): PublicSnapshot["components"][number] => ({
    ...c,
    uptime: { percent: c.uptime.percent, days: [] },
    ...(c.children ? { children: c.children.map(strip) } : {}),
  });
  return { ...s, components: s.components.map(strip) };
}

/** Whether anything a subscriber could hear of differs (else the stored state is left alone). */
function newsChanged(a: PublicSnapshot, b: PublicSnapshot): boolean {
  const news = (s: PublicSnapshot) => JSON.stringify([s.incidents, s.history, s.maintenance]);
  return news(a) !== news(b);
}
