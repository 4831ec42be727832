import { loadFunctionDeps } from "../_shared/load-function-deps.ts";
import { createReplicateWebhookApp } from "./app.ts";

Deno.serve(createReplicateWebhookApp(loadFunctionDeps(Deno.env.toObject())).fetch);
