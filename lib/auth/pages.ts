import type { Permission } from "./permissions";

/**
 * The one table of console pages and the permission each needs. Safe for the client: the 403
 * notice looks up the page it is shown on, and the access test walks app/ and fails on a page
 * missing here. `what` completes "You need the <role> role to ...".
 */
export interface PageAccess {
  /** The route as app/ spells it, without route groups: "/services/[id]". */
  route: string;
  permission: Permission;
  title: string;
  what: string;
}

export const PAGES: readonly PageAccess[] = [
  { route: "/map", permission: "services.read", title: "Service map", what: "see the service map" },
  { route: "/services", permission: "services.read", title: "Services", what: "see the services" },
  { route: "/services/[id]", permission: "services.read", title: "Service", what: "see this service" },
  { route: "/actions", permission: "runs.read", title: "Runs", what: "see action runs" },
  { route: "/actions/runs/[id]", permission: "runs.read", title: "Run", what: "see this run" },
  { route: "/playbooks", permission: "services.read", title: "Playbooks", what: "see the playbooks" },
  // Before "/playbooks/[id]": pageFor() takes the first entry that fits a path.
  {
    route: "/playbooks/import",
    permission: "playbooks.run",
    title: "Import a runbook",
    what: "import a runbook as draft playbooks",
  },
  { route: "/playbooks/[id]", permission: "services.read", title: "Playbook", what: "see this playbook" },
  {
    route: "/playbooks/runs/[id]",
    permission: "services.read",
    title: "Playbook run",
    what: "follow this playbook run",
  },
  { route: "/incidents", permission: "services.read", title: "Incidents", what: "see the incidents" },
  { route: "/incidents/[id]", permission: "services.read", title: "Incident", what: "see this incident" },
  {
    route: "/maintenance",
    permission: "services.read",
    title: "Maintenance",
    what: "see maintenance windows",
  },
  {
    route: "/maintenance/[id]",
    permission: "services.read",
    title: "Maintenance window",
    what: "see this maintenance window",
  },
  { route: "/schedules", permission: "services.read", title: "Schedules", what: "see the schedules" },
  { route: "/artifacts", permission: "services.read", title: "Artifacts", what: "see backups and snapshots" },
  { route: "/audit", permission: "audit.read", title: "Audit", what: "read the audit log" },
  {
    route: "/audit/verify",
    permission: "audit.verify",
    title: "Verify the audit log",
    what: "verify the audit log",
  },
  { route: "/settings", permission: "services.read", title: "Settings", what: "see the settings" },
  {
    route: "/settings/users",
    permission: "users.manage",
    title: "Users and tokens",
    what: "manage users and API tokens",
  },
];

/** The entry for a browser path ("/services/web" matches "/services/[id]"), if any. */
export function pageFor(pathname: string): PageAccess | undefined {
  const parts = pathname.split("?")[0].replace(/\/+$/, "").split("/");
  return PAGES.find((p) => {
    const pattern = p.route.split("/");
    return (
      pattern.length === parts.length && pattern.every((seg, i) => seg.startsWith("[") || seg === parts[i])
    );
  });
}

export function pageAccess(route: string): PageAccess {
  const page = PAGES.find((p) => p.route === route);
  if (!page) throw new Error(`no entry for the page ${route} in lib/auth/pages.ts`);
  return page;
}
