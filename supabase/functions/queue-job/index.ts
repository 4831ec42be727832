import { loadFunctionDeps } from "../_shared/load-function-deps.ts";
import { createQueueJobApp } from "./app.ts";

Deno.serve(createQueueJobApp(loadFunctionDeps(Deno.env.toObject())).fetch);
