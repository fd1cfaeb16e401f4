/**
 * The one error family whose messages reach users. Anything else is logged with a request id
 * and shown as a generic error quoting that id.
 */
// A brand rather than instanceof alone: bundlers may load this module more than once (server
// actions get their own layer), and an AppError from one copy must still be recognised.
const BRAND = Symbol.for("opsdeck.AppError");

export class AppError extends Error {
  readonly [BRAND] = true;
  constructor(
    message: string,
    readonly code:
      | "not_found"
      | "forbidden"
      | "conflict"
      | "validation"
      | "unavailable"
      | "unauthorized"
      | "too_large"
      | "rate_limited",
    readonly status: number,
    /** Why a request was refused, in the audit record's words ("target locked"); see refusalReason. */
    readonly reason?: string,
  ) {
    super(message);
  }
}
export class NotFound extends AppError {
  constructor(message: string) {
    super(message, "not_found", 404);
  }
}
export class Unauthorized extends AppError {
  constructor(message = "sign in first") {
    super(message, "unauthorized", 401);
  }
}
export class Forbidden extends AppError {
  constructor(message: string, reason?: string) {
    super(message, "forbidden", 403, reason);
  }
}
export class Conflict extends AppError {
  constructor(message: string, reason?: string) {
    super(message, "conflict", 409, reason);
  }
}
export class Validation extends AppError {
  constructor(message: string, reason?: string) {
    super(message, "validation", 400, reason);
  }
}
export class TooLarge extends AppError {
  constructor(message: string) {
    super(message, "too_large", 413, "request too large");
  }
}
export class RateLimited extends AppError {
  constructor(message: string) {
    super(message, "rate_limited", 429, "rate limited");
  }
}
export class Unavailable extends AppError {
  constructor(message: string) {
    super(message, "unavailable", 503);
  }
}

const DEFAULT_REASONS: Record<AppError["code"], string> = {
  unauthorized: "not signed in",
  forbidden: "permission denied",
  validation: "invalid parameters",
  not_found: "not found",
  conflict: "conflict",
  too_large: "request too large",
  rate_limited: "rate limited",
  unavailable: "unavailable",
};

/** The refusal's reason as the audit log states it: the thrower's, else the code's. */
export function refusalReason(error: AppError): string {
  return error.reason ?? DEFAULT_REASONS[error.code];
}

export function isAppError(error: unknown): error is AppError {
  return typeof error === "object" && error !== null && (error as { [BRAND]?: boolean })[BRAND] === true;
}

/**
 * Validation issues as one message, the field first ("params.replicas: expected a number ≤ 20")
 * so the user knows where; `where` names an issue without a path (the whole input).
 */
export function issuesMessage(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  where = "input",
  prefix = "",
): string {
  return issues
    .slice(0, 5)
    .map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join(".") || where}: ${i.message}`)
    .join("; ");
}
