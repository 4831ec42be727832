import { loadFunctionDeps } from "../_shared/load-function-deps.ts";
import { createJobCallbackApp } from "./app.ts";

Deno.serve(createJobCallbackApp(loadFunctionDeps(Deno.env.toObject())).fetch);
