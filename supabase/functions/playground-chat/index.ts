import { loadFunctionDeps } from "../_shared/load-function-deps.ts";
import { createPlaygroundChatApp } from "./app.ts";

Deno.serve(createPlaygroundChatApp(loadFunctionDeps(Deno.env.toObject())).fetch);
