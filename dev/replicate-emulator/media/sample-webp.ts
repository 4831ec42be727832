/** A valid 1×1 lossless WebP image, the kind of file a worker uploads as a thumbnail. */
export const sampleWebp: Buffer = Buffer.from(
  "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==",
  "base64",
);
