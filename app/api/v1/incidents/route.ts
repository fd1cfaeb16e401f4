import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { verbRoute } from "@/lib/http/verb";
import { incidentService } from "@/lib/incidents/runtime";
import { declareIncidentVerb } from "@/lib/incidents/verbs";

export const dynamic = "force-dynamic";

/** Incidents, newest first, with counts: `?open=1|0&severity=P1&service=api&from=&to=`. */
export const GET = route(async (req: Request) => {
  await authorize("services.read", req);
  const q = new URL(req.url).searchParams;
  const date = (v: string | null) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v) : undefined);
  const result = await incidentService().list({
    open: q.get("open") === "1" ? true : q.get("open") === "0" ? false : undefined,
    severity: q.get("severity")?.slice(0, 16) || undefined,
    service: q.get("service")?.slice(0, 200) || undefined,
    from: date(q.get("from")),
    to: date(q.get("to")),
  });
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
});

/** Declares an incident: `{title, severity, services?, commander?, summary?}`; 201 with its URL. */
export const POST = verbRoute(declareIncidentVerb, {
  respond: ({ id, number }) => {
    const url = `/api/v1/incidents/${id}`;
    return Response.json({ id, number, url }, { status: 201, headers: { Location: url } });
  },
});
