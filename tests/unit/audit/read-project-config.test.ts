import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readProjectConfig } from "../../../audit/read-project-config.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "audit-config-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function configFile(text: string): Promise<string> {
  const file = join(dir, `${crypto.randomUUID()}.toml`);
  await writeFile(file, text);
  return file;
}

describe("readProjectConfig", () => {
  it("takes the exposed schemas from [api] schemas, with the CLI's default when absent", async () => {
    expect(
      (await readProjectConfig(await configFile('[api]\nschemas = ["public", "api"]\n')))
        .exposedSchemas,
    )
      .toEqual(["public", "api"]);
    expect((await readProjectConfig(await configFile("[db]\nport = 1\n"))).exposedSchemas)
      .toEqual(["public", "graphql_public"]);
  });

  it("turns configured buckets into intended buckets, sizes in bytes", async () => {
    const { buckets } = await readProjectConfig(
      await configFile(`
[storage.buckets.invoices]
public = false
file_size_limit = "5MiB"
allowed_mime_types = ["application/pdf", "image/png"]

[storage.buckets.logos]
public = true
`),
    );
    expect(buckets.map((b) => [b.name, b.props])).toEqual([
      ["invoices", {
        public: false,
        fileSizeLimit: 5 * 1024 * 1024,
        allowedMimeTypes: "application/pdf, image/png",
      }],
      ["logos", { public: true, fileSizeLimit: null, allowedMimeTypes: null }],
    ]);
    expect(buckets[0].create).toBe(
      "insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types) values ('invoices', " +
        "'invoices', false, 5242880, array['application/pdf', 'image/png']) on conflict (id) do nothing;",
    );
  });

  it("names a bucket whose size it cannot read", async () => {
    await expect(
      readProjectConfig(await configFile('[storage.buckets.big]\nfile_size_limit = "lots"\n')),
    )
      .rejects.toThrow('[storage.buckets.big] file_size_limit "lots" is not a size like "50MiB"');
  });
});
