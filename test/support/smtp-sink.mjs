// A real SMTP server for tests, in its own process so a test can stop and restart it:
//   node test/support/smtp-sink.mjs <port|0> <folder>
// Accepts any login (plain text, no STARTTLS), refuses recipients whose address starts with
// "bounce" (550), and writes each message it accepts to <folder>/<time>-<n>.json as
// {from, to, raw}. Prints {"port": N} on its first line once listening.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";

const [portArg = "0", dir] = process.argv.slice(2);
if (!dir) {
  console.error("usage: node test/support/smtp-sink.mjs <port> <folder>");
  process.exit(2);
}
let n = 0;
const server = new SMTPServer({
  disabledCommands: ["STARTTLS"],
  authOptional: true,
  allowInsecureAuth: true,
  onAuth: (auth, session, callback) => callback(null, { user: auth.username }),
  onRcptTo: (address, session, callback) => {
    if (address.address.startsWith("bounce")) {
      const error = new Error("mailbox unavailable");
      error.responseCode = 550;
      return callback(error);
    }
    callback();
  },
  onData: (stream, session, callback) => {
    const chunks = [];
    stream.on("data", (c) => chunks.push(c));
    stream.on("end", () => {
      const file = path.join(dir, `${Date.now()}-${String(++n).padStart(5, "0")}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      callback(null, `queued as ${path.basename(file, ".json")}`);
    });
  },
});
server.listen(Number(portArg), "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.server.address().port })}\n`);
});
for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => server.close(() => process.exit(0)));
