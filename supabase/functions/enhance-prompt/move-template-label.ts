import postgres from "postgres";
import type { AuthUser } from "../_shared/auth/require-user.ts";
import { withUserTransaction } from "../_shared/db/with-user-transaction.ts";
import { NotFoundError } from "../_shared/errors/app-error.ts";
import type { EnhancePromptDeps } from "./deps.ts";
import { refreshTemplateCaches } from "./refresh-template-caches.ts";

/** Points a template's label at a version: a release, or a rollback when moved back. */
export async function moveTemplateLabel(
  deps: Pick<EnhancePromptDeps, "sql" | "redis">,
  admin: AuthUser,
  input: { templateName: string; label: "production" | "candidate"; version: number },
): Promise<
  { template_name: string; label: string; version: number; previous_version: number | null }
> {
  const previous = await withUserTransaction(deps.sql, admin, async (tx) => {
    const [before] = await tx<{ version: number }[]>`
      select version from public.prompt_template_labels
      where template_name = ${input.templateName} and label = ${input.label}
      for update`;
    await tx`
      insert into public.prompt_template_labels (template_name, label, version, moved_by)
      values (${input.templateName}, ${input.label}, ${input.version}, ${admin.id})
      on conflict (template_name, label) do update
        set version = excluded.version, moved_by = excluded.moved_by, moved_at = now()`;
    return before?.version ?? null;
  }).catch((error) => {
    // The foreign key names a version that does not exist.
    if (error instanceof postgres.PostgresError && error.code === "23503") {
      throw new NotFoundError("template version", `${input.templateName}@${input.version}`);
    }
    throw error;
  });
  await refreshTemplateCaches(deps.redis);
  return {
    template_name: input.templateName,
    label: input.label,
    version: input.version,
    previous_version: previous,
  };
}
