/** Calls system-metrics with an admin's token; a refusal becomes an Error with its status. */
export async function callSystemMetrics(functionsUrl, token, path = "", init = {}) {
  const response = await fetch(`${functionsUrl.replace(/\/+$/, "")}/system-metrics${path}`, {
    method: "POST",
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body && { "content-type": "application/json" }),
    },
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(body?.error?.message ?? `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

/** What to tell the person signing in when the API refuses them. */
export function describeRefusal(error) {
  if (error.status === 401) return "Not signed in: the token is missing, invalid or expired.";
  if (error.status === 403) {
    return "Refused: this account is not an admin. The dashboard is for admins only.";
  }
  return `The metrics could not be read: ${error.message}`;
}
