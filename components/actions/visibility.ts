import type { ActionView } from "@/lib/actions/schemas";
import { can, isPermission } from "@/lib/auth/permissions";
import { isRole } from "@/lib/auth/roles";

export interface ShownAction {
  action: ActionView;
  /** Greyed out with its reason: the role could run it, but configuration turned it off. */
  disabled: boolean;
}

/**
 * Which actions a person sees: the ones they may run, and the ones they could run if the
 * configuration allowed it (greyed, with the reason). Anything else is not theirs to see.
 */
export function shownActions(actions: readonly ActionView[], role: string | null | undefined): ShownAction[] {
  const r = isRole(role) ? role : null;
  return actions.flatMap((action): ShownAction[] => {
    if (action.allowed) return [{ action, disabled: false }];
    if (isPermission(action.permission) && can(r, action.permission)) return [{ action, disabled: true }];
    return [];
  });
}
