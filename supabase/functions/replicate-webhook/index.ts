import { createReplicateWebhookApp } from "./app.ts";
import { loadReplicateWebhookDeps } from "./deps.ts";

Deno.serve(createReplicateWebhookApp(loadReplicateWebhookDeps(Deno.env.toObject())).fetch);
