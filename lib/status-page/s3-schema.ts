import { z } from "zod";

/**
 * Where a publication may also go: an S3-compatible bucket (lib/status-page/s3.ts uploads it).
 * Safe for the client (the config schema is): no node:crypto here.
 */

// A segment never starts with "." so "." and ".." (which URL parsers collapse) cannot occur.
export const SEGMENTS = /^([A-Za-z0-9_-][A-Za-z0-9._-]*\/)*([A-Za-z0-9_-][A-Za-z0-9._-]*)?$/;

export const s3TargetSchema = z.strictObject({
  endpoint: z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" }).refine((value) => {
    const url = new URL(value);
    return !url.username && !url.password && !url.search && !url.hash;
  }, "the endpoint takes no credentials, query or fragment (use accessKeyId and secretAccessKey)"),
  region: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/, 'expected a region such as "eu-west-1" (MinIO: "us-east-1", R2: "auto")')
    .default("us-east-1"),
  bucket: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      "expected a bucket name: 3-63 lowercase letters, digits, '.', '-'",
    ),
  prefix: z
    .string()
    .max(200)
    .regex(SEGMENTS, 'expected a key prefix such as "status/" (no leading "/")')
    .optional(),
  /** Use ${ENV_VAR}: the keys are secrets. */
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
  pathStyle: z.boolean().default(true),
});
