import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { CONFIG_CACHE_DOMAINS } from "../../../supabase/functions/_shared/cache-utils/config-cache-domains.ts";
import { invalidateCaches } from "../../../supabase/functions/_shared/cache-utils/create-cache.ts";
import { findFreePort } from "../../../dev/net/find-free-port.ts";
import { testRedis } from "../../support/job-factory.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";
import {
  call,
  createAdmin,
  enhanceAs,
  enhancementUsage,
  startEnhancePrompt,
} from "./enhance-prompt-harness.ts";

/** Two isolates of this process, and the stack's own Deno server of enhance-prompt. */
const first = startEnhancePrompt();
const second = startEnhancePrompt();
afterAll(() => Promise.all([first.close(), second.close()]));

let admin: TestUser;
let family: string;
let template: string;
beforeAll(async () => {
  admin = await createAdmin();
  // A model family of its own, so this file's labels and tests never touch other tests' templates.
  family = `fam_${crypto.randomUUID().slice(0, 8)}`;
  template = `${family}_image_sfw_enhancement`;
  await stackSql()`
    insert into public.api_models (provider_id, model_key, display_name, modality, model_family)
    select id, ${family}, 'test image model', 'image', ${family} from public.api_providers where name = 'local'`;
  for (const version of [1, 2]) {
    await stackSql()`
      insert into public.prompt_templates (template_name, version, use_case, content_mode,
        enhancer_model, target_model, job_category, token_limit, system_prompt)
      values (${template}, ${version}, 'enhancement', 'sfw', 'qwen_instruct', ${family}, 'image', 100,
        ${`Rewrite the prompt (version ${version}).`})`;
  }
  await invalidateCaches(testRedis, [
    CONFIG_CACHE_DOMAINS.apiModels,
    CONFIG_CACHE_DOMAINS.promptTemplates,
  ]);
});

const request = () => ({ prompt: "a lighthouse", model_id: family, contentType: "sfw" });

async function servedVersion(via: "first" | "second" | "deno", user: TestUser): Promise<number> {
  const response = via === "deno"
    ? await fetch(`${stack.functionsUrl}/enhance-prompt`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify(request()),
    })
    : await enhanceAs((via === "first" ? first : second).app, user, request());
  const body = await response.json();
  expect(body.enhancement_metadata.template_name).toBe(template);
  return body.enhancement_metadata.template_version;
}

/** Polls every server until each serves `version`; returns how long that took. */
async function allServe(version: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    // A new user each round, so polling never meets the per-user rate limit.
    const user = await createUser("poll");
    const versions = await Promise.all(
      (["first", "second", "deno"] as const).map((via) => servedVersion(via, user)),
    );
    if (versions.every((v) => v === version)) return Date.now() - started;
    if (Date.now() - started > 12_000) throw new Error(`still serving ${versions} after 12 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function moveLabel(label: string, version: number, as: TestUser = admin) {
  return call(first.app, as, "PUT", `/enhance-prompt/templates/${template}/labels/${label}`, {
    version,
  });
}

describe("template versions", () => {
  it("serves the highest version of an unlabelled template, then whatever production names, everywhere within seconds", async () => {
    await allServe(2);

    const moved = await moveLabel("production", 1);
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ version: 1, previous_version: null });
    expect(await allServe(1)).toBeLessThan(8_000);

    // The rollback is moving the label back.
    const back = await moveLabel("production", 2);
    expect(await back.json()).toMatchObject({ version: 2, previous_version: 1 });
    expect(await allServe(2)).toBeLessThan(8_000);
  });

  it("refuses to change a version in place", async () => {
    const change = stackSql()`
      update public.prompt_templates set system_prompt = 'changed' where template_name = ${template} and version = 1`;
    await expect(change).rejects.toMatchObject({ code: "PT409" });
    await stackSql()`update public.prompt_templates set description = 'retired soon' where template_name = ${template} and version = 1`;
  });

  it("answers 404 for a version that does not exist and 403 to a non-admin", async () => {
    expect((await moveLabel("production", 99)).status).toBe(404);
    expect((await moveLabel("production", 1, await createUser())).status).toBe(403);
  });
});

describe("prompt A/B tests", () => {
  it("splits users sticky between production and candidate, records the variant, and reports results", async () => {
    expect((await moveLabel("production", 2)).status).toBe(200);
    expect((await moveLabel("candidate", 1)).status).toBe(200);
    const started = await call(first.app, admin, "POST", "/enhance-prompt/ab-tests", {
      test_name: `split ${template}`,
      template_name: template,
      candidate_percent: 50,
    });
    expect(started.status).toBe(201);
    const test = await started.json();
    const again = await call(first.app, admin, "POST", "/enhance-prompt/ab-tests", {
      test_name: `second ${template}`,
      template_name: template,
      candidate_percent: 10,
    });
    expect(again.status).toBe(409);

    // A fresh isolate sees the test at once.
    const isolate = startEnhancePrompt();
    try {
      const users = await Promise.all(Array.from({ length: 16 }, () => createUser("ab")));
      const variants = new Map<string, string>();
      for (const user of users) {
        const body = await (await enhanceAs(isolate.app, user, request())).json();
        expect(body.enhancement_metadata.ab_test_id).toBe(test.id);
        variants.set(user.id, body.enhancement_metadata.ab_variant);
        expect(body.enhancement_metadata.template_version).toBe(
          body.enhancement_metadata.ab_variant === "candidate" ? 1 : 2,
        );
        const repeat = await (await enhanceAs(isolate.app, user, request())).json();
        expect(repeat.enhancement_metadata.ab_variant).toBe(body.enhancement_metadata.ab_variant);
      }
      expect(new Set(variants.values())).toEqual(new Set(["production", "candidate"]));
      for (const user of users) await enhancementUsage(user.id, 2);

      const results =
        await (await call(first.app, admin, "GET", `/enhance-prompt/ab-tests/${test.id}/results`))
          .json();
      const counted = Object.fromEntries(
        results.variants.map((
          v: { variant: string; enhancements: number },
        ) => [v.variant, v.enhancements]),
      );
      const expected = [...variants.values()].reduce<Record<string, number>>(
        (n, v) => ({ ...n, [v]: (n[v] ?? 0) + 2 }),
        {},
      );
      expect(counted).toEqual(expected);
      expect(results.variants[0].avg_latency_ms).not.toBeNull();

      const ended = await call(
        first.app,
        admin,
        "POST",
        `/enhance-prompt/ab-tests/${test.id}/complete`,
      );
      expect(await ended.json()).toMatchObject({ is_complete: true });
      const fresh = startEnhancePrompt();
      try {
        const after = await (await enhanceAs(fresh.app, users[0], request())).json();
        expect(after.enhancement_metadata).toMatchObject({ ab_test_id: null, template_version: 2 });
      } finally {
        await fresh.close();
      }
    } finally {
      await isolate.close();
    }
  });
});

describe("cache outage", () => {
  it("falls back to the database, never to an error, when Redis is unreachable", async () => {
    const deadRedis = `http://127.0.0.1:${await findFreePort()}`;
    const isolate = startEnhancePrompt({ UPSTASH_REDIS_REST_URL: deadRedis });
    try {
      const body = await (await enhanceAs(isolate.app, await createUser(), request())).json();
      expect(body).toMatchObject({ enhancement_strategy: "template_enhancement" });
      expect(body.enhancement_metadata).toMatchObject({
        template_name: template,
        cache_hit: false,
      });
    } finally {
      await isolate.close();
    }
  });
});
