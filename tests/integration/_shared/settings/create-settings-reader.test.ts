import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSettingsReader } from "../../../../supabase/functions/_shared/settings/create-settings-reader.ts";
import { SETTING_DEFINITIONS } from "../../../../supabase/functions/_shared/settings/setting-definitions.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../../support/scratch-database.ts";
import { stackSql } from "../../../support/stack.ts";

describe("system_config settings", () => {
  it("has a definition for every seeded setting, and a seeded value for every definition", async () => {
    const rows = await stackSql()<{ key: string; value: unknown }[]>`
      select key, value from public.system_config order by key`;
    expect(rows.map((row) => row.key)).toEqual(Object.keys(SETTING_DEFINITIONS).sort());
    for (const { key, value } of rows) {
      const definition = SETTING_DEFINITIONS[key as keyof typeof SETTING_DEFINITIONS];
      expect(definition.schema.safeParse(value).success, key).toBe(true);
    }
  });

  describe("read", () => {
    let db: ScratchDatabase;
    beforeAll(async () => {
      db = await startScratchDatabase();
    });
    afterAll(() => db.stop());

    it("reads the seeded values, typed", async () => {
      const settings = createSettingsReader({ sql: db.sql });
      expect(
        await settings.read(["credits.job_cost.sdxl_image_fast", "chat.default_content_tier"]),
      ).toEqual({ "credits.job_cost.sdxl_image_fast": 1, "chat.default_content_tier": "sfw" });
    });

    it("reads a malformed or missing setting that has a safe fallback as the fallback", async () => {
      await db.sql`update public.system_config set value = '"soon"', value_type = 'string'
        where key = 'jobs.lease_seconds.sdxl_queue'`;
      await db.sql`delete from public.system_config where key = 'workspace.asset_ttl_days'`;
      const settings = createSettingsReader({ sql: db.sql });
      expect(await settings.read(["jobs.lease_seconds.sdxl_queue", "workspace.asset_ttl_days"]))
        .toEqual({ "jobs.lease_seconds.sdxl_queue": 300, "workspace.asset_ttl_days": 7 });
    });

    it("refuses service, naming the setting in the log, when a price is missing", async () => {
      await db.sql`delete from public.system_config where key = 'credits.job_cost.rv51_high'`;
      const settings = createSettingsReader({ sql: db.sql });
      const failure = await settings.read(["credits.job_cost.rv51_high"]).catch((error) => error);
      expect(failure).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
      expect(String(failure.cause)).toContain('system_config "credits.job_cost.rv51_high"');
    });

    it("loads the whole table once per isolate, whatever mix of settings is read", async () => {
      let queries = 0;
      const counted = new Proxy(db.sql, {
        get(target, property, receiver) {
          if (property === "begin") queries++;
          return Reflect.get(target, property, receiver);
        },
      });
      const settings = createSettingsReader({ sql: counted });
      await settings.read(["jobs.max_attempts"]);
      await settings.read(["rate_limits.queue_job.per_minute", "jobs.max_unfinished_per_user"]);
      expect(queries).toBe(1);
    });
  });
});
