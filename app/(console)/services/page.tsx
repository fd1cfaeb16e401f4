import { redirect } from "next/navigation";
import { requirePage } from "@/lib/auth/page-guard";

/** /services is the map's list view: one page for the same live data, two ways to look at it. */
export default async function ServicesPage() {
  await requirePage("/services");
  redirect("/map?view=list");
}
