import "server-only";
import { audit } from "@/lib/audit/log";
import { getDb } from "@/lib/infra/db";
import type { UsersContext } from "./guard";

/** The verbs' context in the running app: the shared database and the process's audit writer. */
export async function usersContext(): Promise<UsersContext> {
  return { db: await getDb(), audit };
}
