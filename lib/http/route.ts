import "server-only";
import { randomUUID } from "node:crypto";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/infra/logger";

/**
 * Wraps a route handler: AppErrors become their status and message; anything else is logged
 * with a request id and answered with a generic error that quotes the id.
 */
export function route<A extends unknown[]>(fn: (req: Request, ...rest: A) => Promise<Response>) {
  return async (req: Request, ...rest: A): Promise<Response> => {
    try {
      return await fn(req, ...rest);
    } catch (error) {
      if (isAppError(error)) {
        return Response.json(
          { error: { code: error.code, message: error.message } },
          { status: error.status },
        );
      }
      const requestId = randomUUID();
      log.error("request failed", {
        requestId,
        path: new URL(req.url).pathname,
        error: error instanceof Error ? error.stack : String(error),
      });
      return Response.json(
        { error: { code: "internal", message: `something went wrong (request id ${requestId})`, requestId } },
        { status: 500 },
      );
    }
  };
}
