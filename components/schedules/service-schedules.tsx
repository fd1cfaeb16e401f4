"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { LocalTime } from "@/components/actions/local-time";
import { Section } from "@/components/service/section";
import { fetchJson } from "@/components/service/fetch-json";
import type { ScheduleView } from "@/lib/schedules/schemas";
import { RunStatusBadge } from "./run-status";

/**
 * The schedules that act on a service, on its page: when each runs next and how its last run
 * went, so a failed nightly backup shows where people look at the service. Nothing when none do.
 */
export function ServiceSchedules({ serviceId }: { serviceId: string }) {
  const { data } = useQuery({
    queryKey: ["service-schedules", serviceId],
    queryFn: ({ signal }) =>
      fetchJson<{ schedules: ScheduleView[] }>(
        `/api/v1/schedules?service=${encodeURIComponent(serviceId)}`,
        signal,
      ),
    refetchInterval: 15_000,
  });
  const schedules = data?.schedules ?? [];
  if (!schedules.length) return null;
  return (
    <Section
      id="schedules"
      title="Schedules"
      description={
        <>
          What runs on this service by itself.{" "}
          <Link className="underline" href={`/artifacts?service=${encodeURIComponent(serviceId)}`}>
            Files it made
          </Link>
        </>
      }
    >
      <ul className="space-y-2 text-sm" data-testid="service-schedules">
        {schedules.map((s) => (
          <li
            key={s.id}
            className="flex flex-wrap items-center gap-2"
            data-testid={`service-schedule-${s.id}`}
          >
            <Link className="font-medium underline" href="/schedules">
              {s.name}
            </Link>
            <code className="text-xs text-muted-foreground">{s.cron}</code>
            {s.last ? <RunStatusBadge status={s.last.status} /> : <span className="text-xs">never run</span>}
            {s.last?.status === "failed" && s.last.message && (
              <span className="text-xs text-danger">{s.last.message}</span>
            )}
            {s.paused && <span className="text-xs">paused by {s.paused.by}</span>}
            {s.next && (
              <span className="text-xs text-muted-foreground">
                next <LocalTime iso={s.next} />
              </span>
            )}
            {s.problem && <span className="text-xs text-danger">{s.problem}</span>}
          </li>
        ))}
      </ul>
    </Section>
  );
}
