import { loadFunctionDeps } from "../_shared/load-function-deps.ts";
import { createEnhancePromptApp } from "./app.ts";

Deno.serve(createEnhancePromptApp(loadFunctionDeps(Deno.env.toObject())).fetch);
