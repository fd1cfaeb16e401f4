/**
 * scripts/index_knowledge_base.py for the replica (run by bin/python in the backend): rebuilds
 * doctor_style and medical_knowledge in Qdrant through its HTTP API, as the real script does
 * through llama-index: creates a missing collection, then upserts the corpus' chunks.
 *   KNOWLEDGE_BASE=doctor_style:120:768,medical_knowledge:800:768   collection:chunks:vector size
 * The points carry ids and payloads only; the replica's Qdrant counts them.
 */
const QDRANT = `http://${process.env.QDRANT_HOST || "qdrant"}:6333`;
const BATCH = 100;
const SOURCES = {
  doctor_style: "knowledge_base/doctor_style",
  medical_knowledge: "knowledge_base/medical_guidelines",
};

const log = (level, event, fields = {}) => {
  const pairs = Object.entries(fields).map(([key, value]) => `${key}=${value}`);
  console.log(`${new Date().toISOString()} [${level.padEnd(9)}] ${event.padEnd(30)} ${pairs.join(" ")}`);
};

async function qdrant(method, path, body) {
  const response = await fetch(`${QDRANT}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body && JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`Qdrant ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

async function indexCollection(name, chunks, size) {
  const directory = SOURCES[name] ?? `knowledge_base/${name}`;
  log("info", "indexing_started", { collection: name, directory });
  log("info", "chunking_completed", { chunks_count: chunks, documents_count: Math.ceil(chunks / 8) });
  const { result } = await qdrant("GET", `/collections/${name}/exists`);
  if (!result.exists) await qdrant("PUT", `/collections/${name}`, { vectors: { size, distance: "Cosine" } });
  log("info", "generating_embeddings_and_saving_to_qdrant");
  for (let first = 0; first < chunks; first += BATCH) {
    const points = [];
    for (let id = first; id < Math.min(first + BATCH, chunks); id++)
      points.push({ id: crypto.randomUUID(), payload: { source: directory, chunk: id } });
    await qdrant("PUT", `/collections/${name}/points?wait=true`, { points });
  }
  log("info", "indexing_completed_successfully", { collection: name });
}

for (const entry of (process.env.KNOWLEDGE_BASE ?? "").split(",").filter(Boolean)) {
  const [name, chunks, size] = entry.split(":");
  await indexCollection(name, Number(chunks), Number(size));
}
