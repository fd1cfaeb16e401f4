import "server-only";
import path from "node:path";
import {
  createDockerGateway,
  type DockerGateway,
  type ContainerSummary as GatewayContainer,
} from "@/lib/infra/docker";
import { errorMessage, log } from "@/lib/infra/logger";
import type { ContainerSummary } from "@/lib/catalog/discovery";
import { configFilesFromLabel, readComposeFiles, type ComposeFileInfo } from "@/lib/catalog/compose-file";
import { followDockerEvents, type ContainerEvent } from "./docker-events";

export interface DockerStatus {
  state: "connecting" | "connected" | "unreachable";
  host: string;
  since: string;
  error?: string;
}

/**
 * Keeps an up-to-date container list: a full list after every (re)connect of the events
 * stream, and a quick re-list (coalesced) after each container event.
 */
export class DockerWatch {
  readonly gateway: DockerGateway;
  private containers: ContainerSummary[] = [];
  private env = new Map<string, string[]>();
  private status: DockerStatus;
  private controller = new AbortController();
  private relisting: Promise<void> | null = null;
  private recent = new Map<string, { state?: string; health?: string; at: number }>();
  private settleTimer?: ReturnType<typeof setTimeout>;
  private relistAgain = false;
  /** Compose project -> its files as last read, keyed by the paths so a re-list does not re-read. */
  private compose = new Map<string, { paths: string; info: ComposeFileInfo }>();

  constructor(
    private readonly host: string,
    private readonly onChange: (reason: { event?: ContainerEvent }) => void,
    tls?: { ca: string; cert: string; key: string },
  ) {
    this.gateway = createDockerGateway({ host, tls });
    this.status = { state: "connecting", host, since: new Date().toISOString() };
  }

  start() {
    void followDockerEvents(this.gateway, {
      signal: this.controller.signal,
      onConnected: () => {
        this.setStatus({ state: "connected" });
        this.compose.clear(); // re-read compose files after a reconnect: they may have changed meanwhile
        void this.relist();
      },
      onDisconnected: (error, since) => {
        this.setStatus({ state: "unreachable", error: errorMessage(error) }, since);
        this.onChange({});
      },
      onEvent: (event) => void this.relist(event),
    });
  }

  stop() {
    this.controller.abort();
    clearTimeout(this.settleTimer);
  }

  snapshot() {
    return {
      containers: this.containers,
      envByContainer: Object.fromEntries(this.env),
      composeFiles: Object.fromEntries([...this.compose].map(([project, c]) => [project, c.info])),
      status: this.status,
    };
  }

  private setStatus(next: Omit<DockerStatus, "host" | "since">, since = new Date()) {
    if (next.state === this.status.state) return;
    this.status = { ...next, host: this.host, since: since.toISOString() };
    const fields = { host: this.host, ...(next.error ? { error: next.error } : {}) };
    if (next.state === "unreachable") log.warn("docker engine unreachable", fields);
    else log.info(`docker engine ${next.state}`, fields);
  }

  /** Coalesces bursts of events into one list call in flight plus at most one queued. */
  private relist(event?: ContainerEvent): Promise<void> {
    if (event) this.rememberEvent(event);
    if (this.relisting) {
      this.relistAgain = true;
      return this.relisting;
    }
    this.relisting = (async () => {
      do {
        this.relistAgain = false;
        try {
          const list = await this.gateway.listContainers({ all: true });
          this.containers = list.map(toDiscoveryShape).map((c) => this.applyRecentEvent(c));
          await this.loadEnv(list);
          await this.loadComposeFiles(list);
          this.setStatus({ state: "connected" });
        } catch (error) {
          this.setStatus({ state: "unreachable", error: errorMessage(error) });
        }
        this.onChange({ event });
      } while (this.relistAgain);
    })().finally(() => (this.relisting = null));
    return this.relisting;
  }

  /**
   * Docker sends `die` before the container list shows the container stopped (~70 ms later on
   * 20.10), so a list right after the event can still say running. Events newer than the list's
   * view win for a short while, and one more list follows to settle on the engine's truth.
   */
  private rememberEvent(event: ContainerEvent) {
    const state = STATE_AFTER[event.type];
    const previous = this.recent.get(event.containerId);
    if (!state && !event.health) return;
    this.recent.set(event.containerId, {
      state: state ?? previous?.state,
      health:
        event.type === "health_status" ? event.health : state === "running" ? undefined : previous?.health,
      at: Date.now(),
    });
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => void this.relist(), SETTLE_MS);
    this.settleTimer.unref?.();
  }

  private applyRecentEvent(c: ContainerSummary): ContainerSummary {
    const hint = this.recent.get(c.Id);
    if (!hint) return c;
    if (Date.now() - hint.at > EVENT_TRUST_MS) {
      this.recent.delete(c.Id);
      return c;
    }
    const state = hint.state ?? c.State;
    const health = hint.health ? ` (${hint.health === "starting" ? "health: starting" : hint.health})` : "";
    const base = c.Status.replace(/\s*\((healthy|unhealthy|health: starting)\)/, "");
    return { ...c, State: state, Status: state === "running" ? `${base}${health}` : `Exited (from event)` };
  }

  /** Environment is read once per container (for *_URL dependency hints) and kept in memory only. */
  private async loadEnv(list: GatewayContainer[]) {
    const ids = new Set(list.map((c) => c.id));
    for (const id of this.env.keys()) if (!ids.has(id)) this.env.delete(id);
    for (const c of list) {
      if (this.env.has(c.id)) continue;
      try {
        const details = await this.gateway.inspectContainer(c.id);
        this.env.set(c.id, details.env);
      } catch {
        this.env.set(c.id, []);
      }
    }
  }

  /**
   * Compose v1 puts no depends_on label on containers, so read the files the project's labels
   * name. A console that cannot see them (e.g. it runs in a container) carries on without.
   */
  private async loadComposeFiles(list: GatewayContainer[]) {
    const next = new Map<string, { paths: string; info: ComposeFileInfo }>();
    for (const c of list) {
      const project = c.labels[COMPOSE_PROJECT];
      if (!project || next.has(project)) continue;
      const files = composeFilePaths(c.labels);
      if (files.length === 0) continue;
      const paths = files.join("\n");
      const cached = this.compose.get(project);
      if (cached?.paths === paths) {
        next.set(project, cached);
        continue;
      }
      const { info, warnings } = await readComposeFiles(files);
      for (const warning of warnings) log.info("compose file skipped", { project, warning });
      next.set(project, { paths, info });
    }
    this.compose = next;
  }
}

const COMPOSE_PROJECT = "com.docker.compose.project";

/** Absolute paths of a project's compose files; relative ones are relative to its working_dir. */
function composeFilePaths(labels: Record<string, string>): string[] {
  const workingDir = labels["com.docker.compose.project.working_dir"];
  return configFilesFromLabel(labels["com.docker.compose.project.config_files"]).flatMap((file) =>
    path.isAbsolute(file)
      ? [file]
      : workingDir && path.isAbsolute(workingDir)
        ? [path.resolve(workingDir, file)]
        : [],
  );
}

/** What a container event says about the container's state, ahead of the container list. */
const STATE_AFTER: Partial<Record<ContainerEvent["type"], string>> = {
  die: "exited",
  stop: "exited",
  start: "running",
  restart: "running",
};
const EVENT_TRUST_MS = 2000;
const SETTLE_MS = 300;

export function toDiscoveryShape(c: GatewayContainer): ContainerSummary {
  const health = c.health === "none" ? "" : ` (${c.health})`;
  return {
    Id: c.id,
    Names: [`/${c.name}`],
    Image: c.image,
    State: c.state,
    Status: `${c.status}${c.status.includes("(") ? "" : health}`,
    Labels: c.labels,
    NetworkSettings: {
      Networks: Object.fromEntries(
        Object.entries(c.networks).map(([k, v]) => [k, { IPAddress: v.ip ?? "" }]),
      ),
    },
  };
}
