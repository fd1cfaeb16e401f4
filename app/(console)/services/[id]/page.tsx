import type { Metadata } from "next";
import { ServicePage } from "@/components/service/service-page";
import { requirePage } from "@/lib/auth/page-guard";
import { mapSnapshot } from "@/lib/monitor/runtime";

/** Links encode the id; a malformed escape is kept as typed and ends in "no such service". */
function serviceId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const id = serviceId((await params).id);
  const name = (await mapSnapshot()).services.find((s) => s.id === id)?.name ?? id;
  return { title: `${name} · Opsdeck` };
}

export default async function ServiceRoute({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("/services/[id]");
  return <ServicePage serviceId={serviceId((await params).id)} role={user.role} />;
}
