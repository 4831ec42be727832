import { bodyLimit } from "hono/body-limit";
import { PayloadTooLargeError } from "../errors/app-error.ts";

/**
 * Refuses a request body larger than `maxBytes` with 413 PAYLOAD_TOO_LARGE in the shared error
 * shape, before it is read (Content-Length) or while it is (a chunked body).
 * @example app.use(limitBodySize(64 * 1024));
 */
export function limitBodySize(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError();
    },
  });
}
