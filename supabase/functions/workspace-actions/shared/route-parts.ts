import { z } from "@hono/zod-openapi";
import { errorResponse } from "../../_shared/http/openapi-responses.ts";

/** `{id}` in a route path. */
export const idParamSchema = z.object({
  id: z.uuid().openapi({
    param: { name: "id", in: "path" },
    example: "0b7f7c1e-2f4c-4d57-9a55-2f7b8f0f4a11",
  }),
});

/** The error answers of every user route, for its OpenAPI declaration. */
export const userErrorResponses = {
  400: errorResponse("Invalid input; `error.fields` names it"),
  401: errorResponse("No valid user token"),
  404: errorResponse("Not found for this user (other users' items are never revealed)"),
  503: errorResponse("Storage or the database is unavailable; nothing was left half-done"),
};
