import { notFound } from "next/navigation";
import { RunPage } from "@/components/actions/run-page";
import { readRun } from "@/lib/actions/read-run";
import { authorize } from "@/lib/auth/access";
import { requirePage } from "@/lib/auth/page-guard";
import { NotFound } from "@/lib/errors";

export const metadata = { title: "Run · Opsdeck" };
export const dynamic = "force-dynamic";

/** /actions/runs/[id]: one run, its output live while it runs, and where it is audited. */
export default async function RunRoute({ params }: { params: Promise<{ id: string }> }) {
  await requirePage("/actions/runs/[id]");
  const { id } = await params;
  // Run ids are UUIDs: anything else cannot name a run.
  if (!/^[A-Za-z0-9-]{1,100}$/.test(id)) notFound();
  const actor = await authorize("runs.read", null);
  const run = await readRun(actor, id, "page").catch((error: unknown) => {
    if (error instanceof NotFound) notFound();
    throw error;
  });
  return <RunPage initial={run} />;
}
