import { createWorkspaceActionsApp } from "./app.ts";
import { loadWorkspaceActionsDeps } from "./deps.ts";

Deno.serve(createWorkspaceActionsApp(loadWorkspaceActionsDeps(Deno.env.toObject())).fetch);
