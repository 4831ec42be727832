import { Hono } from "hono";
import { proxy } from "hono/proxy";
import type { JWTPayload } from "jose";
import type { FunctionSpec } from "./discover-functions.ts";
import { serveStaticFolder } from "./serve-static-folder.ts";

const FORWARDED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

export interface GatewayFunction extends FunctionSpec {
  port: number;
}

/**
 * The one origin clients talk to, like Supabase's API gateway: functions, storage and the
 * JWKS that functions verify user tokens against.
 */
export function createApiGateway(options: {
  functions: GatewayFunction[];
  storage: { fetch: (request: Request) => Response | Promise<Response> };
  jwks: unknown;
  verifyJwt: (token: string) => Promise<JWTPayload | null>;
  /** The static admin page's folder, served at `/admin/`. */
  adminDir?: string;
}): Hono {
  const functions = new Map(options.functions.map((fn) => [fn.name, fn]));
  const app = new Hono();
  // A function that is down or restarting (watch mode) is the gateway's failure, said in JSON.
  app.onError((_error, c) =>
    c.json(
      { code: "BAD_GATEWAY", message: "The function did not answer; see the stack's log" },
      502,
    )
  );

  app.get("/auth/v1/.well-known/jwks.json", (c) => c.json(options.jwks));
  app.all("/storage/v1/*", (c) => options.storage.fetch(c.req.raw));
  if (options.adminDir) {
    app.get("/admin", (c) => c.redirect("/admin/"));
    app.get("/admin/*", serveStaticFolder(options.adminDir, "/admin"));
  }
  app.all(
    "/rest/v1/*",
    (c) =>
      c.json(
        { message: "The Data API (PostgREST) is not part of the local stack; see README" },
        501,
      ),
  );

  app.all("/functions/v1/:name{[^/]+}/*", async (c) => {
    // fetch cannot forward TRACE, CONNECT and the like; answer what the hosted gateway would.
    if (!FORWARDED_METHODS.includes(c.req.method)) {
      c.header("allow", FORWARDED_METHODS.join(", "));
      return c.json(
        { code: "METHOD_NOT_ALLOWED", message: `${c.req.method} is not supported` },
        405,
      );
    }
    const fn = functions.get(c.req.param("name"));
    if (!fn) return c.json({ code: "NOT_FOUND", message: "Requested function was not found" }, 404);
    // As the hosted gateway: preflight passes, everything else needs a token the project signed.
    if (fn.verifyJwt && c.req.method !== "OPTIONS") {
      const token = c.req.header("authorization")?.match(/^Bearer (.+)$/i)?.[1];
      if (!token) return c.json({ msg: "Error: Missing authorization header" }, 401);
      if (!(await options.verifyJwt(token))) return c.json({ msg: "Invalid JWT" }, 401);
    }
    const url = new URL(c.req.url);
    const target = `http://127.0.0.1:${fn.port}${
      url.pathname.slice("/functions/v1".length)
    }${url.search}`;
    return proxy(target, {
      raw: c.req.raw,
      headers: { ...c.req.header(), "x-forwarded-host": url.host },
    });
  });
  return app;
}
