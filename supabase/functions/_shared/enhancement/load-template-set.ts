import type { Sql } from "postgres";
import { withServiceTransaction } from "../db/with-service-transaction.ts";

/** One immutable version of a prompt template. */
export interface EnhancementTemplate {
  name: string;
  version: number;
  systemPrompt: string;
  tokenLimit: number | null;
  enhancerModel: string;
}

/** What serves one template key: the production version, and a running test's candidate. */
export interface TemplateSet {
  production: EnhancementTemplate;
  candidate?: EnhancementTemplate;
  test?: { id: string; candidatePercent: number };
}

/**
 * Which templates to load: enhancement templates name a target model and job category; chat
 * templates (`chat_general`, `character_roleplay`, ...) name neither (null).
 */
export interface TemplateKey {
  useCase:
    | "enhancement"
    | "chat_general"
    | "character_roleplay"
    | "scene_narration"
    | "story_development";
  targetModel: string | null;
  jobCategory: "image" | "video" | null;
  contentMode: "sfw" | "nsfw";
}

interface VersionRow extends EnhancementTemplate {
  labels: string[];
  testId: string | null;
  candidatePercent: number | null;
}

/**
 * Loads the active template of a key with one query: the version its `production`
 * label names (its highest active version when unlabelled), its `candidate`, and a running A/B
 * test between them. Null when no active template matches; the content mode is never widened.
 */
export async function loadTemplateSet(sql: Sql, key: TemplateKey): Promise<TemplateSet | null> {
  const rows = await withServiceTransaction(sql, (tx) =>
    tx<VersionRow[]>`
      select t.template_name as name, t.version, t.system_prompt as "systemPrompt",
        t.token_limit as "tokenLimit", t.enhancer_model as "enhancerModel",
        array(select l.label from public.prompt_template_labels l
              where l.template_name = t.template_name and l.version = t.version) as labels,
        ab.id as "testId", ab.candidate_percent as "candidatePercent"
      from public.prompt_templates t
      left join public.prompt_ab_tests ab
        on ab.template_name = t.template_name and not ab.is_complete
      where t.is_active and t.use_case = ${key.useCase} and t.content_mode = ${key.contentMode}
        and t.target_model is not distinct from ${key.targetModel}
        and t.job_category is not distinct from ${key.jobCategory}
      order by t.template_name, t.version desc`);
  if (rows.length === 0) return null;
  const labelled = rows.find((row) => row.labels.includes("production"));
  const name = (labelled ?? rows[0]).name;
  const versions = rows.filter((row) => row.name === name);
  const production = labelled ?? versions[0];
  const candidate = versions.find((row) => row.labels.includes("candidate"));
  const test = production.testId !== null && production.candidatePercent !== null
    ? { id: production.testId, candidatePercent: production.candidatePercent }
    : undefined;
  return {
    production: templateOf(production),
    ...(candidate ? { candidate: templateOf(candidate) } : {}),
    ...(test ? { test } : {}),
  };
}

function templateOf(row: VersionRow): EnhancementTemplate {
  return {
    name: row.name,
    version: row.version,
    systemPrompt: row.systemPrompt,
    tokenLimit: row.tokenLimit,
    enhancerModel: row.enhancerModel,
  };
}
