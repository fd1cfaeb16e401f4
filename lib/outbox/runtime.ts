import "server-only";
import { hostname } from "node:os";
import { getDb } from "@/lib/infra/db";
import { hasProcessSingleton, processSingleton } from "@/lib/infra/process-registry";
import { getRuntime } from "@/lib/monitor/runtime";
import { emailSender } from "./senders/email";
import { webhookSender } from "./senders/webhook";
import { OutboxWorker } from "./worker";

/**
 * The process's outbox worker, started beside the monitor (OPSDECK_ROLE all or worker). Every
 * such process may run one: claims keep them from sending a message twice. A web-only process
 * enqueues and leaves delivery to them (they look every 2 s).
 */

const NAME = "outbox-worker";

export function outboxWorker(): OutboxWorker {
  return processSingleton(
    NAME,
    () =>
      new OutboxWorker({
        db: getDb,
        senders: [
          emailSender({ settings: () => getRuntime().watcher?.current()?.settings.mail }),
          webhookSender(),
        ],
        workerId: `${hostname()}:${process.pid}`,
      }),
    (w) => w.stop(),
  );
}

export function startOutbox(): void {
  outboxWorker().start();
}

/** Something was enqueued in this process: deliver it now if this process delivers. */
export function nudgeOutbox(): void {
  if (hasProcessSingleton(NAME)) outboxWorker().nudge();
}
