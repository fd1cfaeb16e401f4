import { z } from "zod";
import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { decodeRunCursor } from "@/lib/actions/queries";
import { readRuns } from "@/lib/actions/read-run";
import { RUN_STATUSES } from "@/lib/actions/schemas";
import { issuesMessage, Validation } from "@/lib/errors";

export const dynamic = "force-dynamic";

const querySchema = z.strictObject({
  serviceId: z.string().max(200).optional(),
  status: z.enum(RUN_STATUSES).optional(),
  before: z.coerce.date().optional(),
  cursor: z
    .string()
    .max(200)
    .transform((text, ctx) => {
      const cursor = decodeRunCursor(text);
      if (!cursor) ctx.addIssue({ code: "custom", message: "expected the `next` value of a previous page" });
      return cursor ?? z.NEVER;
    })
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const GET = route(async (req: Request) => {
  const actor = await authorize("runs.read", req);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw new Validation(issuesMessage(parsed.error.issues, "query"));
  return Response.json(await readRuns(actor, parsed.data));
});
