import type { ISql } from "postgres";
import { afterAll, beforeAll } from "vitest";
import { insertRow } from "../../support/database-factories.ts";
import { type ActorName, type Actors, createActors } from "../../support/rls-actors.ts";
import {
  type ActorExpectations,
  DENIED,
  describeRlsMatrix,
  OK,
  RLS,
} from "../../support/rls-matrix.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";

type Fixtures = Awaited<ReturnType<typeof arrange>>;

let db: ScratchDatabase;
let actors: Actors;
let fixtures: Fixtures;

/** Two rows per table: one the frontend may read (active or public) and one only admins see. */
async function pair(
  sql: ISql,
  table: string,
  make: (visible: boolean, n: number) => Record<string, unknown>,
) {
  return {
    visible: (await insertRow(sql, table, make(true, 1))).id,
    hidden: (await insertRow(sql, table, make(false, 2))).id,
  };
}

async function arrange({ sql }: ScratchDatabase) {
  const [localProvider] = await sql<{ id: string }[]>`
    select id from public.api_providers where name = 'local'`;
  const setting = async (key: string, isPublic: boolean) => {
    await insertRow(sql, "public.system_config", {
      key,
      value: 1,
      value_type: "integer",
      description: "A test setting",
      is_public: isPublic,
    });
    return key;
  };
  const worker = (n: number) =>
    insertRow(sql, "public.workers", { worker_type: "sdxl", url: `http://10.0.0.${n}:7860` });
  // Labelled versions of templates of their own: a labelled version cannot be deleted.
  const label = async (templateName: string) => {
    await insertRow(sql, "public.prompt_templates", {
      template_name: templateName,
      use_case: "chat_general",
      enhancer_model: "qwen_instruct",
      system_prompt: "Be kind.",
    });
    await insertRow(sql, "public.prompt_template_labels", {
      template_name: templateName,
      label: "production",
      version: 1,
    });
    return templateName;
  };
  const delivery = async (id: string) => {
    await insertRow(sql, "public.webhook_deliveries", { source: "replicate", delivery_id: id });
    return id;
  };
  return {
    localProviderId: localProvider.id,
    settings: {
      visible: await setting("test.visible", true),
      hidden: await setting("test.hidden", false),
    },
    providers: await pair(sql, "public.api_providers", (is_active, n) => ({
      name: `provider_${n}`,
      display_name: "Provider",
      is_active,
    })),
    models: await pair(sql, "public.api_models", (is_active, n) => ({
      provider_id: localProvider.id,
      model_key: `model-${n}`,
      display_name: "Model",
      modality: "image",
      is_active,
    })),
    templates: await pair(sql, "public.prompt_templates", (is_active, n) => ({
      template_name: `template_${n}`,
      use_case: "chat_general",
      enhancer_model: "qwen_instruct",
      system_prompt: "Be brief.",
      is_active,
    })),
    negativePrompts: await pair(sql, "public.negative_prompts", (is_active) => ({
      model_type: "sdxl",
      negative_prompt: "blurry",
      is_active,
    })),
    presets: await pair(sql, "public.enhancement_presets", (is_active, n) => ({
      preset_name: `preset ${n}`,
      is_active,
    })),
    compelConfigs: await pair(sql, "public.compel_configs", (is_active, n) => ({
      config_name: `config ${n}`,
      weights: { quality: n },
      is_active,
    })),
    workers: { first: (await worker(1)).id, second: (await worker(2)).id },
    labels: { first: await label("labelled_1"), second: await label("labelled_2") },
    deliveries: { first: await delivery("msg_1"), second: await delivery("msg_2") },
  };
}

beforeAll(async () => {
  db = await startScratchDatabase();
  actors = await createActors(db.sql);
  fixtures = await arrange(db);
}, 60_000);

afterAll(async () => {
  await db?.stop();
});

const noAccess = { select: DENIED, insert: DENIED, update: DENIED, delete: DENIED } as const;
const both = ["hidden", "visible"];
const readVisibleAdminsWrite: Record<ActorName, ActorExpectations> = {
  anon: noAccess,
  userA: { select: ["visible"], insert: RLS, update: [], delete: [] },
  userB: { select: ["visible"], insert: RLS, update: [], delete: [] },
  admin: { select: both, insert: OK, update: both, delete: both },
  serviceRole: { select: both, insert: OK, update: both, delete: both },
};
const firstAndSecond = ["first", "second"];
const adminsOnly: Record<ActorName, ActorExpectations> = {
  anon: noAccess,
  userA: { select: [], insert: RLS, update: [], delete: [] },
  userB: { select: [], insert: RLS, update: [], delete: [] },
  admin: { select: firstAndSecond, insert: OK, update: firstAndSecond, delete: firstAndSecond },
  serviceRole: {
    select: firstAndSecond,
    insert: OK,
    update: firstAndSecond,
    delete: firstAndSecond,
  },
};

describeRlsMatrix(() => ({ sql: db.sql, actors, fixtures }), [
  {
    table: "system_config",
    key: "key",
    rows: (f) => f.settings,
    insert: () => ({
      key: "test.new",
      value: 3,
      value_type: "integer",
      description: "A new setting",
    }),
    updateColumn: "value",
    expect: readVisibleAdminsWrite,
  },
  {
    table: "api_providers",
    rows: (f) => f.providers,
    insert: () => ({ name: "provider_new", display_name: "New" }),
    updateColumn: "display_name",
    expect: readVisibleAdminsWrite,
  },
  {
    table: "api_models",
    rows: (f) => f.models,
    insert: (f) => ({
      provider_id: f.localProviderId,
      model_key: "model-new",
      display_name: "New model",
      modality: "chat",
    }),
    updateColumn: "display_name",
    expect: readVisibleAdminsWrite,
  },
  {
    table: "prompt_templates",
    rows: (f) => f.templates,
    insert: () => ({
      template_name: "template_new",
      use_case: "chat_general",
      enhancer_model: "qwen_instruct",
      system_prompt: "Say hello.",
    }),
    updateColumn: "description",
    expect: readVisibleAdminsWrite,
  },
  {
    table: "negative_prompts",
    rows: (f) => f.negativePrompts,
    insert: () => ({ model_type: "wan", negative_prompt: "flicker" }),
    updateColumn: "priority",
    expect: readVisibleAdminsWrite,
  },
  {
    table: "enhancement_presets",
    rows: (f) => f.presets,
    insert: () => ({ preset_name: "preset new" }),
    updateColumn: "preset_description",
    expect: readVisibleAdminsWrite,
  },
  {
    table: "compel_configs",
    rows: (f) => f.compelConfigs,
    insert: () => ({ config_name: "config new", weights: { detail: 1.1 } }),
    updateColumn: "config_name",
    expect: readVisibleAdminsWrite,
  },
  {
    table: "workers",
    rows: (f) => f.workers,
    insert: () => ({ worker_type: "wan", url: "http://10.0.0.9:7860" }),
    updateColumn: "status",
    expect: adminsOnly,
  },
  {
    table: "prompt_template_labels",
    key: "template_name",
    rows: (f) => f.labels,
    insert: () => ({ template_name: "labelled_1", label: "candidate", version: 1 }),
    updateColumn: "version",
    expect: {
      ...adminsOnly,
      serviceRole: { select: firstAndSecond, insert: DENIED, update: DENIED, delete: DENIED },
    },
  },
  {
    table: "webhook_deliveries",
    key: "delivery_id",
    rows: (f) => f.deliveries,
    insert: () => ({ source: "worker", delivery_id: "msg_new" }),
    updateColumn: "received_at",
    expect: {
      anon: noAccess,
      userA: noAccess,
      userB: noAccess,
      admin: noAccess,
      serviceRole: { select: firstAndSecond, insert: OK, update: DENIED, delete: firstAndSecond },
    },
  },
]);
