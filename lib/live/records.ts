import "server-only";
import { LIVE_HEADERS, liveStream } from "@/lib/containers/sse";
import type { Bus, BusEvent } from "@/lib/monitor/bus";

/**
 * Records several people follow at once (a playbook run, an incident): every stored change is
 * announced on the bus (Redis across replicas), and each open page holds a stream that says
 * "changed" at once, with the record as it is now when the stream can read it (one read per
 * change for every stream of this process), so the page shows it without asking again. The same
 * stream says who else has the record open: each stream announces its viewer every few seconds,
 * and a viewer not heard of for a while is gone.
 */

export type RecordKind = "playbook-run" | "incident" | "maintenance";

const ANNOUNCE_MS = 5_000;
/** A viewer is gone when not announced for this long (two missed announcements and some). */
const VIEWER_TTL_MS = 12_000;
const HEARTBEAT_MS = 15_000;

export class RecordChannel {
  /** kind:id → viewer name → until (ms). Fed by the bus, so every replica knows every viewer. */
  private viewers = new Map<string, Map<string, number>>();
  private unsubscribe: () => void;
  private listeners = new Set<(event: BusEvent) => void>();
  /** The read of a record after one change, shared by every stream of it in this process. */
  private reads = new Map<string, { event: BusEvent; body: Promise<string | null> }>();

  constructor(private readonly bus: Pick<Bus, "publish" | "subscribe">) {
    this.unsubscribe = bus.subscribe((event) => {
      if (event.type === "record.viewing") this.seen(event as unknown as ViewingEvent);
      if (event.type.startsWith("record.")) for (const l of this.listeners) l(event);
    });
  }

  /** Says that `kind` `id` changed (after the change is stored). Never throws. */
  changed(kind: RecordKind, id: string): void {
    void this.bus.publish({ type: "record.changed", kind, id }).catch(() => undefined);
  }

  /** Who has the record open now, sorted. */
  viewersOf(kind: RecordKind, id: string, now = Date.now()): string[] {
    const map = this.viewers.get(`${kind}:${id}`);
    if (!map) return [];
    for (const [name, until] of map) if (until < now) map.delete(name);
    return [...map.keys()].sort();
  }

  /**
   * The SSE stream of one record for one viewer: `changed` (with the record's JSON when `read`
   * is given, else `{}`: read it again) and `viewers` events.
   */
  open(
    kind: RecordKind,
    id: string,
    viewer: string,
    signal: AbortSignal,
    read?: () => Promise<unknown>,
  ): Response {
    const key = `${kind}:${id}`;
    const body = liveStream(
      signal,
      (out) => {
        // Reads finish out of order; only a newer one than the last written is sent.
        let started = 0;
        let written = 0;
        const sendChanged = (event: BusEvent) => {
          if (!read) return out.write(`event: changed\ndata: {}\n\n`);
          const seq = ++started;
          void this.readAfter(key, event, read).then((json) => {
            if (seq <= written) return;
            written = seq;
            out.write(`event: changed\ndata: ${json ?? "{}"}\n\n`);
          });
        };
        let lastViewers = "";
        const sendViewers = () => {
          const list = JSON.stringify(this.viewersOf(kind, id));
          if (list === lastViewers) return;
          lastViewers = list;
          out.write(`event: viewers\ndata: ${list}\n\n`);
        };
        const listener = (event: BusEvent) => {
          const e = event as { kind?: unknown; id?: unknown };
          if (`${String(e.kind)}:${String(e.id)}` !== key) return;
          if (event.type === "record.changed") sendChanged(event);
          else sendViewers();
        };
        this.listeners.add(listener);
        const announce = (until: number) =>
          void this.bus
            .publish({ type: "record.viewing", kind, id, name: viewer, until } satisfies ViewingEvent)
            .catch(() => undefined);
        out.write("retry: 2000\n\n");
        announce(Date.now() + VIEWER_TTL_MS);
        sendViewers();
        // Announce again, and drop viewers who stopped announcing.
        const timer = setInterval(() => {
          announce(Date.now() + VIEWER_TTL_MS);
          sendViewers();
        }, ANNOUNCE_MS);
        return () => {
          clearInterval(timer);
          this.listeners.delete(listener);
          announce(0); // gone now
        };
      },
      { everyMs: HEARTBEAT_MS, text: () => `: ping ${Date.now()}\n\n` },
    );
    return new Response(body, {
      headers: { "Content-Type": "text/event-stream; charset=utf-8", ...LIVE_HEADERS },
    });
  }

  /** The record read once after `event` for all its streams; null (read it yourself) when the read fails. */
  private readAfter(key: string, event: BusEvent, read: () => Promise<unknown>): Promise<string | null> {
    const shared = this.reads.get(key);
    if (shared?.event === event) return shared.body;
    const body = read()
      .then((record) => (record == null ? null : JSON.stringify(record)))
      .catch(() => null)
      .finally(() => {
        if (this.reads.get(key)?.body === body) this.reads.delete(key);
      });
    this.reads.set(key, { event, body });
    return body;
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  private seen(e: ViewingEvent) {
    const key = `${e.kind}:${e.id}`;
    let map = this.viewers.get(key);
    if (!map) this.viewers.set(key, (map = new Map()));
    // The latest word wins; several tabs of one person are one viewer.
    if (e.until === 0) map.delete(e.name);
    else map.set(e.name, Math.max(map.get(e.name) ?? 0, e.until));
    if (map.size === 0) this.viewers.delete(key);
  }
}

interface ViewingEvent {
  type: "record.viewing";
  kind: RecordKind;
  id: string;
  name: string;
  until: number;
  [key: string]: unknown;
}
