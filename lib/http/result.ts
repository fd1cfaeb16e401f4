/** Safe for the client: the one answer shape of every mutation, REST body or server action value. */

export interface VerbError {
  code: string;
  message: string;
  /** Quoted to the user when the error is not one of ours: the log line carries it too. */
  requestId?: string;
  /** When the target is locked: the run that holds it. */
  runId?: string;
}

export type VerbResult<T> = { ok: true; data: T } | { ok: false; error: VerbError };
