"use client";

import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { ActionDialog } from "@/components/actions/action-dialog";
import { useServiceActions, useSessionRole } from "@/components/actions/use-actions";
import { shownActions } from "@/components/actions/visibility";
import { cn } from "@/components/ui/cn";
import type { ActionView } from "@/lib/actions/schemas";
import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";

export interface MenuTarget {
  serviceId: string;
  serviceName: string;
  /** Viewport coordinates: the pointer, or the focused node's corner. */
  x: number;
  y: number;
  /** The node to give focus back to (keyboard). */
  returnTo: HTMLElement | null;
}

const ITEM =
  "block w-full rounded px-2 py-1.5 text-left text-sm outline-none focus-visible:bg-accent focus-visible:outline-none hover:bg-accent";

/**
 * A node's context menu (right-click, or the ContextMenu key / Shift+F10 on a focused node):
 * the service's actions this person may see, opening the same dialog as the service page.
 */
export function NodeActionsMenu({ target, onClose }: { target: MenuTarget | null; onClose: () => void }) {
  const [dialog, setDialog] = useState<{ action: ActionView; target: MenuTarget; open: boolean } | null>(
    null,
  );
  return (
    <>
      {target && (
        <Menu
          key={`${target.serviceId}:${target.x}:${target.y}`}
          target={target}
          onClose={onClose}
          onPick={(action) => {
            onClose();
            setDialog({ action, target, open: true });
          }}
        />
      )}
      {dialog && (
        <ActionDialog
          action={dialog.action}
          serviceName={dialog.target.serviceName}
          open={dialog.open}
          onOpenChange={(open) => setDialog((d) => (d ? { ...d, open } : d))}
          returnFocus={() => dialog.target.returnTo?.focus()}
        />
      )}
    </>
  );
}

function Menu({
  target,
  onClose,
  onPick,
}: {
  target: MenuTarget;
  onClose: () => void;
  onPick: (action: ActionView) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const role = useSessionRole();
  const actions = useServiceActions(target.serviceId);
  const shown = actions.data && role.isSuccess ? shownActions(actions.data, role.data) : null;
  const [pos, setPos] = useState({ left: target.x, top: target.y });

  // Keep the whole menu on screen, and start keyboard use on its first item.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const { width, height } = el.getBoundingClientRect();
    setPos({
      left: Math.max(4, Math.min(target.x, window.innerWidth - width - 4)),
      top: Math.max(4, Math.min(target.y, window.innerHeight - height - 4)),
    });
  }, [target.x, target.y, shown?.length]);
  useEffect(() => {
    if (!ref.current?.contains(document.activeElement)) items(ref.current)[0]?.focus();
  }, [shown?.length]);
  useEffect(() => {
    const away = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    document.addEventListener("pointerdown", away, true);
    return () => document.removeEventListener("pointerdown", away, true);
  }, [onClose]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    const list = items(ref.current);
    const at = list.indexOf(document.activeElement as HTMLElement);
    const move = (i: number) => {
      event.preventDefault();
      list[(i + list.length) % list.length]?.focus();
    };
    if (event.key === "ArrowDown") move(at + 1);
    else if (event.key === "ArrowUp") move(at - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(list.length - 1);
    else if (event.key === "Escape" || event.key === "Tab") {
      event.preventDefault();
      onClose();
      target.returnTo?.focus();
    }
  };

  return createPortal(
    <div
      ref={ref}
      role="menu"
      aria-label={`Actions for ${target.serviceName}`}
      data-testid="node-actions-menu"
      onKeyDown={onKeyDown}
      style={{ left: pos.left, top: pos.top }}
      className="fixed z-50 max-h-[60vh] w-64 overflow-y-auto rounded-md border border-border bg-background p-1 text-foreground shadow-xl"
    >
      <p className="truncate px-2 pt-1 pb-1.5 text-xs font-semibold text-muted-foreground" aria-hidden="true">
        {target.serviceName}
      </p>
      <a
        role="menuitem"
        tabIndex={-1}
        href={`/services/${encodeURIComponent(target.serviceId)}`}
        className={ITEM}
      >
        Open service page
      </a>
      {can(role.data as Role | undefined, "incidents.manage") && (
        <a
          role="menuitem"
          tabIndex={-1}
          href={`/incidents?declare=1&service=${encodeURIComponent(target.serviceId)}`}
          className={ITEM}
        >
          Declare an incident
        </a>
      )}
      <div role="separator" className="my-1 border-t border-border" />
      {actions.error ? (
        <p role="none" className="px-2 py-1.5 text-sm text-danger">
          {actions.error.message}
        </p>
      ) : !shown ? (
        <p role="none" className="px-2 py-1.5 text-sm text-muted-foreground">
          Loading actions…
        </p>
      ) : shown.length === 0 ? (
        <p role="none" className="px-2 py-1.5 text-sm text-muted-foreground">
          No actions you can run here.
        </p>
      ) : (
        shown.map(({ action, disabled }) => (
          <button
            key={action.id}
            type="button"
            role="menuitem"
            tabIndex={-1}
            aria-disabled={disabled || undefined}
            title={disabled ? action.disabledReason : action.description}
            onClick={() => !disabled && onPick(action)}
            className={cn(ITEM, disabled && "cursor-not-allowed text-muted-foreground")}
          >
            {action.title}
            {disabled && action.disabledReason && (
              <span className="block text-xs text-muted-foreground">{action.disabledReason}</span>
            )}
          </button>
        ))
      )}
    </div>,
    document.body,
  );
}

const items = (menu: HTMLElement | null): HTMLElement[] =>
  menu ? [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')] : [];
