// A Hono hello-world, started the same way as the functions: the cold-start baseline.
import { Hono } from "hono";

declare const Deno: { serve(handler: (request: Request) => Response | Promise<Response>): unknown };

const app = new Hono().basePath("/hello");
app.get("/health", (c) => c.json({ status: "ok" }));
Deno.serve(app.fetch);
