import mutationsThroughVerb from "./mutations-through-verb.mjs";

/** Opsdeck's own lint rules: guarantees the code must keep by construction. */
export default { rules: { "mutations-through-verb": mutationsThroughVerb } };
