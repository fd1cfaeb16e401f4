// A real S3-compatible server for integration tests: s3rver (objects on disk in S3_DIR) behind a
// front that checks every signed request's SigV4 signature and payload hash, which s3rver 3.7.1
// does not do. The check is written apart from lib/status-page/s3.ts so the signer is not tested
// against itself. Unsigned GET and HEAD pass, as on a public-read bucket a CDN serves from.
//
//   S3_DIR=/tmp/x S3_BUCKET=status S3_ACCESS_KEY=... S3_SECRET_KEY=... [S3_PORT=0] [S3_REGION=us-east-1]
//   node test/support/s3-server.mjs   → prints {"port":N} once listening; stops on SIGTERM
import { createHash, createHmac } from "node:crypto";
import { createServer, request } from "node:http";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const S3rver = require("s3rver");
const AWSAccount = require("s3rver/lib/models/account.js");

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};
const dir = env("S3_DIR");
const bucket = env("S3_BUCKET");
const accessKey = env("S3_ACCESS_KEY");
const secretKey = env("S3_SECRET_KEY");
const region = env("S3_REGION", "us-east-1");
const port = Number(env("S3_PORT", "0"));

// s3rver only checks that the access key exists; the front below checks the signature.
AWSAccount.DUMMY_ACCOUNT.createKeyPair(accessKey, secretKey);
const backend = new S3rver({
  address: "127.0.0.1",
  port: 0,
  silent: true,
  directory: dir,
  configureBuckets: [{ name: bucket }],
});
const { port: backendPort } = await backend.run();

const sha256 = (data) => createHash("sha256").update(data).digest("hex");
const mac = (key, data) => createHmac("sha256", key).update(data).digest();

function s3Error(res, status, code, message) {
  res.writeHead(status, { "content-type": "application/xml" });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
}

/** Why the request's signature is not valid, or null when it is. */
function signatureProblem(req, body) {
  const auth =
    /^AWS4-HMAC-SHA256 Credential=([^,]+),\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/.exec(
      req.headers.authorization ?? "",
    );
  if (!auth) return "malformed Authorization header";
  const [, credential, signedHeaders, given] = auth;
  const [key, day, credRegion, service, terminator] = credential.split("/");
  if (key !== accessKey) return "unknown access key";
  if (credRegion !== region || service !== "s3" || terminator !== "aws4_request") return "wrong scope";
  const amzDate = req.headers["x-amz-date"] ?? "";
  if (!amzDate.startsWith(day)) return "x-amz-date is not the credential's day";
  const payloadHash = req.headers["x-amz-content-sha256"];
  if (payloadHash !== sha256(body)) return "x-amz-content-sha256 is not the body's hash";
  const names = signedHeaders.split(";");
  for (const required of ["host", "x-amz-content-sha256", "x-amz-date"])
    if (!names.includes(required)) return `${required} is not signed`;
  const [path, query = ""] = req.url.split("?");
  const canonical = [
    req.method,
    path,
    query.split("&").filter(Boolean).sort().join("&"),
    names
      .map(
        (n) =>
          `${n}:${String(req.headers[n] ?? "")
            .trim()
            .replace(/\s+/g, " ")}\n`,
      )
      .join(""),
    signedHeaders,
    payloadHash,
  ].join("\n");
  const scope = `${day}/${region}/s3/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256(canonical)}`;
  const signingKey = mac(mac(mac(mac(`AWS4${secretKey}`, day), region), "s3"), "aws4_request");
  const expected = createHmac("sha256", signingKey).update(stringToSign).digest("hex");
  return expected === given ? null : "signature does not match";
}

const front = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    if (!req.headers.authorization) {
      if (req.method !== "GET" && req.method !== "HEAD")
        return s3Error(res, 403, "AccessDenied", "Access Denied");
    } else {
      const problem = signatureProblem(req, body);
      if (problem) return s3Error(res, 403, "SignatureDoesNotMatch", problem);
    }
    const forward = request(
      { host: "127.0.0.1", port: backendPort, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => s3Error(res, 502, "BadGateway", "backend unavailable"));
    forward.end(body);
  });
});
front.listen(port, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: front.address().port })}\n`);
});

// Objects are on disk before each answer is sent: nothing to flush, stop at once.
process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
