import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { Context } from "hono";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/**
 * A handler serving the files of `dir` under `prefix` (`index.html` for the folder itself), as
 * any static host would serve the admin page; nothing outside `dir` is reachable.
 */
export function serveStaticFolder(dir: string, prefix: string) {
  const root = normalize(dir) + sep;
  return async (c: Context) => {
    const relative = decodeURIComponent(c.req.path.slice(prefix.length)).replace(/^\/+/, "") ||
      "index.html";
    const file = normalize(join(root, relative));
    const type = CONTENT_TYPES[extname(file)];
    if (!file.startsWith(root) || !type) return c.text("Not found", 404);
    try {
      return c.body(await readFile(file), 200, {
        "content-type": type,
        "cache-control": "no-cache",
      });
    } catch {
      return c.text("Not found", 404);
    }
  };
}
