import { z } from "zod";

/** A display name: one line of text, no control characters (a NUL would break logs and exports). */
export const labelSchema = z
  .string()
  .max(200, "expected at most 200 characters")
  .regex(
    /^[^\u0000-\u001f\u007f]*$/,
    "control characters (such as NUL or a newline) are not allowed in a name",
  );
