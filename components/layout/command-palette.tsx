"use client";

import { useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Kbd } from "@/components/ui/kbd";
import type { MapSnapshot } from "@/lib/monitor/snapshot";
import { useLiveHealth } from "./live-health";
import { NAV_ITEMS } from "./nav-items";
import { useSessionRole } from "@/components/actions/use-actions";
import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import type { PlaybookSummary } from "@/lib/playbooks/queries";

const STATE_ICON: Record<string, string> = {
  up: "●",
  degraded: "◆",
  down: "▲",
  unknown: "?",
  maintenance: "■",
};

const ITEM =
  "flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm data-[selected=true]:bg-accent data-[selected=true]:text-accent-foreground";

/** Ctrl/Cmd-K from anywhere in the console toggles the palette. */
export function usePaletteShortcut(toggle: () => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() === "k" && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
        e.preventDefault();
        toggle();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [toggle]);
}

/**
 * Jump to any page or service by typing. Services come from the live stream; if the stream
 * has no snapshot yet (or is blocked), one GET /api/v1/map fills in while the palette is open.
 */
export function CommandPalette({
  open,
  onOpenChange,
  returnFocus,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Focused again on close (if still in the page), as a dialog trigger would be. */
  returnFocus: React.RefObject<HTMLElement | null>;
}) {
  const router = useRouter();
  const navigating = useRef(false);
  const { snapshot } = useLiveHealth();
  const role = useSessionRole();
  const mayDeclare = can(role.data as Role | undefined, "incidents.manage");
  const fallback = useQuery({
    queryKey: ["map-snapshot"],
    queryFn: async (): Promise<MapSnapshot> => {
      const res = await fetch("/api/v1/map", { cache: "no-store" });
      if (!res.ok) throw new Error(`GET /api/v1/map answered ${res.status}`);
      return res.json();
    },
    enabled: open && !snapshot,
  });
  const mayRun = can(role.data as Role | undefined, "playbooks.run");
  // Playbooks are read when the palette opens, so a file saved a minute ago is there.
  const playbooks = useQuery({
    queryKey: ["palette-playbooks"],
    queryFn: async (): Promise<PlaybookSummary[]> => {
      const res = await fetch("/api/v1/playbooks", { cache: "no-store" });
      if (!res.ok) throw new Error(`GET /api/v1/playbooks answered ${res.status}`);
      return (await res.json()).playbooks;
    },
    enabled: open && mayRun,
    staleTime: 10_000,
  });
  const map = snapshot ?? fallback.data;
  const stackNames = new Map(map?.stacks.map((s) => [s.id, s.name]) ?? []);

  const go = (href: string) => {
    navigating.current = true;
    onOpenChange(false);
    router.push(href);
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        showClose={false}
        className="max-w-xl overflow-hidden p-0"
        aria-describedby="palette-help"
        onCloseAutoFocus={(e) => {
          // After a jump, focus starts in the new page's content; otherwise where it was before.
          const target = navigating.current
            ? document.getElementById("main")
            : returnFocus.current?.isConnected
              ? returnFocus.current
              : null;
          navigating.current = false;
          if (target) {
            e.preventDefault();
            target.focus();
          }
        }}
      >
        <DialogTitle className="sr-only">Command palette</DialogTitle>
        <DialogDescription id="palette-help" className="sr-only">
          Type a page, playbook or service name, move with the arrow keys, press Enter to go, Escape to close.
        </DialogDescription>
        <Command label="Jump to a page or service" loop vimBindings={false} className="flex flex-col">
          <Command.Input
            placeholder="Jump to a page or service…"
            className="h-12 w-full border-b border-border bg-transparent px-4 text-sm outline-none placeholder:text-muted-foreground"
          />
          <Command.List label="Pages and services" className="max-h-[min(60vh,24rem)] overflow-y-auto p-2">
            <Command.Empty className="px-2 py-6 text-center text-sm text-muted-foreground">
              Nothing matches.
            </Command.Empty>
            <Command.Group
              heading="Pages"
              className="[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:text-muted-foreground"
            >
              {NAV_ITEMS.map((item) => (
                <Command.Item
                  key={item.href}
                  value={`page ${item.label}`}
                  keywords={[item.hint]}
                  onSelect={() => go(item.href)}
                  className={ITEM}
                >
                  <span className="flex-1">{item.label}</span>
                  <span className="text-xs text-muted-foreground">{item.hint}</span>
                </Command.Item>
              ))}
            </Command.Group>
            {mayDeclare && (
              <Command.Group
                heading="Do"
                className="[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:text-muted-foreground"
              >
                <Command.Item
                  value="do declare an incident"
                  keywords={["incident", "outage", "declare", "sev"]}
                  onSelect={() => go("/incidents?declare=1")}
                  className={ITEM}
                >
                  <span className="flex-1">Declare an incident</span>
                  <span className="text-xs text-muted-foreground">title, severity, services</span>
                </Command.Item>
              </Command.Group>
            )}
            <Command.Group
              heading="Services"
              className="[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:text-muted-foreground"
            >
              {!map && (
                <Command.Loading label="Loading services">
                  <p className="px-2 py-1.5 text-sm text-muted-foreground">
                    {fallback.isError ? "Could not load the services." : "Loading services…"}
                  </p>
                </Command.Loading>
              )}
              {map?.services.map((s) => (
                <Command.Item
                  key={s.id}
                  value={`service ${s.id}`}
                  keywords={[s.name, stackNames.get(s.stackId) ?? s.stackId, s.status, ...s.tags]}
                  onSelect={() => go(`/services/${encodeURIComponent(s.id)}`)}
                  className={ITEM}
                >
                  <span className="flex-1 truncate">
                    {s.name}
                    <span className="ml-2 text-xs text-muted-foreground">
                      {stackNames.get(s.stackId) ?? s.stackId}
                    </span>
                  </span>
                  <Badge tone={(s.status in STATE_ICON ? s.status : "unknown") as BadgeTone}>
                    <span aria-hidden="true">{STATE_ICON[s.status] ?? "?"}</span>
                    {s.status}
                  </Badge>
                </Command.Item>
              ))}
            </Command.Group>
            {mayRun && (playbooks.data?.length ?? 0) > 0 && (
              <Command.Group
                heading="Start a playbook"
                className="[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:text-muted-foreground"
              >
                {playbooks.data!.map((p) => (
                  <Command.Item
                    key={p.id}
                    value={`playbook ${p.id}`}
                    keywords={[
                      p.title,
                      "playbook",
                      "runbook",
                      ...(p.summary ? [p.summary] : []),
                      ...p.services,
                    ]}
                    // The playbook's page has the start form: severity, service, incident.
                    onSelect={() => go(`/playbooks/${encodeURIComponent(p.id)}#start`)}
                    className={ITEM}
                  >
                    <span className="flex-1 truncate">
                      {p.title}
                      {p.matches.length > 0 && (
                        <span className="ml-2 text-xs text-muted-foreground">
                          suggested for {p.matches.map((m) => m.service).join(", ")}
                        </span>
                      )}
                    </span>
                    {p.problems.length > 0 ? (
                      <Badge tone="down">cannot start</Badge>
                    ) : (
                      p.severity && <Badge tone="neutral">{p.severity}</Badge>
                    )}
                  </Command.Item>
                ))}
              </Command.Group>
            )}
          </Command.List>
          <p
            className="flex gap-3 border-t border-border px-4 py-2 text-xs text-muted-foreground"
            aria-hidden="true"
          >
            <span>
              <Kbd>↑</Kbd> <Kbd>↓</Kbd> move
            </span>
            <span>
              <Kbd>Enter</Kbd> go
            </span>
            <span>
              <Kbd>Esc</Kbd> close
            </span>
          </p>
        </Command>
      </DialogContent>
    </Dialog>
  );
}
