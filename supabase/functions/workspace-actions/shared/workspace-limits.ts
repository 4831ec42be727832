/** Most items one save or discard request may name (more is a 400); also a clear's batch size. */
export const MAX_BATCH_ITEMS = 100;

/** Most items one clear may save to the library first, keeping the request well inside its time limit. */
export const MAX_CLEAR_SAVE_ITEMS = 500;

/** Page size of the workspace and library lists when the caller names none, and the most allowed. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

/** Lifetime of the signed file and thumbnail URLs in list answers. */
export const SIGNED_URL_TTL_SECONDS = 3600;

/**
 * How long a copy in flight may take before the cleanup treats its destination as orphaned
 * (the copying request died between copying and inserting the row that owns the copy).
 */
export const COPY_GRACE_SECONDS = 900;

/** Expired workspace assets and due storage removals one cleanup run handles at most. */
export const CLEANUP_BATCH = 500;
