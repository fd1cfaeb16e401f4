"use client";

import Link from "next/link";
import { memo, useMemo, useState } from "react";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Service } from "./apply-change";
import { formatTime } from "./service-node";
import { StateBadge } from "./state-badge";
import { severity } from "./state-style";

type SortKey = "name" | "stack" | "state" | "since" | "owner";
type Sort = { key: SortKey; dir: "asc" | "desc" };

/** In row order; columns without a sort key are not sortable. */
const COLUMNS: { key?: SortKey; label: string }[] = [
  { key: "name", label: "Service" },
  { key: "stack", label: "Stack" },
  { key: "state", label: "State" },
  { label: "Reason" },
  { key: "since", label: "Since" },
  { key: "owner", label: "Owner" },
  { label: "Tags" },
];

function compare(a: Service, b: Service, key: SortKey, stackName: (id: string) => string): number {
  switch (key) {
    case "state":
      // Impacted services sort right after the down ones they depend on.
      return severity(a.status) - severity(b.status) || Number(!!b.impactedBy) - Number(!!a.impactedBy);
    case "since":
      return a.since.localeCompare(b.since);
    case "stack":
      return stackName(a.stackId).localeCompare(stackName(b.stackId));
    case "owner":
      return (a.owner ?? "").localeCompare(b.owner ?? "");
    default:
      return a.name.localeCompare(b.name);
  }
}

const Row = memo(function Row({
  s,
  stackName,
  rootNames,
}: {
  s: Service;
  stackName: string;
  rootNames: string;
}) {
  return (
    <TableRow data-testid={`row-${s.id}`} data-state={s.status}>
      <TableCell className="font-medium">
        {/* No prefetch: a long table would prefetch every service page that scrolls by. */}
        <Link
          href={`/services/${encodeURIComponent(s.id)}`}
          prefetch={false}
          data-row-link=""
          className="rounded hover:underline"
        >
          {s.name}
        </Link>
      </TableCell>
      <TableCell>{stackName}</TableCell>
      <TableCell>
        <StateBadge state={s.status} />
      </TableCell>
      <TableCell className="max-w-md">
        <span className="line-clamp-2 break-words">{s.reason}</span>
        {s.impactedBy && (
          <span className="block text-xs font-medium text-warning">impacted by {rootNames}</span>
        )}
      </TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground">{formatTime(s.since)}</TableCell>
      <TableCell className="text-muted-foreground">{s.owner ?? "—"}</TableCell>
      <TableCell className="text-xs text-muted-foreground">{s.tags.join(", ")}</TableCell>
    </TableRow>
  );
});

/** Up/Down (and Home/End) move between the rows' links, so long lists need no Tab marathon. */
function onArrowKeys(e: React.KeyboardEvent<HTMLTableSectionElement>) {
  if (!["ArrowDown", "ArrowUp", "Home", "End"].includes(e.key)) return;
  const links = [...e.currentTarget.querySelectorAll<HTMLAnchorElement>("a[data-row-link]")];
  const i = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (i < 0) return;
  e.preventDefault();
  const next =
    e.key === "Home" ? 0 : e.key === "End" ? links.length - 1 : i + (e.key === "ArrowDown" ? 1 : -1);
  links[Math.max(0, Math.min(links.length - 1, next))]?.focus();
}

/** The map's data as rows: sortable by every column header, keyboard navigable, most broken first. */
export function ServiceTable({
  services,
  stacks,
  names,
}: {
  services: Service[];
  stacks: { id: string; name: string }[];
  names: Map<string, string>;
}) {
  const [sort, setSort] = useState<Sort>({ key: "state", dir: "asc" });
  const stackNames = useMemo(() => new Map(stacks.map((s) => [s.id, s.name])), [stacks]);
  const rows = useMemo(() => {
    const stackName = (id: string) => stackNames.get(id) ?? id;
    const sign = sort.dir === "asc" ? 1 : -1;
    return [...services].sort(
      (a, b) => sign * compare(a, b, sort.key, stackName) || a.name.localeCompare(b.name),
    );
  }, [services, sort, stackNames]);

  return (
    <Table data-testid="service-table">
      <caption className="sr-only">
        Services, sorted by {sort.key} ({sort.dir === "asc" ? "ascending" : "descending"})
      </caption>
      <TableHeader>
        <TableRow>
          {COLUMNS.map(({ key, label }) => {
            if (!key) return <TableHead key={label}>{label}</TableHead>;
            const active = sort.key === key;
            return (
              <TableHead
                key={key}
                aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}
              >
                <button
                  type="button"
                  className="inline-flex items-center gap-1 rounded hover:text-foreground"
                  onClick={() => setSort({ key, dir: active && sort.dir === "asc" ? "desc" : "asc" })}
                >
                  {label}
                  <span aria-hidden="true">{active ? (sort.dir === "asc" ? "↑" : "↓") : "↕"}</span>
                </button>
              </TableHead>
            );
          })}
        </TableRow>
      </TableHeader>
      <TableBody onKeyDown={onArrowKeys}>
        {rows.map((s) => (
          <Row
            key={s.id}
            s={s}
            stackName={stackNames.get(s.stackId) ?? s.stackId}
            rootNames={s.impactedBy?.rootCauses.map((id) => names.get(id) ?? id).join(", ") ?? ""}
          />
        ))}
      </TableBody>
    </Table>
  );
}
