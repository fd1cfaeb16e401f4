import type { Catalog } from "@/lib/catalog/types";
import type { OpsdeckConfig } from "@/lib/catalog/schemas";
import type { Db } from "@/lib/infra/db";
import { DEFAULT_SEVERITIES } from "@/lib/incidents/severity";
import type { WindowDef } from "@/lib/maintenance/types";
import type { HealthState } from "@/lib/probes/types";
import { resolvePages } from "./derive";
import { publicationFiles } from "./files";
import { incidentInputs, serviceLatency, serviceSegments, type LatencyHour } from "./queries";
import { buildSnapshot, RESPONSE_TIME_HOURS, type IncidentInput } from "./snapshot";
import { uploadPublication, type S3Target } from "./s3";
import { SnapshotStore, writePublication, type Manifest, type StoredFile } from "./store";
import type { StateSegment } from "@/lib/monitor/history";
import { signupForm } from "./subscriptions/policy";
import type { PublicSnapshot } from "./types";
import { UPTIME_DAYS } from "./uptime";

/**
 * Publishes the status pages: on every change that can show on them (a service's health, an
 * incident, a maintenance window, the config), at most once per `debounceMs`, it reads what the
 * pages need, builds each snapshot, renders its files, swaps them into the in-memory store and
 * writes them to the folder. A database that does not answer keeps the last incidents and
 * history it read (health is live from the monitor); nothing read yet means nothing published,
 * and the last publication keeps being served with its own "last updated".
 */

export interface PublisherDeps {
  dir: string;
  store: SnapshotStore;
  siteOrigin: () => string;
  config: () => OpsdeckConfig | null;
  catalog: () => Catalog | null;
  health: () => ReadonlyMap<string, HealthState>;
  windows: () => readonly WindowDef[];
  db: () => Promise<Db>;
  /** Told after each publication (other processes reload the folder). */
  onPublished?: (publishedAt: string) => void;
  /** Told after each publication with every page's snapshot before and after it (subscribers' news). */
  onSnapshots?: (
    changes: { pageId: string; previous: PublicSnapshot | null; next: PublicSnapshot }[],
  ) => void;
  onError?: (error: unknown) => void;
  debounceMs?: number;
  /** Republish this often anyway (the day rolls over, a window becomes due). */
  refreshMs?: number;
  now?: () => number;
}

export interface PublisherStatus {
  publishedAt: string | null;
  /** When the incidents and history were last read from the database. */
  dataReadAt: string | null;
  lastError: string | null;
  publications: number;
  /** The bucket copy (settings.statusPages.s3): the last publication uploaded, the last failure. */
  uploadedAt?: string | null;
  uploadError?: string | null;
}

export class StatusPublisher {
  private timer?: ReturnType<typeof setTimeout>;
  private refresh?: ReturnType<typeof setInterval>;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private cache: {
    incidents: IncidentInput[];
    segments: Map<string, StateSegment[]>;
    latency: Map<string, LatencyHour[]>;
    at: number;
  } | null = null;
  private uploading: Promise<void> = Promise.resolve();
  private uploadedEtags = new Map<string, string>();
  private state: PublisherStatus = { publishedAt: null, dataReadAt: null, lastError: null, publications: 0 };

  constructor(private readonly deps: PublisherDeps) {}

  start(): void {
    this.stopped = false;
    this.refresh = setInterval(() => this.request(), this.deps.refreshMs ?? 60_000);
    this.refresh.unref?.();
    this.request();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.refresh);
  }

  status(): PublisherStatus {
    return { ...this.state };
  }

  /** Something changed: publish soon (changes within the debounce go out together). */
  request(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.publishNow();
    }, this.deps.debounceMs ?? 100);
    this.timer.unref?.();
  }

  /** Publishes now; a request during a publication runs once more right after it. */
  async publishNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.publishOnce();
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async publishOnce(): Promise<void> {
    const config = this.deps.config();
    const catalog = this.deps.catalog();
    if (!config || !catalog) return;
    const pages = resolvePages(config.statusPages, catalog.services);
    const now = this.deps.now?.() ?? Date.now();
    const data = await this.read(
      pages.flatMap((p) => p.components.flatMap((c) => c.serviceIds)),
      catalog,
      now,
    );
    if (!data) return;
    try {
      const previous = new Map(pages.map((page) => [page.id, this.previousSnapshot(page.id)]));
      const built = pages.map((page) => ({
        page,
        snapshot: buildSnapshot(page, {
          now,
          health: this.deps.health(),
          services: catalog.services,
          incidents: data.incidents,
          windows: this.deps.windows(),
          segments: data.segments,
          latency: data.latency,
          incidentsReadAt: data.at,
          previous: previous.get(page.id) ?? null,
        }),
        subscribe: signupForm(config, page.id),
      }));
      const { files, manifest } = publicationFiles(built, this.deps.siteOrigin(), this.deps.store.manifest());
      this.deps.store.replace(files, manifest);
      this.deps.onSnapshots?.(
        built.map(({ page, snapshot }) => ({
          pageId: page.id,
          previous: previous.get(page.id) ?? null,
          next: snapshot,
        })),
      );
      this.state.publishedAt = manifest.publishedAt;
      this.state.publications += 1;
      await writePublication(this.deps.dir, files, manifest);
      this.deps.onPublished?.(manifest.publishedAt);
      this.upload(config.settings.statusPages.s3, files, manifest);
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * The bucket copy, one upload at a time and never in the way of the folder and memory (which
   * serve the page): an upload that fails is logged, and the next publication sends what changed
   * since the last one that succeeded.
   */
  private upload(target: S3Target | undefined, files: Map<string, StoredFile>, manifest: Manifest) {
    if (!target) return;
    this.uploading = this.uploading.then(async () => {
      try {
        const result = await uploadPublication(target, files, manifest, this.uploadedEtags);
        this.uploadedEtags = result.etags;
        this.state.uploadedAt = manifest.publishedAt;
        this.state.uploadError = null;
      } catch (error) {
        this.state.uploadError = error instanceof Error ? error.message : String(error);
        this.deps.onError?.(error);
      }
    });
  }

  /** What the page published last (this process's, or the folder's it loaded at start). */
  private previousSnapshot(pageId: string): PublicSnapshot | null {
    const file = this.deps.store.get(`${pageId}/status.json`);
    if (!file) return null;
    try {
      return JSON.parse(file.body.toString("utf8")) as PublicSnapshot;
    } catch {
      return null;
    }
  }

  /** The database's part, or the last one read when it does not answer. */
  private async read(serviceIds: string[], catalog: Catalog, now: number) {
    try {
      const db = await this.deps.db();
      const severities = catalog.settings.incidents?.severities ?? DEFAULT_SEVERITIES;
      // Response time is what users feel: HTTP checks only (a container check's time is not).
      const wanted = new Set(serviceIds);
      const httpChecks = catalog.services
        .filter((s) => wanted.has(s.id))
        .flatMap((s) =>
          s.checks.filter((c) => c.kind === "http").map((c) => ({ serviceId: s.id, checkId: c.id })),
        );
      const [incidents, segments, rows] = await Promise.all([
        incidentInputs(db, new Date(now - UPTIME_DAYS * 86_400_000), severities),
        serviceSegments(db, serviceIds, now, UPTIME_DAYS),
        serviceLatency(db, httpChecks, now, RESPONSE_TIME_HOURS),
      ]);
      const latency = new Map(httpChecks.map((c) => [c.serviceId, rows.get(c.serviceId) ?? []]));
      this.cache = { incidents, segments, latency, at: now };
      this.state.dataReadAt = new Date(now).toISOString();
      this.state.lastError = null;
    } catch (error) {
      this.fail(error);
    }
    return this.cache;
  }

  private fail(error: unknown) {
    this.state.lastError = error instanceof Error ? error.message : String(error);
    this.deps.onError?.(error);
  }
}
