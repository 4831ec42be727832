import { createJobCallbackApp } from "./app.ts";
import { loadJobCallbackDeps } from "./deps.ts";

Deno.serve(createJobCallbackApp(loadJobCallbackDeps(Deno.env.toObject())).fetch);
