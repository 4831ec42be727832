import { ValidationError } from "../errors/app-error.ts";
import type { StoredObject, StoredObjects } from "./stored-objects-column.ts";
import { jobObjectName } from "./job-object-name.ts";
import { WORKSPACE_BUCKET } from "../storage/bucket-names.ts";
import type { LockedJob } from "./lock-job.ts";
import type { ReportedAsset } from "./reported-asset.ts";

/** A reported asset whose files are in the job's folder and in Storage. */
export interface VerifiedOutput {
  asset: ReportedAsset;
  name: string;
  thumbnailName: string | null;
  /** Size and type as Storage measured them. */
  stored: StoredObject;
}

const OUTPUT_MIME_TYPES = new Set(["image/png", "image/jpeg", "image/webp", "video/mp4"]);

/**
 * Checks every reported asset before anything is written: paths inside the job's folder, indexes
 * unique, no file named twice, files (and thumbnails) uploaded, and the stored type matching the
 * asset type. `stored` holds what Storage recorded of the reported files (`lockJob`'s `outputs`).
 * Throws a ValidationError naming the first offending input.
 */
export function verifyJobOutputs(
  job: LockedJob,
  assets: ReportedAsset[],
  stored: StoredObjects,
): VerifiedOutput[] {
  const seenIndexes = new Set<number>();
  const named = assets.map((asset) => {
    if (seenIndexes.has(asset.index)) {
      throw new ValidationError(
        [asset.fields.index],
        `${asset.fields.index}: asset index ${asset.index} is reported twice`,
      );
    }
    seenIndexes.add(asset.index);
    return {
      asset,
      name: jobObjectName(asset.path, job, asset.fields.path),
      thumbnailName: asset.thumbnailPath
        ? jobObjectName(asset.thumbnailPath, job, asset.fields.thumbnail)
        : null,
    };
  });

  // One object per file and thumbnail: discarding an asset removes its objects, so a shared one
  // would vanish from under the asset still naming it.
  const claimedBy = new Map<string, string>();
  for (const { asset, name, thumbnailName } of named) {
    claimName(claimedBy, name, asset.fields.path);
    if (thumbnailName) claimName(claimedBy, thumbnailName, asset.fields.thumbnail);
  }

  return named.map(({ asset, name, thumbnailName }) => {
    const object = stored.get(name);
    if (!object) throw notUploaded(asset.fields.path, name);
    if (thumbnailName && !stored.has(thumbnailName)) {
      throw notUploaded(asset.fields.thumbnail, thumbnailName);
    }
    if (!OUTPUT_MIME_TYPES.has(object.mimeType) || !object.mimeType.startsWith(`${asset.type}/`)) {
      throw new ValidationError(
        [asset.fields.path],
        `${asset.fields.path}: the stored file is ${
          object.mimeType || "of unknown type"
        }, not a supported ${asset.type}`,
      );
    }
    return { asset, name, thumbnailName, stored: object };
  });
}

function claimName(claimedBy: Map<string, string>, name: string, field: string): void {
  const first = claimedBy.get(name);
  if (first) {
    throw new ValidationError([field], `${field}: ${name} is already reported as ${first}`);
  }
  claimedBy.set(name, field);
}

function notUploaded(field: string, name: string): ValidationError {
  return new ValidationError(
    [field],
    `${field}: ${WORKSPACE_BUCKET}/${name} has not been uploaded`,
  );
}
