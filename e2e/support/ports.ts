/** Ports of an e2e run: the console, and the Qdrant stand-in its config points at. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3211);
export const QDRANT_PORT = Number(process.env.E2E_QDRANT_PORT ?? E2E_PORT + 2);
