import type { OpsdeckConfig } from "@/lib/catalog/schemas";

/**
 * What a page offers subscribers, from the config: email only when the page asks for it and
 * settings.mail says how to send; sign-ups only while open. Pure; safe for the client.
 */

export interface PagePolicy {
  email: boolean;
  webhook: boolean;
  /** New sign-ups accepted (existing subscribers are notified either way). */
  open: boolean;
  allowPrivateWebhooks: boolean;
}

export function pagePolicy(config: OpsdeckConfig | null, pageId: string): PagePolicy | null {
  const page = config?.statusPages.find((p) => p.id === pageId);
  if (!config || !page) return null;
  const s = page.subscriptions;
  return {
    email: s.email && config.settings.mail !== undefined,
    webhook: s.webhook,
    open: s.open,
    allowPrivateWebhooks: s.allowPrivateWebhooks,
  };
}

/** The fields of the page's subscribe form; none (no form) when sign-ups are closed or off. */
export function signupForm(
  config: OpsdeckConfig | null,
  pageId: string,
): { email: boolean; webhook: boolean } | undefined {
  const p = pagePolicy(config, pageId);
  if (!p || !p.open || (!p.email && !p.webhook)) return undefined;
  return { email: p.email, webhook: p.webhook };
}
