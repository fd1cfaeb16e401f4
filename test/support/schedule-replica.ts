/**
 * One console process's scheduler, for the two-replica test: claims occurrences in the shared
 * database and, for each it wins, calls the receiver once (as an HTTP action would). Prints its
 * claim counts when told to stop. Run with `tsx --conditions=react-server`.
 *   DATABASE_URL=... RECEIVER=http://127.0.0.1:port REPLICA=a SCHEDULE_CRON="* * * * * *" tsx ...
 */
import { Scheduler } from "@/lib/schedules/scheduler";
import { scheduleSchema, schedulesSettingsSchema } from "@/lib/schedules/schemas";
import { prismaFor } from "./scratch-db";

const db = prismaFor(process.env.DATABASE_URL!);
const replica = process.env.REPLICA!;
const schedule = scheduleSchema.parse({
  id: "shared",
  cron: process.env.SCHEDULE_CRON ?? "* * * * * *",
  action: { service: "receiver", action: "call" },
  overlap: "queue",
});
const scheduler = new Scheduler({
  db: async () => db,
  config: () => ({ schedules: [schedule], settings: schedulesSettingsSchema.parse({}) }),
  replicaId: replica,
  targets: {
    async start(_schedule, _actor, runId) {
      const done = fetch(`${process.env.RECEIVER}/run?replica=${replica}&run=${runId}`, {
        method: "POST",
      }).then((r) => ({ ok: r.ok }));
      return { done };
    },
    cancel: async () => false,
  },
});
scheduler.start();
console.log(JSON.stringify({ ready: replica }));
process.on("SIGTERM", () => {
  scheduler.stop();
  console.log(JSON.stringify({ replica, ...scheduler.claims }));
  void db.$disconnect().finally(() => process.exit(0));
});
