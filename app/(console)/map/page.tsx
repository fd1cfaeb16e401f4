import { LiveMap } from "@/components/service-map/live-map";

export const metadata = { title: "Service map · Opsdeck" };

export default function MapPage() {
  return <LiveMap />;
}
