import { LiveMap } from "@/components/service-map/live-map";
import { requirePage } from "@/lib/auth/page-guard";

export const metadata = { title: "Service map · Opsdeck" };

/**
 * The home page after sign-in. Filters and the map/list view are read from the URL; the key
 * remounts the view when a link (sidebar, palette) switches between map and list.
 */
export default async function MapPage({ searchParams }: { searchParams: Promise<{ view?: string }> }) {
  await requirePage("/map");
  const { view } = await searchParams;
  return <LiveMap key={view === "list" ? "list" : "map"} />;
}
