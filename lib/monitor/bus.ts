import "server-only";
import { randomUUID } from "node:crypto";
import Redis, { type RedisOptions } from "ioredis";
import type { StateChange } from "./types";

/** Anything JSON with a `type`: health changes, and whatever else the engine announces. */
export type BusEvent = StateChange | { type: string; [key: string]: unknown };
export type BusHandler = (event: BusEvent) => void;
/** `memory`: no Redis configured. `memory-fallback`: Redis configured but unreachable, this replica only. */
export type BusMode = "redis" | "memory" | "memory-fallback";

export interface BusOptions {
  redisUrl?: string;
  channel?: string;
  onModeChange?: (mode: BusMode, reason: string) => void;
  /** How long an own event may take to come back from Redis before it is delivered locally anyway. */
  echoTimeoutMs?: number;
}

export interface Bus {
  /** Resolves once the event is handed to Redis or queued for local delivery; never rejects for Redis trouble. */
  publish(event: BusEvent): Promise<void>;
  subscribe(handler: BusHandler): () => void;
  mode(): BusMode;
  close(): Promise<void>;
}

interface Envelope {
  id: string;
  origin: string;
  event: BusEvent;
}

function parseEnvelope(raw: string): Envelope | null {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== "object" || value === null) return null;
    const { id, origin, event } = value as Partial<Envelope>;
    if (typeof id !== "string" || typeof origin !== "string") return null;
    if (typeof event !== "object" || event === null || typeof event.type !== "string") return null;
    return { id, origin, event };
  } catch {
    return null; // another writer on the channel: ignore, never crash the stream
  }
}

/**
 * Health events between the monitor and every open dashboard, across replicas.
 * With Redis, local subscribers receive from the subscription too, so every replica sees
 * one order. Own events not echoed back (Redis died mid-flight) are delivered locally, so
 * a Redis outage never drops an event on the replica that published it.
 */
export function createBus(options: BusOptions = {}): Bus {
  const channel = options.channel ?? "opsdeck:health";
  const echoTimeoutMs = options.echoTimeoutMs ?? 2000;
  const handlers = new Set<BusHandler>();
  const deliver = (event: BusEvent) => {
    for (const handler of [...handlers]) {
      try {
        handler(event);
      } catch {
        // One broken subscriber (a closed SSE stream) must not starve the others.
      }
    }
  };
  const deliverSoon = (event: BusEvent) => queueMicrotask(() => deliver(event));
  const subscribe = (handler: BusHandler) => {
    handlers.add(handler);
    return () => void handlers.delete(handler);
  };

  if (!options.redisUrl) {
    return {
      async publish(event) {
        deliverSoon(JSON.parse(JSON.stringify(event)) as BusEvent);
      },
      subscribe,
      mode: () => "memory",
      async close() {
        handlers.clear();
      },
    };
  }

  const instance = randomUUID();
  let seq = 0;
  let current: BusMode = "memory-fallback";
  let announced = false;
  let closed = false;
  let pubReady = false;
  let subReady = false;
  let lastError = "";
  /** Own events sent to Redis and not yet seen back, in publish order. */
  const pending = new Map<string, { event: BusEvent; timer: ReturnType<typeof setTimeout> }>();

  const flush = (id: string) => {
    const entry = pending.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    pending.delete(id);
    deliverSoon(entry.event);
  };

  const setMode = (next: BusMode, reason: string) => {
    if (closed || (announced && next === current)) return;
    current = next;
    announced = true;
    if (next !== "redis") for (const id of [...pending.keys()]) flush(id);
    options.onModeChange?.(next, reason);
  };
  const downReason = () =>
    `Redis unavailable (${lastError || "connection closed"}); delivering on this replica only`;

  // No offline queue and no resend: while Redis is away, events go local instead of piling up
  // and replaying stale health to other replicas later.
  const redisOptions: RedisOptions = {
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    autoResubscribe: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(200 * attempt, 2000),
  };
  const pub = new Redis(options.redisUrl, redisOptions);
  const sub = new Redis(options.redisUrl, redisOptions);

  for (const conn of [pub, sub]) {
    conn.on("error", (error: Error) => {
      lastError = error.message;
    });
    conn.on("close", () => {
      if (conn === pub) pubReady = false;
      else subReady = false;
      setMode("memory-fallback", downReason());
    });
  }
  pub.on("ready", () => {
    pubReady = true;
    if (subReady) setMode("redis", "connected to Redis");
  });
  sub.on("ready", () => {
    sub.subscribe(channel).then(
      () => {
        subReady = true;
        if (pubReady) setMode("redis", "connected to Redis");
      },
      (error: Error) => {
        lastError = error.message;
        sub.disconnect(true);
      },
    );
  });
  sub.on("message", (_channel: string, raw: string) => {
    const envelope = parseEnvelope(raw);
    if (!envelope) return;
    if (envelope.origin !== instance) return deliver(envelope.event);
    // Own event: deliver unless the fallback already did.
    const entry = pending.get(envelope.id);
    if (!entry) return;
    clearTimeout(entry.timer);
    pending.delete(envelope.id);
    deliver(envelope.event);
  });

  return {
    async publish(event) {
      const copy = JSON.parse(JSON.stringify(event)) as BusEvent;
      if (closed || current !== "redis") return deliverSoon(copy);
      const id = `${instance}:${++seq}`;
      pending.set(id, { event: copy, timer: setTimeout(() => flush(id), echoTimeoutMs) });
      try {
        const receivers = await pub.publish(channel, JSON.stringify({ id, origin: instance, event: copy }));
        if (receivers === 0) flush(id); // not even our own subscription heard it
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        flush(id);
      }
    },
    subscribe,
    mode: () => current,
    async close() {
      closed = true;
      for (const id of [...pending.keys()]) flush(id);
      pub.disconnect();
      sub.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 0));
      handlers.clear();
    },
  };
}
