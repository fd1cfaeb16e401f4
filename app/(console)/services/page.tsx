import { redirect } from "next/navigation";

/** /services is the map's list view: one page for the same live data, two ways to look at it. */
export default function ServicesPage() {
  redirect("/map?view=list");
}
