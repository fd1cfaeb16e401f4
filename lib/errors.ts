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
    readonly code: "not_found" | "forbidden" | "conflict" | "validation" | "unavailable" | "unauthorized",
    readonly status: number,
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
  constructor(message: string) {
    super(message, "forbidden", 403);
  }
}
export class Conflict extends AppError {
  constructor(message: string) {
    super(message, "conflict", 409);
  }
}
export class Validation extends AppError {
  constructor(message: string) {
    super(message, "validation", 400);
  }
}
export class Unavailable extends AppError {
  constructor(message: string) {
    super(message, "unavailable", 503);
  }
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
