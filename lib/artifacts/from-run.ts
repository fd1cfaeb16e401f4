/**
 * The file a finished action run made, read from its result: a dump or snapshot in the console's
 * data folder (`file`), a dump inside a named volume (`volume` + `path`), or a snapshot kept by
 * the Qdrant server (`collection` + `name` of a create-snapshot). Pure.
 */
export type ArtifactLocation = "file" | "volume" | "qdrant";

export interface ArtifactFacts {
  location: ArtifactLocation;
  /** file: absolute path; volume: `<volume>:<path in the container>`; qdrant: `<collection>/<name>`. */
  path: string;
  name: string;
  bytes: number | null;
  sha256: string | null;
  /** volume: the container the dump was written from (to list or delete it later). */
  container?: string;
}

const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : null);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

export function artifactOf(run: { kind: string; status: string; result?: unknown }): ArtifactFacts | null {
  if (run.status !== "succeeded" || !run.result || typeof run.result !== "object") return null;
  const r = run.result as Record<string, unknown>;
  const sha256 = str(r.sha256) ?? str(r.checksum);
  const bytes = num(r.bytes) ?? num(r.size);
  const file = str(r.file);
  if (file) return { location: "file", path: file, name: str(r.name) ?? basename(file), bytes, sha256 };
  const volume = str(r.volume);
  const inVolume = str(r.path);
  if (volume && inVolume)
    return {
      location: "volume",
      path: `${volume}:${inVolume}`,
      name: str(r.name) ?? basename(inVolume),
      bytes,
      sha256,
      ...(str(r.container) ? { container: str(r.container)! } : {}),
    };
  const collection = str(r.collection);
  const name = str(r.name);
  if (run.kind === "qdrant" && collection && name && name.endsWith(".snapshot"))
    return { location: "qdrant", path: `${collection}/${name}`, name, bytes, sha256 };
  return null;
}

function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
