"use client";

import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Kbd } from "@/components/ui/kbd";
import { hasFilters, type MapQuery } from "./filters";
import { STATES } from "./state-style";

const SELECT =
  "h-9 rounded-md border border-input bg-background px-2 text-sm text-foreground disabled:opacity-60";

/** True when a key press belongs to a field the user is typing in. */
function typing(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** `/` focuses the search box from anywhere on the page, except while typing in a field. */
function useSlashToSearch(input: React.RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || typing(e.target))
        return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [input]);
}

export function MapToolbar({
  query,
  onChange,
  stacks,
  tags,
  shown,
  total,
}: {
  query: MapQuery;
  onChange: (patch: Partial<MapQuery>) => void;
  stacks: { id: string; name: string }[];
  tags: string[];
  shown: number;
  total: number;
}) {
  const search = useRef<HTMLInputElement>(null);
  useSlashToSearch(search);
  return (
    <div role="search" aria-label="Filter services" className="mb-3 flex flex-wrap items-center gap-2">
      <div className="relative w-64">
        <label htmlFor="map-search" className="sr-only">
          Search services
        </label>
        <Input
          id="map-search"
          ref={search}
          type="search"
          value={query.q}
          onChange={(e) => onChange({ q: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === "Escape") e.currentTarget.blur();
          }}
          placeholder="Search name, owner, tag, reason"
          aria-keyshortcuts="/"
          className="pr-8"
        />
        <Kbd className="pointer-events-none absolute top-2 right-2" aria-hidden="true">
          /
        </Kbd>
      </div>
      <label className="sr-only" htmlFor="map-stack">
        Stack
      </label>
      <select
        id="map-stack"
        className={SELECT}
        value={query.stack}
        onChange={(e) => onChange({ stack: e.target.value })}
      >
        <option value="">All stacks</option>
        {stacks.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      <label className="sr-only" htmlFor="map-state">
        State
      </label>
      <select
        id="map-state"
        className={SELECT}
        value={query.state}
        onChange={(e) => onChange({ state: e.target.value })}
      >
        <option value="">All states</option>
        {STATES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
        <option value="impacted">impacted</option>
      </select>
      <label className="sr-only" htmlFor="map-tag">
        Tag
      </label>
      <select
        id="map-tag"
        className={SELECT}
        value={query.tag}
        onChange={(e) => onChange({ tag: e.target.value })}
        disabled={tags.length === 0 && !query.tag}
      >
        <option value="">{tags.length ? "All tags" : "No tags"}</option>
        {tags.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      {hasFilters(query) && (
        <Button variant="ghost" size="sm" onClick={() => onChange({ stack: "", state: "", tag: "", q: "" })}>
          Clear filters
        </Button>
      )}
      <p className="text-xs text-muted-foreground" aria-live="polite" data-testid="match-count">
        {shown === total ? `${total} services` : `${shown} of ${total} services`}
      </p>
      <div
        role="group"
        aria-label="View"
        className="ml-auto inline-flex rounded-md border border-border p-0.5"
      >
        {(["map", "list"] as const).map((v) => (
          <button
            key={v}
            type="button"
            aria-pressed={query.view === v}
            onClick={() => onChange({ view: v })}
            className={cn(
              "h-8 rounded px-3 text-sm",
              query.view === v
                ? "bg-accent font-semibold text-foreground"
                : "text-muted-foreground hover:text-foreground",
            )}
          >
            {v === "map" ? "Map" : "List"}
          </button>
        ))}
      </div>
    </div>
  );
}
