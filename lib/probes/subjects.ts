import type { CheckKind } from "@/lib/catalog/schemas";

/**
 * What a condition may name, per check kind: the fields each probe observes (lib/probes/*.ts).
 * Client-safe, so config validation and an editor can reject `stauts == 200` before it runs.
 */
export const CONDITION_SUBJECTS: Record<CheckKind, readonly string[]> = {
  http: ["status", "latency", "body", "json", "headers"],
  tcp: ["latency"],
  postgres: ["latency", "value"],
  redis: ["latency", "value"],
  qdrant: ["latency", "status", "points_count", "json", "body"],
  docker: ["total", "running", "healthy", "unhealthy", "starting", "restarts"],
  exec: ["exit_code", "output", "latency"],
};

/** HTTP actions (kind http) check their answer with the same fields as an HTTP check. */
export const HTTP_ACTION_SUBJECTS = CONDITION_SUBJECTS.http;
