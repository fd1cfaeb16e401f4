/**
 * GET a JSON route of the console. Errors carry the server's message (AppError texts are
 * written for people: "no Docker engine answers at ...") so the page can show what to do.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { cache: "no-store", signal });
  } catch {
    throw new ApiError("Opsdeck's server is not answering; check that it is running", 0);
  }
  if (res.ok) return (await res.json()) as T;
  const body = (await res.json().catch(() => null)) as { error?: { message?: string; code?: string } } | null;
  if (res.status === 401) throw new ApiError("your session has ended; sign in again", 401, "unauthorized");
  throw new ApiError(
    body?.error?.message ?? `the server answered ${res.status}`,
    res.status,
    body?.error?.code,
  );
}
