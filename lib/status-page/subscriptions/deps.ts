import type { Db } from "@/lib/infra/db";
import type { Resolver } from "@/lib/outbox/senders/destination";
import type { PublicSnapshot } from "../types";
import type { SignupLimiter } from "./limits";
import type { PagePolicy } from "./policy";

/** What the subscription verbs use; lib/status-page/subscriptions/runtime.ts wires the real ones. */
export interface SubscriptionDeps {
  db: () => Promise<Db>;
  /** The page's subscription settings now; null when the config has no such page. */
  policy: (pageId: string) => Promise<PagePolicy | null>;
  /** The page's published snapshot (its title and component ids). */
  snapshot: (pageId: string) => PublicSnapshot | null;
  /** Where links in messages point (configured, never taken from a request's Host). */
  siteOrigin: () => string;
  /** Signs unsubscribe links. */
  secret: () => string;
  limiter: SignupLimiter;
  /** DNS for a webhook's host at sign-up. */
  resolve?: Resolver;
  now?: () => number;
  /** Told after messages were queued (this process's outbox worker looks at once). */
  onEnqueued?: () => void;
}
