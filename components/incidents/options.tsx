/** The configured severities as <option>s ("P1 · Critical"), with their description when asked. */
export function SeverityOptions({
  severities,
  described = false,
}: {
  severities: readonly { id: string; name: string; description?: string }[];
  described?: boolean;
}) {
  return severities.map((s) => (
    <option key={s.id} value={s.id}>
      {s.id} · {s.name}
      {described && s.description ? `: ${s.description}` : ""}
    </option>
  ));
}

/** Services as <option>s, by name. */
export function ServiceOptions({ services }: { services: readonly { id: string; name: string }[] }) {
  return services.map((s) => (
    <option key={s.id} value={s.id}>
      {s.name}
    </option>
  ));
}
