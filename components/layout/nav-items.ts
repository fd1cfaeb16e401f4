/**
 * The console's pages, in sidebar order; the command palette offers the same list. Services
 * is the map's list view (the map helper's filters keep `view=list` in the URL), so both
 * entries live under /map and are told apart by that parameter.
 */
export const NAV_ITEMS = [
  { href: "/map", label: "Service map", hint: "every stack and service, live" },
  { href: "/map?view=list", label: "Services", hint: "the same data as rows" },
  { href: "/actions", label: "Actions", hint: "runs of runbook actions and their output" },
  { href: "/incidents", label: "Incidents", hint: "declared incidents and their timelines" },
  { href: "/playbooks", label: "Playbooks", hint: "step-by-step procedures" },
  { href: "/maintenance", label: "Maintenance", hint: "planned windows: no incidents, uptime left out" },
  { href: "/schedules", label: "Schedules", hint: "backups, checklists and restarts that run by themselves" },
  { href: "/artifacts", label: "Artifacts", hint: "backups and snapshots, kept and downloadable" },
  { href: "/audit", label: "Audit", hint: "who did what, and when" },
  { href: "/settings", label: "Settings", hint: "users, roles, tokens, configuration" },
] as const;

type NavHref = (typeof NAV_ITEMS)[number]["href"];

/** True when the current location belongs to the entry (/services/web belongs to Services). */
export function isActive(pathname: string, view: string | null, href: NavHref): boolean {
  if (href === "/map") return pathname === "/map" && view !== "list";
  if (href === "/map?view=list")
    return (
      (pathname === "/map" && view === "list") ||
      pathname === "/services" ||
      pathname.startsWith("/services/")
    );
  return pathname === href || pathname.startsWith(`${href}/`);
}
