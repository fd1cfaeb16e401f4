"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { LocalTime } from "@/components/actions/local-time";
import { fetchJson } from "@/components/service/fetch-json";
import type { Overview } from "@/lib/maintenance/overview";

/**
 * On a service page: the window it is in (it shows `maintenance`; its checks go on and show its
 * real state), and the next ones planned for it.
 */
export function ServiceMaintenance({
  serviceId,
  status,
  reason,
  version,
}: {
  serviceId: string;
  status: string;
  reason: string;
  version: string;
}) {
  const { data } = useQuery({
    queryKey: ["maintenance", version],
    queryFn: ({ signal }) => fetchJson<Overview>("/api/v1/maintenance", signal),
    refetchInterval: 60_000,
  });
  const upcoming = (data?.upcoming ?? []).filter((o) => o.services.includes(serviceId)).slice(0, 3);
  if (status !== "maintenance" && upcoming.length === 0) return null;
  return (
    <section
      aria-label="Maintenance"
      data-testid="service-maintenance"
      className="rounded-lg border border-state-maintenance bg-state-maintenance/10 p-3 text-sm"
    >
      {status === "maintenance" && (
        <p>
          <strong>In maintenance</strong>: {reason.replace(/^maintenance: /, "")}. Failures open no incident;
          the checks below keep running and show the real state.
        </p>
      )}
      {upcoming.length > 0 && (
        <p className={status === "maintenance" ? "mt-1 text-muted-foreground" : ""}>
          Planned:{" "}
          {upcoming.map((o, i) => (
            <span key={`${o.windowId}-${o.start}`}>
              {i > 0 && "; "}
              {o.title} from <LocalTime iso={o.start} />
              {o.end ? (
                <>
                  {" "}
                  to <LocalTime iso={o.end} />
                </>
              ) : (
                " until ended"
              )}
            </span>
          ))}
        </p>
      )}
      <Link href="/maintenance" className="mt-1 inline-block underline underline-offset-2">
        Maintenance windows
      </Link>
    </section>
  );
}
