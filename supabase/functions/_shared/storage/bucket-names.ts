/** Generated outputs waiting in the workspace: `<user_id>/<job_id>/<i>.png` (CONTRACTS.md). */
export const WORKSPACE_BUCKET = "workspace-temp";

/** Saved assets: `<user_id>/<library_item_id>.<ext>`, thumbnail `<user_id>/<library_item_id>.thumb.<ext>`. */
export const LIBRARY_BUCKET = "user-library";

/** Users' uploaded reference images: `<user_id>/...`. */
export const REFERENCE_BUCKET = "reference_images";

/** Buckets a job may take reference images from (always files in the job owner's own folder). */
export const REFERENCE_BUCKETS = [LIBRARY_BUCKET, WORKSPACE_BUCKET, REFERENCE_BUCKET] as const;

/** Public character and profile pictures: `<user_id>/...`. */
export const AVATAR_BUCKET = "avatars";

/** Experiment exports of playground-chat: `<user_id>/<export_id>.<json|csv>`, signed URLs only. */
export const EXPERIMENT_EXPORT_BUCKET = "experiment-exports";
