"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { signOut } from "next-auth/react";
import { cn } from "@/components/ui/cn";
import { Kbd } from "@/components/ui/kbd";
import { isActive, NAV_ITEMS } from "./nav-items";

/** Main navigation: the current page is marked for eyes (color, bar) and for screen readers. */
export function Sidebar({
  user,
  onOpenPalette,
}: {
  user: { email: string; role: string };
  onOpenPalette: () => void;
}) {
  const pathname = usePathname() ?? "";
  const view = useSearchParams()?.get("view") ?? null;
  return (
    <aside className="sticky top-0 flex h-screen w-56 shrink-0 flex-col border-r border-border bg-surface">
      <p className="px-4 pt-4 pb-3 text-lg font-semibold tracking-tight">Opsdeck</p>
      <div className="px-3 pb-3">
        <button
          type="button"
          onClick={onOpenPalette}
          aria-haspopup="dialog"
          aria-keyshortcuts="Control+K Meta+K"
          className="flex h-8 w-full items-center gap-2 rounded-md border border-border bg-background px-2 text-left text-sm text-muted-foreground hover:bg-accent"
        >
          <span className="flex-1">Jump to…</span>
          <Kbd>Ctrl K</Kbd>
        </button>
      </div>
      <nav aria-label="Main" className="flex-1 overflow-y-auto px-3">
        <ul className="space-y-0.5">
          {NAV_ITEMS.map((item) => {
            const active = isActive(pathname, view, item.href);
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  aria-current={active ? "page" : undefined}
                  className={cn(
                    "block rounded-md border-l-2 px-2 py-1.5 text-sm",
                    active
                      ? "border-primary bg-accent font-semibold text-foreground"
                      : "border-transparent text-muted-foreground hover:bg-accent hover:text-foreground",
                  )}
                >
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="border-t border-border p-4 text-xs text-muted-foreground">
        <p className="truncate text-foreground" title={user.email}>
          {user.email}
        </p>
        <p>Role: {user.role}</p>
        <button
          type="button"
          onClick={() => signOut({ callbackUrl: "/login" })}
          className="mt-2 rounded underline underline-offset-2 hover:text-foreground"
        >
          Sign out
        </button>
      </div>
    </aside>
  );
}
