import "server-only";
import net from "node:net";
import type { CheckConfig } from "@/lib/catalog/schemas";
import { resolveTemplate } from "./target";
import type { Probe } from "./types";
import { failure, probeSignal, verdict } from "./verdict";

type TcpCheck = Extract<CheckConfig, { kind: "tcp" }>;

/** Up when a TCP connection opens; the handshake time is the latency. */
export const probeTcp: Probe<TcpCheck> = async (check, ctx) => {
  const started = performance.now();
  try {
    const host = resolveTemplate(check.host, ctx.containers).replace(/^\[(.*)\]$/, "$1");
    await connect(host, check.port, probeSignal(ctx));
    const latency = performance.now() - started;
    return verdict(check, {
      latencyMs: latency,
      summary: `connected to ${host}:${check.port} in ${Math.round(latency)}ms`,
      observation: { latency: Math.round(latency) },
    });
  } catch (error) {
    return failure(error, ctx, started);
  }
};

function connect(host: string, port: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const socket = net.connect({ host, port });
    const onAbort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    socket.once("connect", () => {
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve();
    });
    socket.once("error", (error) => {
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
      reject(error);
    });
  });
}
