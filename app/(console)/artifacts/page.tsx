import Link from "next/link";
import { ArtifactsTable } from "@/components/artifacts/artifacts-table";
import { PageHeader } from "@/components/layout/page-header";
import { artifactsFor } from "@/lib/artifacts/queries";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";

export const metadata = { title: "Artifacts · Opsdeck" };
export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/** /artifacts: dumps and snapshots that actions and schedules made, per service or all. */
export default async function ArtifactsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePage("/artifacts");
  const q = await searchParams;
  const service = one(q.service)?.slice(0, 200);
  const deleted = q.deleted === "1";
  const artifacts = await artifactsFor(user, { serviceId: service, includeDeleted: deleted });
  return (
    <>
      <PageHeader
        title={service ? `Artifacts of ${service}` : "Artifacts"}
        description="Backups and snapshots made by actions and schedules, kept by each schedule's keep. Downloading one needs the permission of the action that made it and is audited."
        actions={
          <Link className="text-sm underline" href={deleted ? "/artifacts" : "/artifacts?deleted=1"}>
            {deleted ? "Hide deleted" : "Show deleted"}
          </Link>
        }
      />
      <ArtifactsTable artifacts={artifacts} canDelete={can(user.role, "artifacts.delete")} />
    </>
  );
}
