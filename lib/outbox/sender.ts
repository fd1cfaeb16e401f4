/**
 * A channel's way of delivering one message. The worker claims, retries and records; a sender
 * only tries once and says how it went. Errors it reports are stored, so it keeps secrets out
 * of them (lib/outbox/redact.ts).
 */

export interface SendContext {
  messageId: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborted when the worker stops. */
  signal: AbortSignal;
}

export type SendResult =
  | { ok: true; response: string }
  /** `permanent`: retrying cannot help (the destination is refused, the payload is invalid). */
  | { ok: false; error: string; response?: string; permanent?: boolean };

export interface Sender {
  channel: string;
  send(payload: unknown, ctx: SendContext): Promise<SendResult>;
  close?(): void | Promise<void>;
}
