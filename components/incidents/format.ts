import type { BadgeTone } from "@/components/ui/badge";

/** An incident's status as a badge tone: red while investigating, green once resolved. */
export const STATUS_TONE: Record<string, BadgeTone> = {
  investigating: "down",
  identified: "degraded",
  monitoring: "maintenance",
  resolved: "up",
};
