import { createQueueJobApp } from "./app.ts";
import { loadQueueJobDeps } from "./deps.ts";

Deno.serve(createQueueJobApp(loadQueueJobDeps(Deno.env.toObject())).fetch);
