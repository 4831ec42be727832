import { z } from "zod";

/** Variables a function needs once it talks to Upstash Redis over REST. */
export const redisEnvSchema = z.object({
  UPSTASH_REDIS_REST_URL: z.url(),
  UPSTASH_REDIS_REST_TOKEN: z.string(),
});
