import { deleteArtifactVerb } from "@/lib/artifacts/verbs";
import { verbRoute } from "@/lib/http/verb";

export const dynamic = "force-dynamic";

/** Deletes the file where it lives (admins); the listing keeps the row, marked deleted. */
export const DELETE = verbRoute(deleteArtifactVerb, {
  input: (_body, params) => ({ artifactId: params.id }),
});
