import { createPlaygroundChatApp } from "./app.ts";
import { loadPlaygroundChatDeps } from "./deps.ts";

Deno.serve(createPlaygroundChatApp(loadPlaygroundChatDeps(Deno.env.toObject())).fetch);
