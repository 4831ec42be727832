import { httpCallError } from "./llm-call-error.ts";

/**
 * POSTs `body` as JSON and returns the response when it is 2xx; otherwise releases the body and
 * throws the `LlmCallError` its status means (keeping a 429's Retry-After).
 */
export async function postToProvider(
  fetchFn: typeof fetch,
  url: string,
  init: { signal: AbortSignal; headers?: Record<string, string>; body: unknown },
): Promise<Response> {
  const response = await fetchFn(url, {
    method: "POST",
    signal: init.signal,
    headers: { "content-type": "application/json", ...init.headers },
    body: JSON.stringify(init.body),
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw httpCallError(response);
  }
  return response;
}
