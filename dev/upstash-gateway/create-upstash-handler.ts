import { type Context, Hono } from "hono";
import { type Redis, ReplyError } from "ioredis";
import { BadRequestError } from "./bad-request-error.ts";
import { commandFromPath } from "./command-from-path.ts";
import { encodeRedisReply } from "./encode-redis-reply.ts";
import { isAuthorized } from "./is-authorized.ts";
import { parseCommandBody, parsePipelineBody } from "./parse-command-body.ts";
import { type RedisCommand, runRedisCommand, runRedisCommands } from "./run-redis-commands.ts";

export interface UpstashHandlerOptions {
  /** Must use RESP2 (`protocol: 2`): Upstash's replies have RESP2 shapes, e.g. ZRANGE WITHSCORES is flat. */
  redis: Redis;
  token: string;
}

/** Builds a fetch handler that speaks Upstash's Redis REST protocol in front of an ioredis connection. */
export function createUpstashHandler(
  { redis, token }: UpstashHandlerOptions,
): (req: Request) => Promise<Response> {
  if (redis.options.protocol !== 2) {
    throw new Error("createUpstashHandler needs an ioredis connection created with protocol: 2");
  }
  let syncToken = 0;
  const app = new Hono();

  app.use(async (c, next) => {
    if (!isAuthorized(c.req.raw, token)) return c.json({ error: "Unauthorized" }, 401);
    await next();
    // The client sends this back on its next request for read-your-writes; a single local node only needs it fresh.
    c.res.headers.set("upstash-sync-token", String(++syncToken));
  });

  app.post("/pipeline", async (c) => runBatch(c, parsePipelineBody(await c.req.text()), false));
  app.post("/multi-exec", async (c) => runBatch(c, parsePipelineBody(await c.req.text()), true));
  app.post("/", async (c) => runSingle(c, parseCommandBody(await c.req.text())));
  app.on(["GET", "HEAD", "POST", "PUT"], "*", async (c) => {
    const body = Buffer.from(await c.req.arrayBuffer());
    return runSingle(c, commandFromPath(new URL(c.req.url), body));
  });
  app.all("*", (c) => c.json({ error: "Method not allowed: use GET, HEAD, POST or PUT" }, 405));

  app.onError((error, c) => {
    if (error instanceof BadRequestError) return c.json({ error: error.message }, 400);
    if (error instanceof ReplyError) return c.json({ error: replyErrorMessage(error) }, 400);
    console.error("upstash gateway:", error);
    return c.json({ error: `ERR the local gateway failed: ${error.message}` }, 500);
  });

  async function runSingle(c: Context, command: RedisCommand): Promise<Response> {
    const reply = await runRedisCommand(redis, command);
    return c.json({ result: encodeRedisReply(reply, wantsBase64(c)) });
  }

  async function runBatch(
    c: Context,
    commands: RedisCommand[],
    atomic: boolean,
  ): Promise<Response> {
    const entries = await runRedisCommands(redis, commands, { atomic });
    const base64 = wantsBase64(c);
    return c.json(
      entries.map(([error, reply]) =>
        error ? { error: error.message } : { result: encodeRedisReply(reply, base64) }
      ),
    );
  }

  return async (req) => app.fetch(req);
}

function wantsBase64(c: Context): boolean {
  return c.req.header("upstash-encoding")?.toLowerCase() === "base64";
}

// EXECABORT alone does not say which queued command was refused, so name the first one.
function replyErrorMessage(error: Error & { previousErrors?: Error[] }): string {
  const cause = error.previousErrors?.[0];
  return cause ? `${error.message} ${cause.message}` : error.message;
}
