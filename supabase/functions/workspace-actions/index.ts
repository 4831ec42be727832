import { loadFunctionDeps } from "../_shared/load-function-deps.ts";
import { createWorkspaceActionsApp } from "./app.ts";

Deno.serve(createWorkspaceActionsApp(loadFunctionDeps(Deno.env.toObject())).fetch);
