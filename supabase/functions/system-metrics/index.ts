import { createSystemMetricsApp } from "./app.ts";
import { loadSystemMetricsDeps } from "./deps.ts";

Deno.serve(createSystemMetricsApp(loadSystemMetricsDeps(Deno.env.toObject())).fetch);
