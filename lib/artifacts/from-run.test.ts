import { describe, expect, it } from "vitest";
import { artifactOf } from "./from-run";

describe("the file a run made", () => {
  it("reads a dump in the data folder", () => {
    expect(
      artifactOf({
        kind: "postgres.backup",
        status: "succeeded",
        result: {
          name: "db-app-20261207T030000Z.dump",
          file: "/data/actions/backups/db-app-20261207T030000Z.dump",
          bytes: 2048,
          sha256: "ab",
        },
      }),
    ).toEqual({
      location: "file",
      path: "/data/actions/backups/db-app-20261207T030000Z.dump",
      name: "db-app-20261207T030000Z.dump",
      bytes: 2048,
      sha256: "ab",
    });
  });

  it("reads a dump inside a volume, with the container it was written from", () => {
    expect(
      artifactOf({
        kind: "postgres.backup",
        status: "succeeded",
        result: {
          name: "x.sql",
          volume: "pgbackups",
          path: "/backups/x.sql",
          container: "shop-db-1",
          bytes: 10,
          sha256: "cd",
        },
      }),
    ).toMatchObject({
      location: "volume",
      path: "pgbackups:/backups/x.sql",
      container: "shop-db-1",
      name: "x.sql",
    });
  });

  it("reads a snapshot the Qdrant server keeps", () => {
    expect(
      artifactOf({
        kind: "qdrant",
        status: "succeeded",
        result: { collection: "docs", name: "docs-1-2026-12-07-03-00-00.snapshot", size: 99, checksum: "ef" },
      }),
    ).toEqual({
      location: "qdrant",
      path: "docs/docs-1-2026-12-07-03-00-00.snapshot",
      name: "docs-1-2026-12-07-03-00-00.snapshot",
      bytes: 99,
      sha256: "ef",
    });
  });

  it("finds nothing in a failed run, a read, or a result without a file", () => {
    expect(artifactOf({ kind: "postgres.backup", status: "failed", result: { file: "/x" } })).toBeNull();
    expect(artifactOf({ kind: "qdrant", status: "succeeded", result: { collections: ["a"] } })).toBeNull();
    expect(
      artifactOf({ kind: "container.restart", status: "succeeded", result: { name: "api-1" } }),
    ).toBeNull();
  });
});
