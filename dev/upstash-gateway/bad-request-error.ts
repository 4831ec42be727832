/** A request the gateway cannot turn into Redis commands; answered with HTTP 400. */
export class BadRequestError extends Error {
  override name = "BadRequestError";
}
