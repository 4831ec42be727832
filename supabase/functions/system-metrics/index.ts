import { loadFunctionDeps } from "../_shared/load-function-deps.ts";
import { createSystemMetricsApp } from "./app.ts";

Deno.serve(createSystemMetricsApp(loadFunctionDeps(Deno.env.toObject())).fetch);
