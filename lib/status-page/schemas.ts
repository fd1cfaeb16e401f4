import { z } from "zod";
import { labelSchema } from "@/lib/catalog/label";
import { timeZoneSchema } from "@/lib/schedules/schemas";

/**
 * Status pages in opsdeck.yml (`statusPages:`): public pages of components mapped to services.
 * Only what is written here (names, descriptions, title, logo) is ever shown, never a service's
 * own name, id or details. Safe for the client.
 */

export const pageIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "expected lowercase letters, digits and '-' (max 63), used in the URL");

const publicText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, "control characters are not allowed");

const componentFields = {
  /** Slug in URLs and badges; from the name when absent. */
  id: pageIdSchema.optional(),
  name: labelSchema.min(1, "a component needs a public name"),
  description: publicText(500).optional(),
};

export const leafComponentSchema = z.strictObject({
  ...componentFields,
  /** The services (ids) whose health makes this component's status. */
  services: z.array(z.string().min(1)).min(1, "name at least one service"),
});

export const groupComponentSchema = z.strictObject({
  ...componentFields,
  /** A group: its status is its worst child's, and it opens by itself when one is not operational. */
  components: z.array(leafComponentSchema).min(1, "a group needs at least one component"),
});

export const componentSchema = z.union([groupComponentSchema, leafComponentSchema]);

export const pageAccessSchema = z
  .union([
    z.literal("public"),
    z.strictObject({
      /** A shared password (use ${ENV_VAR}); viewers type it once per browser session. */
      password: z.string().min(8, "a page password needs at least 8 characters"),
    }),
  ])
  .default("public");

/** Who may subscribe to a page's updates, and how (lib/status-page/subscriptions). */
export const pageSubscriptionsSchema = z
  .strictObject({
    /** Email sign-ups with double opt-in; needs `settings.mail`. */
    email: z.boolean().default(false),
    /** Webhook sign-ups: a JSON POST per event to the URL given. */
    webhook: z.boolean().default(false),
    /** false: no new sign-ups; existing subscribers are still notified. */
    open: z.boolean().default(true),
    /**
     * Webhooks to private, loopback or link-local addresses (a page inside a private network);
     * refused by default, checked on the resolved address at each delivery.
     */
    allowPrivateWebhooks: z.boolean().default(false),
  })
  .prefault({});

export const statusPageSchema = z.strictObject({
  id: pageIdSchema.refine((id) => id !== "pages", {
    message: '"pages" is the index of pages (/status/pages); choose another id',
  }),
  title: labelSchema.min(1),
  description: publicText(1000).optional(),
  /** An absolute https URL, or a path the console serves. */
  logo: z
    .string()
    .max(500)
    .regex(
      /^(https:\/\/[^\s"'<>]+|\/(?![/\\])[^\s"'<>]*)$/,
      "expected an https:// URL or a path starting with a single /",
    )
    .optional(),
  /** Brand colour for the header, as #rrggbb. */
  accent: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour like "#2563eb"')
    .optional(),
  /** Days of the uptime bars are counted in this zone. */
  timeZone: timeZoneSchema.default("UTC"),
  /**
   * A host name of its own (e.g. status.acme.com, pointed at the console or the status process):
   * requests for that host get this page at `/` and nothing of the console.
   */
  domain: z
    .string()
    .toLowerCase()
    .regex(
      /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
      "expected a host name like status.acme.com",
    )
    .optional(),
  /** The page served at /status (the first page when none says so). */
  default: z.boolean().default(false),
  access: pageAccessSchema,
  components: z.array(componentSchema).min(1, "a page needs at least one component"),
  subscriptions: pageSubscriptionsSchema,
});

export type StatusPageConfig = z.output<typeof statusPageSchema>;
export type PageSubscriptions = z.output<typeof pageSubscriptionsSchema>;
export type ComponentConfig = z.output<typeof componentSchema>;
export type LeafComponentConfig = z.output<typeof leafComponentSchema>;

export function isGroup(c: ComponentConfig): c is z.output<typeof groupComponentSchema> {
  return "components" in c;
}

/** A slug from a public name: "Search API" → "search-api". */
export function slugOf(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63);
  return slug || "component";
}
