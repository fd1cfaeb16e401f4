/** Ids for playbooks, steps and checklist items: lowercase words joined by `-`, unique where they live. */
export function slug(text: string, max: number): string {
  const s = text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, max)
    .replace(/-+$/, "");
  return /^[a-z0-9]/.test(s) ? s : "";
}

export function unique(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base.slice(0, 60)}-${n}`;
  taken.add(id);
  return id;
}
