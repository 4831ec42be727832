import { errorResponse } from "../_shared/http/openapi-responses.ts";

/** The error answers of every user route, for its OpenAPI declaration. */
export const userErrorResponses = {
  400: errorResponse("Invalid input; `error.fields` names it"),
  401: errorResponse("No valid user token"),
  404: errorResponse("Not found for this user (other users' items are never revealed)"),
  503: errorResponse("Storage or the database is unavailable; nothing was left half-done"),
};
