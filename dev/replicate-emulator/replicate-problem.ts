/** Replicate's error body (RFC 7807 problem details), e.g. for a missing token or an unknown id. */
export function replicateProblem(
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  return Response.json({ title, detail, status, ...extra }, {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}
