import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { currentSuggestions } from "@/lib/incidents/suggestion-queries";

export const dynamic = "force-dynamic";

/** Failing services worth declaring an incident for: none inside a maintenance window or under an open incident. */
export const GET = route(async (req: Request) => {
  await authorize("services.read", req);
  return Response.json(
    { suggestions: await currentSuggestions() },
    { headers: { "Cache-Control": "no-store" } },
  );
});
