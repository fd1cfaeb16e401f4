import pg from "pg";

/** An empty throwaway database on a Postgres server (the admin URL must be allowed to create one). */
export interface ScratchDatabase {
  url: string;
  name: string;
  /** Drops the database; with `keep`, only disconnects (to look at the data afterwards). */
  drop(keep?: boolean): Promise<void>;
}

export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop(keep = false) {
      if (!keep) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}
