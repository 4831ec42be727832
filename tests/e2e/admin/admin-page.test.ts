import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { launchChromium } from "../../../dev/browser/launch-chromium.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";

let chromium: Awaited<ReturnType<typeof launchChromium>>;
let admin: TestUser;
const workerUrl = `http://10.9.${Math.floor(Math.random() * 250)}.${
  Math.floor(Math.random() * 250)
}:7860`;
let failedJobId: string;

async function signIn(page: Page, user: TestUser) {
  await page.goto(`${stack.apiUrl}/admin/`);
  await page.fill("#token", user.accessToken);
  await page.click("#sign-in button[type=submit]");
}

beforeAll(async () => {
  chromium = await launchChromium();
  admin = await createUser("admin-page");
  const sql = stackSql();
  await sql`insert into public.user_roles (user_id, role) values (${admin.id}, 'admin')`;
  await sql`
    insert into public.workers (worker_type, url, status, response_time_ms, last_checked_at, version)
    values ('sdxl', ${workerUrl}, 'healthy', 12, now(), '9.9.9')`;
  const [job] = await sql`
    insert into public.jobs (user_id, job_type, model_type, format, quality, queue_name, status,
      error_code, completed_at)
    values (${admin.id}, 'sdxl_image_fast', 'sdxl', 'image', 'fast', 'sdxl_queue', 'failed',
      'admin_page_test', now())
    returning id`;
  failedJobId = job.id;
}, 120_000);

afterAll(async () => {
  await stackSql()`delete from public.workers where url = ${workerUrl}`;
  await chromium?.close();
});

describe("the admin page (/admin/ in a real browser)", () => {
  it("shows an admin the figures the API returns", async () => {
    const page = await chromium.context.newPage();
    await signIn(page, admin);
    await page.waitForSelector("#dashboard:not([hidden])");

    const metrics = await (await fetch(`${stack.functionsUrl}/system-metrics`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin.accessToken}` },
    })).json();
    const workerRow = page.locator("#workers tbody tr", { hasText: workerUrl });
    await expect(workerRow.locator("td").allTextContents()).resolves.toEqual([
      "sdxl",
      workerUrl,
      "healthy",
      "12 ms",
      expect.any(String),
      "9.9.9",
    ]);
    const failedRow = page.locator("#failed tbody tr", { hasText: failedJobId });
    expect(await failedRow.locator("td").nth(3).textContent()).toBe("admin_page_test");
    expect(await page.locator("#queues .card .label").first().textContent()).toBe(
      "sdxl_queue: jobs waiting",
    );
    expect(Number(await page.locator("#queues .card .value").first().textContent()))
      .toBeGreaterThanOrEqual(0);
    expect(metrics.workers.sdxl.some((w: { url: string }) => w.url === workerUrl)).toBe(true);
    expect(await page.locator("#routes tbody tr").count()).toBeGreaterThan(0);
    expect(await page.locator("#status").textContent()).toMatch(
      /^Updated .*refreshes every 10 s\.$/,
    );
    if (process.env.ADMIN_PAGE_SCREENSHOT) {
      await page.screenshot({ path: process.env.ADMIN_PAGE_SCREENSHOT, fullPage: true });
    }
    await page.close();
  });

  it("tells a signed-in user who is not an admin that they are refused, and shows no figures", async () => {
    const page = await chromium.context.newPage();
    await signIn(page, await createUser("not-admin-page"));
    await page.waitForSelector("#status.error");
    expect(await page.locator("#status").textContent()).toBe(
      "Refused: this account is not an admin. The dashboard is for admins only.",
    );
    expect(await page.locator("#dashboard").isHidden()).toBe(true);
    await page.close();
  });
});
