import { z } from "zod";
import { ROLES, type Role } from "@/lib/auth/roles";

/** Safe for the client: inputs of the user and token verbs, and the views the settings page shows. */

export const MIN_PASSWORD_LENGTH = 12;

const id = (field: string) =>
  z
    .string({ error: `expected the ${field} as a string` })
    .trim()
    .min(1, { error: `expected the ${field}` })
    .max(100, { error: `${field} is too long` });

const role = z.enum(ROLES, { error: `expected one of ${ROLES.join(", ")}` });

/** A blank field means "generate one for me", so forms can send the empty input as is. */
const optionalPassword = z.preprocess(
  (v) => (v === "" || v === null ? undefined : v),
  z
    .string({ error: "expected a string" })
    .min(MIN_PASSWORD_LENGTH, { error: `expected at least ${MIN_PASSWORD_LENGTH} characters` })
    .max(512, { error: "expected at most 512 characters" })
    .optional(),
);

export const emailSchema = z
  .string({ error: "expected an email address" })
  .trim()
  .toLowerCase()
  .max(254, { error: "expected at most 254 characters" })
  .pipe(z.email({ error: "expected an email address" }));

export const createUserInputSchema = z.strictObject({
  email: emailSchema,
  name: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string({ error: "expected a string" })
      .trim()
      .max(100, { error: "expected at most 100 characters" })
      .optional(),
  ),
  role,
  password: optionalPassword,
});
export type CreateUserInput = z.input<typeof createUserInputSchema>;

export const changeRoleInputSchema = z.strictObject({ userId: id("user id"), role });
export type ChangeRoleInput = z.input<typeof changeRoleInputSchema>;

export const setDisabledInputSchema = z.strictObject({
  userId: id("user id"),
  disabled: z.boolean({ error: "expected true or false" }),
});
export type SetDisabledInput = z.input<typeof setDisabledInputSchema>;

/** PATCH /api/v1/users/:id: a new role, a disabled flag, or both. */
export const updateUserInputSchema = z
  .strictObject({
    userId: id("user id"),
    role: role.optional(),
    disabled: z.boolean({ error: "expected true or false" }).optional(),
  })
  .refine((v) => v.role !== undefined || v.disabled !== undefined, { error: "expected role or disabled" });

export const userRefInputSchema = z.strictObject({ userId: id("user id") });
export type UserRefInput = z.input<typeof userRefInputSchema>;

export const resetPasswordInputSchema = z.strictObject({ userId: id("user id"), password: optionalPassword });
export type ResetPasswordInput = z.input<typeof resetPasswordInputSchema>;

export const MAX_TOKEN_DAYS = 3650;

export const createTokenInputSchema = z.strictObject({
  name: z
    .string({ error: "expected a name" })
    .trim()
    .min(1, { error: "expected a name" })
    .max(100, { error: "expected at most 100 characters" }),
  role,
  /** Days until the token stops working; absent or blank for a token that does not expire. */
  expiresInDays: z.preprocess(
    (v) => (v === "" || v === null ? undefined : v),
    z.coerce
      .number({ error: "expected a number of days" })
      .int({ error: "expected a whole number of days" })
      .min(1, { error: "expected at least 1 day" })
      .max(MAX_TOKEN_DAYS, { error: `expected at most ${MAX_TOKEN_DAYS} days` })
      .optional(),
  ),
});
export type CreateTokenInput = z.input<typeof createTokenInputSchema>;

export const tokenRefInputSchema = z.strictObject({ tokenId: id("token id") });
export type TokenRefInput = z.input<typeof tokenRefInputSchema>;

export interface UserView {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export type TokenStatus = "active" | "expired" | "revoked";

export interface TokenView {
  id: string;
  name: string;
  /** The first characters of the secret, to recognise the token; never the secret. */
  prefix: string;
  role: Role;
  createdAt: string;
  /** Email of the user who made it, or the token's creator id when that user is gone. */
  createdBy: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  status: TokenStatus;
}

/** What a server action answers: expected failures are values, not thrown errors. */
export type { VerbResult as ActionResult } from "@/lib/http/result";
