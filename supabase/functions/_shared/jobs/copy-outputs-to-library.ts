import { ServiceUnavailableError } from "../errors/app-error.ts";
import type { ServiceStorage } from "../storage/create-service-storage.ts";
import { LIBRARY_BUCKET, WORKSPACE_BUCKET } from "../storage/bucket-names.ts";

/**
 * Copies job outputs from workspace-temp to the same names in user-library, so library entries
 * never point at files that expire with the workspace.
 */
export async function copyOutputsToLibrary(
  storage: ServiceStorage,
  names: string[],
): Promise<void> {
  await Promise.all(names.map((name) => copyOutput(storage, name)));
}

async function copyOutput(storage: ServiceStorage, name: string): Promise<void> {
  const copy = () =>
    storage.from(WORKSPACE_BUCKET).copy(name, name, { destinationBucket: LIBRARY_BUCKET });
  let { error } = await copy();
  if (error && "statusCode" in error && error.statusCode === "409") {
    // Left by an earlier delivery that rolled back: replace it so the entry holds these bytes.
    const removed = await storage.from(LIBRARY_BUCKET).remove([name]);
    if (removed.error) throw unavailable(removed.error);
    ({ error } = await copy());
  }
  if (error) throw unavailable(error);
}

function unavailable(cause: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError("Storage could not copy the outputs to the library", {
    cause,
    dependency: "storage",
  });
}
