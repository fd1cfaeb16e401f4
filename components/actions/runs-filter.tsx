import { Button } from "@/components/ui/button";
import { RUN_STATUSES } from "@/lib/actions/schemas";

const SELECT = "h-9 rounded-md border border-input bg-background px-2 text-sm text-foreground";

/** Filters of the runs list: a plain GET form, so the URL holds them and works without script. */
export function RunsFilter({
  services,
  serviceId,
  status,
}: {
  services: readonly { id: string; name: string }[];
  serviceId?: string;
  status?: string;
}) {
  return (
    <form
      method="get"
      action="/actions"
      className="mb-4 flex flex-wrap items-end gap-3"
      data-testid="runs-filter"
    >
      <div className="space-y-1">
        <label htmlFor="runs-service" className="block text-sm font-medium">
          Service
        </label>
        <select id="runs-service" name="serviceId" defaultValue={serviceId ?? ""} className={SELECT}>
          <option value="">All services</option>
          {services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
          {serviceId && !services.some((s) => s.id === serviceId) && (
            <option value={serviceId}>{serviceId}</option>
          )}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="runs-status" className="block text-sm font-medium">
          Status
        </label>
        <select id="runs-status" name="status" defaultValue={status ?? ""} className={SELECT}>
          <option value="">Any status</option>
          {RUN_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" variant="secondary">
        Apply
      </Button>
    </form>
  );
}
