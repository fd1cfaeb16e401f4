import "server-only";
import { findService } from "./service-containers";
import { statsSamplers } from "./samplers";
import { liveStream } from "./sse";
import type { StatsUpdate } from "./schemas";

const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events with live CPU and memory of the service's running containers. Every
 * browser subscribes to the same per-container sampler, so ten open pages cost one read per
 * container per tick, not ten.
 */
export async function openStatsStream(
  serviceId: string,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  const { service } = await findService(serviceId);
  const running = service.containers.filter((c) => c.state === "running").map((c) => c.id);
  const samplers = statsSamplers();
  return liveStream(
    signal,
    (out) => {
      const send = (event: string, data: unknown) =>
        out.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      out.write("retry: 3000\n\n");
      send("containers", { sampled: running });
      const unsubscribes = running.map((id) => samplers.subscribe(id, (u: StatsUpdate) => send(u.type, u)));
      return () => unsubscribes.forEach((u) => u());
    },
    { everyMs: HEARTBEAT_MS, text: () => `: ping ${Date.now()}\n\n` },
  );
}
