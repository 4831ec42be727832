import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../../dev/net/find-free-port.ts";
import { ensureDebianBinary } from "../../../dev/apt/ensure-debian-binary.ts";
import {
  type RunningRedisServer,
  startRedisServer,
} from "../../../dev/redis/start-redis-server.ts";
import {
  type RunningUpstashGateway,
  startUpstashGateway,
} from "../../../dev/upstash-gateway/start-upstash-gateway.ts";

const token = "local-upstash-token";
let dataDir: string;
let redisServer: RunningRedisServer;
let gateway: RunningUpstashGateway;
let redis: Redis;

beforeAll(async () => {
  await ensureDebianBinary("redis-server");
  dataDir = await mkdtemp(join(tmpdir(), "upstash-gateway-test-"));
  redisServer = await startRedisServer({ port: await findFreePort(), dataDir });
  gateway = await startUpstashGateway({
    port: await findFreePort(),
    redisPort: redisServer.port,
    token,
  });
  redis = new Redis({ url: gateway.url, token });
}, 180_000);

afterAll(async () => {
  await gateway?.close();
  await redisServer?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Calls the gateway the way the Python GPU workers do: plain fetch, Bearer token, no encoding header. */
function call(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const { token: presented = token, ...rest } = init;
  return fetch(`${gateway.url}${path}`, {
    ...rest,
    headers: { Authorization: `Bearer ${presented}`, ...rest.headers },
  });
}

describe("through the @upstash/redis client", () => {
  it("reads back a plain string, a JSON object and non-ASCII text with control characters", async () => {
    const tricky = 'café ✓ 日本語 😀 \u0000\u0001\u007f "quoted" \\ end';
    await redis.set("text", "hello");
    await redis.set("object", { prompt: "a red fox", steps: 30, tags: ["sdxl"] });
    await redis.set("tricky", tricky);

    expect(await redis.get("text")).toBe("hello");
    expect(await redis.get("object")).toEqual({ prompt: "a red fox", steps: 30, tags: ["sdxl"] });
    expect(await redis.get("tricky")).toBe(tricky);
    expect(await redis.get("missing")).toBeNull();
  });

  it("counts up with INCR", async () => {
    expect(await redis.incr("counter")).toBe(1);
    expect(await redis.incr("counter")).toBe(2);
  });

  it("pops queued jobs first-in first-out with LPUSH and RPOP, and reports the length", async () => {
    await redis.lpush("fifo", { job: 1 });
    await redis.lpush("fifo", { job: 2 }, { job: 3 });

    expect(await redis.llen("fifo")).toBe(3);
    expect(await redis.rpop("fifo")).toEqual({ job: 1 });
    expect(await redis.rpop("fifo")).toEqual({ job: 2 });
    expect(await redis.rpop("fifo")).toEqual({ job: 3 });
    expect(await redis.rpop("fifo")).toBeNull();
  });

  it("removes matching list items with LREM", async () => {
    await redis.rpush("letters", "a", "b", "a", "c");

    expect(await redis.lrem("letters", 0, "a")).toBe(2);
    expect(await redis.lrange("letters", 0, -1)).toEqual(["b", "c"]);
  });

  it("gives keys a time to live with EXPIRE and SET EX, reported by TTL", async () => {
    await redis.set("short-lived", "x");
    expect(await redis.ttl("short-lived")).toBe(-1);
    expect(await redis.expire("short-lived", 100)).toBe(1);
    expect(await redis.ttl("short-lived")).toBeGreaterThan(90);

    await redis.set("with-ex", "y", { ex: 10 });
    expect(await redis.ttl("with-ex")).toBeGreaterThan(0);
    expect(await redis.ttl("never-set")).toBe(-2);
  });

  it("stores hash fields with HSET and returns them as an object from HGETALL", async () => {
    expect(await redis.hset("worker:1", { status: "idle", gpu: "A100", jobs: 3 })).toBe(3);

    expect(await redis.hgetall("worker:1")).toEqual({ status: "idle", gpu: "A100", jobs: 3 });
    expect(await redis.hgetall("no-such-hash")).toBeNull();
  });

  it("orders sorted-set members by score with ZADD and ZRANGE", async () => {
    await redis.zadd("scores", { score: 2, member: "second" }, { score: 1, member: "first" });

    expect(await redis.zrange("scores", 0, -1)).toEqual(["first", "second"]);
    expect(await redis.zrange("scores", 0, -1, { withScores: true })).toEqual([
      "first",
      1,
      "second",
      2,
    ]);
  });

  it("deletes keys with DEL and reports how many existed", async () => {
    await redis.set("doomed:1", "a");
    await redis.set("doomed:2", "b");

    expect(await redis.del("doomed:1", "doomed:2", "doomed:never")).toBe(2);
    expect(await redis.exists("doomed:1")).toBe(0);
  });

  it("runs a pipeline and returns each command's result in order", async () => {
    const results = await redis
      .pipeline()
      .set("pipe:key", "v1")
      .incr("pipe:counter")
      .get("pipe:key")
      .lpush("pipe:list", "x", "y")
      .lrange("pipe:list", 0, -1)
      .exec();

    expect(results).toEqual(["OK", 1, "v1", 2, ["y", "x"]]);
  });

  it("reports which pipelined command failed", async () => {
    await redis.set("pipe:text", "not a number");

    await expect(redis.pipeline().get("pipe:text").incr("pipe:text").exec()).rejects.toThrow(
      /Command 2 \[ incr \] failed: ERR value is not an integer/,
    );
  });

  it("runs a multi() transaction and returns its results", async () => {
    const results = await redis.multi().set("tx:key", "a").incr("tx:counter").get("tx:key").exec();

    expect(results).toEqual(["OK", 1, "a"]);
  });

  it("throws the Redis error message when a command fails", async () => {
    await redis.set("a-string", "text");

    await expect(redis.incr("a-string")).rejects.toThrow(
      /ERR value is not an integer or out of range/,
    );
  });

  it("evaluates a Lua script with keys and arguments", async () => {
    const script = "redis.call('SET', KEYS[1], ARGV[1]); return {redis.call('GET', KEYS[1]), 42}";

    expect(await redis.eval(script, ["lua:key"], ["from lua"])).toEqual(["from lua", 42]);
  });

  it("works with responseEncoding turned off", async () => {
    const plain = new Redis({ url: gateway.url, token, responseEncoding: false });
    await plain.set("plain:text", "naïve ☕");
    await plain.rpush("plain:list", "one", "two");

    expect(await plain.get("plain:text")).toBe("naïve ☕");
    expect(await plain.lrange("plain:list", 0, -1)).toEqual(["one", "two"]);
    expect(await plain.pipeline().incr("plain:n").get("plain:text").exec()).toEqual([
      1,
      "naïve ☕",
    ]);
  });
});

describe("over raw HTTP, as the GPU workers call it", () => {
  it("GET /rpop/<queue> returns the pushed JSON string, then null once the queue is empty", async () => {
    const payload = { job_id: "j-1", prompt: "a lighthouse at dusk", model: "sdxl_base" };
    await redis.lpush("sdxl_queue", JSON.stringify(payload));

    const first = await call("/rpop/sdxl_queue");
    expect(first.status).toBe(200);
    const { result } = (await first.json()) as { result: string };
    expect(JSON.parse(result)).toEqual(payload);

    expect(await (await call("/rpop/sdxl_queue")).json()).toEqual({ result: null });
  });

  it("runs a command POSTed to / as a JSON array", async () => {
    const set = await call("/", {
      method: "POST",
      body: JSON.stringify(["SET", "raw:key", "raw value", "EX", 60]),
    });
    expect(await set.json()).toEqual({ result: "OK" });

    const get = await call("/", { method: "POST", body: JSON.stringify(["GET", "raw:key"]) });
    expect(await get.json()).toEqual({ result: "raw value" });
  });

  it("URL-decodes path arguments", async () => {
    await call(
      `/set/${encodeURIComponent("user:1/name")}/${encodeURIComponent("café au lait & more?")}`,
    );

    expect(await redis.get("user:1/name")).toBe("café au lait & more?");
  });

  it("appends a POSTed body to a path command, followed by query parameters", async () => {
    await call("/set/path:body?EX=100", { method: "POST", body: '{"from":"body"}' });

    expect(await redis.get("path:body")).toEqual({ from: "body" });
    expect(await redis.ttl("path:body")).toBeGreaterThan(90);
  });

  it("accepts the token as a _token query parameter", async () => {
    const response = await fetch(`${gateway.url}/incr/query-token-counter?_token=${token}`);

    expect(await response.json()).toEqual({ result: 1 });
  });

  it("refuses a wrong or missing token with 401", async () => {
    const wrong = await call("/get/anything", { token: "wrong-token" });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: "Unauthorized" });

    const missing = await fetch(`${gateway.url}/get/anything`);
    expect(missing.status).toBe(401);
  });

  it("rejects a body that is not a JSON command array with 400", async () => {
    for (const body of ["not json", '{"command":"GET"}', "[]", '[["GET","k"]]']) {
      const response = await call("/", { method: "POST", body });
      expect(response.status, body).toBe(400);
      expect(await response.json(), body).toEqual({ error: expect.any(String) });
    }
    const emptyPipeline = await call("/pipeline", { method: "POST", body: "[]" });
    expect(emptyPipeline.status).toBe(400);
  });

  it("answers a failing command with 400 and the Redis error", async () => {
    await redis.set("raw:text", "text");
    const response = await call("/incr/raw:text");

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "ERR value is not an integer or out of range" });
  });

  it("base64-encodes strings when asked, leaving OK, integers and nil as they are", async () => {
    const headers = { "Upstash-Encoding": "base64" };
    const post = async (command: unknown[]) =>
      (await call("/", { method: "POST", headers, body: JSON.stringify(command) })).json();

    expect(await post(["SET", "b64:key", "héllo"])).toEqual({ result: "OK" });
    expect(await post(["GET", "b64:key"])).toEqual({
      result: Buffer.from("héllo").toString("base64"),
    });
    expect(await post(["APPEND", "b64:key", "!"])).toEqual({ result: 7 });
    expect(await post(["GET", "b64:missing"])).toEqual({ result: null });
  });

  it("applies nothing from a multi-exec transaction that holds an invalid command", async () => {
    const body = JSON.stringify([["SET", "tx:aborted", "1"], ["NOSUCHCOMMAND"]]);
    const response = await call("/multi-exec", { method: "POST", body });

    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^EXECABORT/);
    expect(await redis.exists("tx:aborted")).toBe(0);
  });

  it("returns per-command errors from a pipeline without failing the others", async () => {
    await redis.set("pipe:raw:text", "text");
    const body = JSON.stringify([["INCR", "pipe:raw:text"], ["GET", "pipe:raw:text"]]);
    const response = await call("/pipeline", { method: "POST", body });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      { error: "ERR value is not an integer or out of range" },
      { result: "text" },
    ]);
  });
});

describe("the local redis-server", () => {
  it("refuses to start on a port that is already in use, naming the port", async () => {
    const otherDir = join(dataDir, "second");

    await expect(startRedisServer({ port: redisServer.port, dataDir: otherDir })).rejects.toThrow(
      new RegExp(`port ${redisServer.port}\\b.*is in use`),
    );
  });

  it("keeps data across a restart thanks to the append-only file", async () => {
    await redis.set("durable", "still here");
    await redisServer.stop();
    redisServer = await startRedisServer({ port: redisServer.port, dataDir });

    expect(await redis.get("durable")).toBe("still here");
  });
});
