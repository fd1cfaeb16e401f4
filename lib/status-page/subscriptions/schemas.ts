import { z } from "zod";
import { issuesMessage } from "@/lib/errors";

/**
 * What the public subscribe form may send: an email address, a webhook URL, or both, and
 * optionally the components to hear about (none: the whole page). Everything else is ignored.
 * Safe for the client.
 */

export const SUBSCRIBER_KINDS = ["email", "webhook"] as const;
export type SubscriberKind = (typeof SUBSCRIBER_KINDS)[number];

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const subscribeInputSchema = z
  .object({
    email: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .max(254, "that email address is too long")
        .pipe(z.email("that is not an email address"))
        .transform((v) => v.toLowerCase())
        .optional(),
    ),
    webhook: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .max(2000, "that webhook URL is too long")
        .pipe(z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" }))
        .refine(
          (v) => !new URL(v).username && !new URL(v).password,
          "a webhook URL may not hold a user name or password",
        )
        .optional(),
    ),
    components: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "unknown component"))
      .max(100)
      .default([])
      .transform((ids) => [...new Set(ids)]),
  })
  .refine((v) => v.email !== undefined || v.webhook !== undefined, {
    message: "give an email address or a webhook URL",
    path: [],
  });
export type SubscribeInput = z.output<typeof subscribeInputSchema>;

/** The form's fields as the schema reads them (`components` may repeat). */
export function subscribeFields(body: URLSearchParams | undefined): unknown {
  return {
    email: body?.get("email") ?? undefined,
    webhook: body?.get("webhook") ?? undefined,
    components: (body?.getAll("components") ?? [])
      .flatMap((v) => v.split(","))
      .map((v) => v.trim())
      .filter(Boolean),
  };
}

export function parseSubscribeInput(
  body: URLSearchParams | undefined,
): { ok: true; input: SubscribeInput } | { ok: false; message: string } {
  const result = subscribeInputSchema.safeParse(subscribeFields(body));
  return result.success
    ? { ok: true, input: result.data }
    : { ok: false, message: issuesMessage(result.error.issues, "form") };
}

/** A token from a link: base64url and dots, bounded. */
export const tokenSchema = z.string().regex(/^[A-Za-z0-9_.-]{16,200}$/);
