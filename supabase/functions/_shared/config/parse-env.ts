import type { z } from "zod";

/** Raw environment as `Deno.env.toObject()` or `process.env` hands it over. */
export type RawEnv = Record<string, string | undefined>;

/**
 * Validates the environment once, at boot, and throws an Error naming every bad variable.
 * Blank values count as unset, so `FOO=` in an env file never becomes an empty setting.
 * @example parseEnv(z.object({ SUPABASE_DB_URL: z.url() }), Deno.env.toObject())
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: RawEnv): z.output<S> {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => describeIssue(issue, present));
  throw new Error(`Invalid environment: ${problems.join("; ")}`);
}

function describeIssue(issue: z.core.$ZodIssue, env: RawEnv): string {
  const name = issue.path.join(".");
  if (env[name] === undefined) return `${name} is required`;
  if (issue.code === "invalid_format" && issue.format === "url") return `${name} must be a URL`;
  return `${name}: ${issue.message}`;
}
