"use client";

import { useCallback, useRef, useState } from "react";
import { IncidentReminders } from "@/components/incidents/incident-reminders";
import { TooltipProvider } from "@/components/ui/tooltip";
import { CommandPalette, usePaletteShortcut } from "./command-palette";
import { LiveHealthProvider } from "./live-health";
import { QueryProvider } from "./query-provider";
import { Sidebar } from "./sidebar";
import { StatusStrip } from "./status-strip";

/**
 * The frame of every console page: skip link, sidebar, the live status strip, incident reminders
 * for the person signed in, the command palette (Ctrl/Cmd-K) and the main region the skip link
 * jumps to.
 */
export function ConsoleShell({
  user,
  children,
}: {
  user: { email: string; role: string };
  children: React.ReactNode;
}) {
  const [paletteOpen, setPaletteOpen] = useState(false);
  // Where focus goes back to when the palette closes: it has no Radix trigger to return to.
  const returnFocus = useRef<HTMLElement | null>(null);
  const openPalette = useCallback(() => {
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setPaletteOpen(true);
  }, []);
  const togglePalette = useCallback(() => {
    if (paletteOpen) setPaletteOpen(false);
    else openPalette();
  }, [paletteOpen, openPalette]);
  usePaletteShortcut(togglePalette);

  return (
    <QueryProvider>
      <LiveHealthProvider>
        <TooltipProvider delayDuration={300}>
          <a
            href="#main"
            className="sr-only rounded-md bg-primary text-sm font-medium text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:px-3 focus:py-2"
          >
            Skip to content
          </a>
          <div className="flex min-h-screen">
            <Sidebar user={user} onOpenPalette={openPalette} />
            <div className="flex min-w-0 flex-1 flex-col">
              <StatusStrip />
              <IncidentReminders />
              {/* tabIndex -1: the skip link moves keyboard focus here, not just the scroll position. */}
              <main id="main" tabIndex={-1} className="min-w-0 flex-1 p-6 focus-visible:outline-none">
                {children}
              </main>
            </div>
          </div>
          <CommandPalette open={paletteOpen} onOpenChange={setPaletteOpen} returnFocus={returnFocus} />
        </TooltipProvider>
      </LiveHealthProvider>
    </QueryProvider>
  );
}
