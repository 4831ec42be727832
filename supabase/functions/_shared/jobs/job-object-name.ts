import { ValidationError } from "../errors/app-error.ts";
import { WORKSPACE_BUCKET } from "../storage/bucket-names.ts";
import { workspaceObjectName } from "./stored-objects-column.ts";

/**
 * A file name inside a job's folder: no slash, no leading dot, so it cannot climb out of the
 * folder or hide in a sub-folder ("0.png", "0.thumb.webp", "0.mp4").
 */
export const JOB_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;
const MAX_FILE_NAME_LENGTH = 100;

/** Whether `name` may be a file of a job's folder. */
export function isJobFileName(name: string): boolean {
  return name.length <= MAX_FILE_NAME_LENGTH && JOB_FILE_NAME.test(name);
}

/** The bucket-relative folder of a job's outputs: `<owner>/<job_id>/`. */
export function jobFolder(job: { id: string; user_id: string }): string {
  return `${job.user_id}/${job.id}/`;
}

/**
 * The object name (bucket-relative) of a path a worker reported, which must be a file directly
 * inside `workspace-temp/<owner>/<job_id>/`; a leading "workspace-temp/" is accepted and dropped.
 * Throws a ValidationError naming `field` otherwise.
 */
export function jobObjectName(
  path: string,
  job: { id: string; user_id: string },
  field: string,
): string {
  const name = workspaceObjectName(path);
  const folder = jobFolder(job);
  if (!name.startsWith(folder) || !isJobFileName(name.slice(folder.length))) {
    throw new ValidationError(
      [field],
      `${field}: must be a file directly inside ${WORKSPACE_BUCKET}/${folder}`,
    );
  }
  return name;
}
