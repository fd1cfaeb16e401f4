import nodemailer, { type Transporter } from "nodemailer";
import { redactText } from "../redact";
import { emailPayloadSchema, type MailSettings } from "../schemas";
import type { Sender, SendResult } from "../sender";

/**
 * Email over SMTP (settings.mail, read at each send so a config change applies without a
 * restart). The SMTP URL and its password never reach a message row or a log line. A refusal
 * of the recipient (5xx) is final; anything else (server down, 4xx, a timeout) is retried.
 */

type TransportFactory = (smtp: string) => Transporter;

const defaultTransport: TransportFactory = (smtp) =>
  nodemailer.createTransport({
    url: smtp,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);

export function emailSender(opts: {
  settings: () => MailSettings | undefined;
  transport?: TransportFactory;
}): Sender {
  let current: { smtp: string; transport: Transporter } | null = null;
  const transportFor = (smtp: string) => {
    if (current?.smtp !== smtp) {
      current?.transport.close();
      current = { smtp, transport: (opts.transport ?? defaultTransport)(smtp) };
    }
    return current.transport;
  };
  return {
    channel: "email",
    async send(payload): Promise<SendResult> {
      const parsed = emailPayloadSchema.safeParse(payload);
      if (!parsed.success) return { ok: false, error: "invalid email message", permanent: true };
      const settings = opts.settings();
      if (!settings)
        return { ok: false, error: "settings.mail is not configured: no SMTP server to send through" };
      const secrets = secretsOf(settings.smtp);
      const m = parsed.data;
      try {
        const info = (await transportFor(settings.smtp).sendMail({
          from: m.fromName ? { name: m.fromName, address: settings.from } : settings.from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          ...(m.html ? { html: m.html } : {}),
          headers: m.headers,
        })) as { response?: string; messageId?: string };
        return {
          ok: true,
          response: redactText(`${info.response ?? "accepted"} ${info.messageId ?? ""}`, secrets),
        };
      } catch (error) {
        const e = error as { code?: string; responseCode?: number; message?: string };
        const refused = e.code === "EENVELOPE" && (e.responseCode ?? 0) >= 500;
        return {
          ok: false,
          error: redactText(`${e.code ? `${e.code}: ` : ""}${e.message ?? String(error)}`, secrets),
          ...(refused ? { permanent: true } : {}),
        };
      }
    },
    close() {
      current?.transport.close();
      current = null;
    },
  };
}

/** The URL and its password (decoded and not), whatever form an error might quote them in. */
function secretsOf(smtp: string): string[] {
  try {
    const u = new URL(smtp);
    return [smtp, u.password, decodeURIComponent(u.password)];
  } catch {
    return [smtp];
  }
}
