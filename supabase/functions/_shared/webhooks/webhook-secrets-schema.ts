import { z } from "zod";

/**
 * An env variable of space-separated Standard Webhooks secrets (`whsec_<base64>`); several are
 * active while one is being rotated (WORKER_WEBHOOK_SECRETS, REPLICATE_WEBHOOK_SECRETS).
 */
export const webhookSecretsSchema = z.string()
  .transform((value) => value.split(/\s+/).filter(Boolean))
  .pipe(
    z.array(z.string().regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "must hold whsec_ secrets")).min(1),
  );
