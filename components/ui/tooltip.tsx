"use client";

import * as TooltipPrimitive from "@radix-ui/react-tooltip";
import { cn } from "./cn";

/**
 * Radix tooltip: opens on hover and on keyboard focus, closes on Escape. Mount one
 * TooltipProvider near the root (the console shell does). A tooltip only repeats or extends
 * what is there: never put the only copy of important information in one.
 */
export const TooltipProvider = TooltipPrimitive.Provider;
export const Tooltip = TooltipPrimitive.Root;
export const TooltipTrigger = TooltipPrimitive.Trigger;

export function TooltipContent({
  className,
  sideOffset = 6,
  ...props
}: React.ComponentProps<typeof TooltipPrimitive.Content>) {
  return (
    <TooltipPrimitive.Portal>
      <TooltipPrimitive.Content
        sideOffset={sideOffset}
        className={cn(
          "z-50 max-w-xs rounded-md bg-zinc-900 px-2.5 py-1.5 text-xs text-zinc-50 shadow-md dark:bg-zinc-100 dark:text-zinc-900",
          className,
        )}
        {...props}
      />
    </TooltipPrimitive.Portal>
  );
}
