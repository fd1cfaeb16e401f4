import { AUDIT_FIELD_NAMES, AUDIT_SELECT_TEXT, recordFromTextRow } from "./fields";
import { makeHasher } from "./hash";

/**
 * The code of a verification worker thread, as source: it runs with `eval: true`, so the same
 * worker works under Next's server bundle, tsx and vitest without a separately built file. Its
 * hash is ./hash.ts's own factory, inserted from the function's source text, not a copy.
 */
/** One page of a seq range, as arrays of text the hash input is built from ($1..$2, 20,000 rows). */
export const PG_PAGE_SQL = `SELECT ${AUDIT_SELECT_TEXT}
  FROM "AuditEvent" WHERE seq >= $1 AND seq <= $2 ORDER BY "AuditEvent".seq LIMIT 20000`;

/**
 * Source text of a function compiled by esbuild with names kept (tsx, `npm run audit:verify`)
 * calls esbuild's `__name(fn, "name")` helper, which exists in the module that was compiled, not
 * in the worker: the worker's copy of it is the identity (names only matter for stack traces).
 */
const KEEP_NAMES_SHIM = "(target) => target";

/** The chain's one hash implementation (lib/audit/hash.ts), from its own source text. */
export const HASH_SOURCE = `const { hashRecord } = ((__name) => (${makeHasher.toString()}))(${KEEP_NAMES_SHIM})(require("node:crypto").hash);`;

export const WORKER_SOURCE = String.raw`
var __name = ${KEEP_NAMES_SHIM};
const { parentPort, workerData } = require("node:worker_threads");
const { Client } = require(workerData.pgModule);
${HASH_SOURCE}
const AUDIT_FIELD_NAMES = ${JSON.stringify(AUDIT_FIELD_NAMES)};
const recordFromTextRow = ${recordFromTextRow.toString()};
const PAGE = 20000;
const TEXT = ${JSON.stringify(PG_PAGE_SQL)};
async function main() {
  const { url, lo, hi } = workerData;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    let expected = lo, prevHash = null, firstPrevHash = null, checked = 0;
    let next = client.query({ text: TEXT, values: [lo, hi], rowMode: "array" });
    for (;;) {
      const { rows } = await next;
      if (rows.length === PAGE) {
        next = client.query({ text: TEXT, values: [Number(rows[rows.length - 1][0]) + 1, hi], rowMode: "array" });
        next.catch(() => undefined);
      }
      for (const c of rows) {
        const r = recordFromTextRow(c, AUDIT_FIELD_NAMES);
        const broken = (reason) => ({ checked, firstPrevHash, lastHash: prevHash, broken: { seq: r.seq, reason } });
        if (r.seq !== expected)
          return broken("record " + expected + (r.seq > expected + 1 ? "-" + (r.seq - 1) : "") + " is missing (deleted?)");
        if (prevHash === null) firstPrevHash = r.prevHash;
        else if (r.prevHash !== prevHash)
          return broken("its previous-hash link does not match the record before it (a record was removed or inserted)");
        if (hashRecord(r) !== r.hash) return broken("its contents do not match its hash (the record was edited)");
        prevHash = r.hash;
        expected += 1;
        checked += 1;
      }
      if (rows.length < PAGE) break;
    }
    if (expected <= hi)
      return { checked, firstPrevHash, lastHash: prevHash, broken: { seq: expected, reason: "record " + expected + "-" + hi + " is missing (deleted?)" } };
    return { checked, firstPrevHash, lastHash: prevHash };
  } finally {
    await client.end();
  }
}
main().then((r) => parentPort.postMessage({ ok: true, result: r }), (e) => parentPort.postMessage({ ok: false, error: String(e && e.message || e) }));
`;
