import "server-only";
import { processSingleton } from "@/lib/infra/process-registry";
import { getRuntime } from "@/lib/monitor/runtime";
import { RecordChannel } from "./records";

/** The process's channel for runs and incidents, over the monitor's bus. */
export function recordChannel(): RecordChannel {
  return processSingleton(
    "record-channel",
    () => new RecordChannel(getRuntime().bus),
    (channel) => channel.close(),
  );
}
