import { createEnhancePromptApp } from "./app.ts";
import { loadEnhancePromptDeps } from "./deps.ts";

Deno.serve(createEnhancePromptApp(loadEnhancePromptDeps(Deno.env.toObject())).fetch);
