/** Hosts Replicate outputs may be downloaded from: exact names, `*.suffix`, or `host:port`. */
export type OutputHosts = string[];

/** Parses REPLICATE_OUTPUT_HOSTS: comma- or space-separated host patterns, lower-cased. */
export function parseOutputHosts(value: string): OutputHosts {
  return value.split(/[\s,]+/).map((host) => host.trim().toLowerCase()).filter(Boolean);
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Whether an output URL may be fetched: its host matches a pattern and it is https (plain http
 * only for an allowed loopback host, i.e. a local stand-in). Guards against a webhook that makes
 * the function fetch internal addresses.
 */
export function isAllowedOutputUrl(url: URL, hosts: OutputHosts): boolean {
  const hostname = url.hostname.toLowerCase();
  const secure = url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(hostname));
  if (!secure || url.username || url.password) return false;
  return hosts.some((pattern) => {
    if (pattern.startsWith("*.")) return hostname.endsWith(pattern.slice(1));
    return /:\d+$/.test(pattern) ? url.host.toLowerCase() === pattern : hostname === pattern;
  });
}
