"use client";

import Link from "next/link";
import { signOut } from "next-auth/react";
import { QueryProvider } from "./query-provider";
import { StatusStrip } from "./status-strip";

const NAV = [
  { href: "/map", label: "Service map" },
  { href: "/services", label: "Services" },
  { href: "/incidents", label: "Incidents" },
  { href: "/playbooks", label: "Playbooks" },
  { href: "/audit", label: "Audit" },
  { href: "/settings", label: "Settings" },
];

export function ConsoleShell({
  user,
  children,
}: {
  user: { email: string; role: string };
  children: React.ReactNode;
}) {
  return (
    <QueryProvider>
      <div className="flex min-h-screen">
        <nav aria-label="Main" className="w-52 shrink-0 border-r border-zinc-200 p-4 dark:border-zinc-800">
          <p className="mb-6 text-lg font-semibold">Opsdeck</p>
          <ul className="space-y-1">
            {NAV.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  className="block rounded px-2 py-1.5 text-sm hover:bg-zinc-100 focus:outline-2 focus:outline-blue-600 dark:hover:bg-zinc-900"
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
          <div className="mt-8 border-t border-zinc-200 pt-4 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
            <p className="truncate" title={user.email}>
              {user.email}
            </p>
            <p>role: {user.role}</p>
            <button
              type="button"
              onClick={() => signOut({ callbackUrl: "/login" })}
              className="mt-2 underline focus:outline-2 focus:outline-blue-600"
            >
              Sign out
            </button>
          </div>
        </nav>
        <div className="flex min-w-0 flex-1 flex-col">
          <StatusStrip />
          <main className="flex-1 p-6">{children}</main>
        </div>
      </div>
    </QueryProvider>
  );
}
