import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { createSupabaseClient } from "../../support/create-supabase-client.ts";
import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintApiKeys, mintJwt } from "../../../dev/auth/mint-jwt.ts";
import { loadOrCreateStackKeys } from "../../../dev/auth/stack-keys.ts";
import { createStackJwtVerifier } from "../../../dev/auth/verify-stack-jwt.ts";
import { findFreePort } from "../../../dev/net/find-free-port.ts";
import { createStorageApi } from "../../../dev/storage-api/create-storage-api.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";

// Storage setup as the project's migrations will do it: private buckets keyed on the owner's folder.
const projectStorageSql = `
  insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types) values
    ('user-library', 'user-library', false, null, null),
    ('reference_images', 'reference_images', false, 1024, '{image/png,image/jpeg}'),
    ('videos', 'videos', true, null, null);

  create policy "users can read their own files" on storage.objects for select to authenticated
    using (bucket_id in ('user-library', 'reference_images')
           and (storage.foldername(name))[1] = (select auth.uid())::text);
  create policy "users can upload into their own folder" on storage.objects for insert to authenticated
    with check (bucket_id in ('user-library', 'reference_images')
                and (storage.foldername(name))[1] = (select auth.uid())::text);
  create policy "users can replace their own files" on storage.objects for update to authenticated
    using (bucket_id in ('user-library', 'reference_images')
           and (storage.foldername(name))[1] = (select auth.uid())::text)
    with check (bucket_id in ('user-library', 'reference_images')
                and (storage.foldername(name))[1] = (select auth.uid())::text);
  create policy "users can delete their own files" on storage.objects for delete to authenticated
    using (bucket_id in ('user-library', 'reference_images')
           and (storage.foldername(name))[1] = (select auth.uid())::text);
`;

const userA = randomUUID();
const userB = randomUUID();
let tempDir: string;
let filesDir: string;
let database: ScratchDatabase;
let sql: Sql;
let server: ServerType;
let baseUrl: string;
let storage: { a: Storage; b: Storage; anon: Storage; service: Storage };
type Storage = ReturnType<typeof createSupabaseClient>["storage"];

beforeAll(async () => {
  tempDir = await mkdtemp(join(tmpdir(), "storage-api-test-"));
  const supabaseDir = join(tempDir, "supabase");
  await mkdir(join(supabaseDir, "migrations"), { recursive: true });
  database = await startScratchDatabase(supabaseDir);
  sql = database.sql;
  await sql.unsafe(projectStorageSql);
  await sql`insert into auth.users (id, email) values (${userA}, 'a@example.com'), (${userB}, 'b@example.com')`;

  const keys = await loadOrCreateStackKeys(
    join(tempDir, "keys", "signing-key.json"),
    "http://127.0.0.1:1",
  );
  const { anonKey, serviceRoleKey } = await mintApiKeys(keys);
  filesDir = join(tempDir, "storage");
  const app = createStorageApi({
    sql,
    filesDir,
    verifyJwt: createStackJwtVerifier(keys),
    signingSecret: keys.legacyJwtSecret,
  });
  const port = await findFreePort();
  server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${port}`;

  const storageAs = (apiKey: string, userJwt?: string): Storage =>
    createSupabaseClient(baseUrl, apiKey, userJwt).storage;
  storage = {
    a: storageAs(
      anonKey,
      await mintJwt(keys, { role: "authenticated", sub: userA, email: "a@example.com" }),
    ),
    b: storageAs(
      anonKey,
      await mintJwt(keys, { role: "authenticated", sub: userB, email: "b@example.com" }),
    ),
    anon: storageAs(anonKey),
    service: storageAs(serviceRoleKey),
  };
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await database?.stop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

const bytes = (text: string) => new TextEncoder().encode(text);
const onDisk = (bucket: string, name: string) =>
  existsSync(join(filesDir, bucket, ...name.split("/")));

async function textOf(download: Promise<{ data: Blob | null; error: unknown }>): Promise<string> {
  const { data, error } = await download;
  expect(error).toBeNull();
  return data!.text();
}

async function uploadAsA(name: string, text: string, contentType = "text/plain") {
  const { error } = await storage.a.from("user-library").upload(name, bytes(text), { contentType });
  expect(error).toBeNull();
}

describe("uploads and downloads", () => {
  it("round-trips the bytes and the content type, and records the uploader as owner", async () => {
    const name = `${userA}/round-trip/photo.png`;
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const { data, error } = await storage.a.from("user-library").upload(name, png, {
      contentType: "image/png",
    });
    expect(error).toBeNull();
    expect(data).toMatchObject({
      path: name,
      fullPath: `user-library/${name}`,
      id: expect.any(String),
    });

    const download = await storage.a.from("user-library").download(name);
    expect(download.data?.type).toBe("image/png");
    expect(new Uint8Array(await download.data!.arrayBuffer())).toEqual(png);
    expect(onDisk("user-library", name)).toBe(true);
    const [row] =
      await sql`select owner, owner_id, metadata from storage.objects where name = ${name}`;
    expect(row).toMatchObject({
      owner: userA,
      owner_id: userA,
      metadata: { size: 8, mimetype: "image/png" },
    });
  });

  it("takes a Blob as multipart form data, keeping the Blob's type", async () => {
    const name = `${userA}/multipart/ref.jpg`;
    const { error } = await storage.a.from("reference_images").upload(
      name,
      new Blob(["jpeg bytes"], { type: "image/jpeg" }),
    );
    expect(error).toBeNull();

    const download = await storage.a.from("reference_images").download(name);
    expect(download.data?.type).toBe("image/jpeg");
    expect(await download.data?.text()).toBe("jpeg bytes");
  });

  it("refuses to overwrite without upsert, and replaces with upsert or update", async () => {
    const name = `${userA}/overwrite.txt`;
    await uploadAsA(name, "first");

    const again = await storage.a.from("user-library").upload(name, bytes("second"));
    expect(again.error).toMatchObject({
      statusCode: "409",
      message: "The resource already exists",
    });
    expect(await textOf(storage.a.from("user-library").download(name))).toBe("first");

    expect(
      (await storage.a.from("user-library").upload(name, bytes("third"), { upsert: true })).error,
    ).toBeNull();
    expect(await textOf(storage.a.from("user-library").download(name))).toBe("third");
    expect((await storage.a.from("user-library").update(name, bytes("fourth"))).error).toBeNull();
    expect(await textOf(storage.a.from("user-library").download(name))).toBe("fourth");
  });

  it("reports an object's info and whether it exists", async () => {
    const name = `${userA}/info.txt`;
    await uploadAsA(name, "12345");

    const { data } = await storage.a.from("user-library").info(name);
    expect(data).toMatchObject({
      name,
      size: 5,
      contentType: "text/plain",
      bucketId: "user-library",
    });
    expect((await storage.a.from("user-library").exists(name)).data).toBe(true);
    expect((await storage.a.from("user-library").exists(`${userA}/missing.txt`)).data).toBe(false);
  });

  it("copies and moves objects, on disk too", async () => {
    const original = `${userA}/copy/original.txt`;
    const copy = `${userA}/copy/copy.txt`;
    const moved = `${userA}/moved/renamed.txt`;
    await uploadAsA(original, "copy me");

    expect((await storage.a.from("user-library").copy(original, copy)).data).toEqual({
      path: `user-library/${copy}`,
    });
    expect((await storage.a.from("user-library").move(copy, moved)).error).toBeNull();

    expect(await textOf(storage.a.from("user-library").download(original))).toBe("copy me");
    expect(await textOf(storage.a.from("user-library").download(moved))).toBe("copy me");
    expect((await storage.a.from("user-library").download(copy)).error).toMatchObject({
      message: "Object not found",
    });
    expect(onDisk("user-library", copy)).toBe(false);
    expect(onDisk("user-library", moved)).toBe(true);
  });

  it("removes objects: rows and files are gone, and the removed rows are returned", async () => {
    const names = [`${userA}/remove/one.txt`, `${userA}/remove/two.txt`];
    for (const name of names) await uploadAsA(name, name);

    const { data, error } = await storage.a.from("user-library").remove(names);
    expect(error).toBeNull();
    expect(data?.map((row) => row.name).sort()).toEqual([...names].sort());
    expect(await sql`select 1 from storage.objects where name = any(${names})`).toHaveLength(0);
    expect(names.some((name) => onDisk("user-library", name))).toBe(false);
  });

  it("lists a folder: sub-folders first, then files with their metadata", async () => {
    await uploadAsA(`${userA}/list/b.txt`, "b");
    await uploadAsA(`${userA}/list/a.txt`, "aa");
    await uploadAsA(`${userA}/list/sub/c.txt`, "c");

    const { data } = await storage.a.from("user-library").list(`${userA}/list`);
    expect(data?.map((entry) => [entry.name, entry.id === null])).toEqual([["sub", true], [
      "a.txt",
      false,
    ], ["b.txt", false]]);
    expect(data?.[1]?.metadata).toMatchObject({ size: 2, mimetype: "text/plain" });
    expect(
      (await storage.a.from("user-library").list(`${userA}/list`, { search: "b" })).data?.map((e) =>
        e.name
      ),
    ).toEqual(["b.txt"]);
  });
});

describe("signed URLs", () => {
  const name = `${userA}/signed/report.txt`;
  beforeAll(() => uploadAsA(name, "signed content"));

  it("lets plain fetch download through createSignedUrl, and refuses a tampered token or another path", async () => {
    const { data } = await storage.a.from("user-library").createSignedUrl(name, 60);
    const response = await fetch(data!.signedUrl);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("signed content");

    const url = new URL(data!.signedUrl);
    const [header, payload, signature] = url.searchParams.get("token")!.split(".");
    url.searchParams.set(
      "token",
      `${header}.${payload}.${signature!.startsWith("A") ? "B" : "A"}${signature!.slice(1)}`,
    );
    const tampered = await fetch(url);
    expect(tampered.status).toBe(400);
    expect(await tampered.json()).toMatchObject({
      statusCode: "400",
      error: "InvalidJWT",
      message: "invalid signature",
    });

    const otherPath = await fetch(data!.signedUrl.replace("report.txt", "other.txt"));
    expect(await otherPath.json()).toMatchObject({ statusCode: "400", code: "InvalidSignature" });
  });

  it("refuses an expired signed URL", async () => {
    const { data } = await storage.a.from("user-library").createSignedUrl(name, 1);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const response = await fetch(data!.signedUrl);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "InvalidJWT", message: "jwt expired" });
  });

  it("signs a batch with createSignedUrls and names the paths it cannot sign", async () => {
    const { data } = await storage.a.from("user-library").createSignedUrls([
      name,
      `${userA}/signed/missing.txt`,
    ], 60);
    expect(await (await fetch(data![0]!.signedUrl!)).text()).toBe("signed content");
    expect(data![1]).toMatchObject({
      signedUrl: null,
      error: "Either the object does not exist or you do not have access to it",
    });
  });

  it("stores an uploadToSignedUrl upload as owned by the URL's creator", async () => {
    const target = `${userA}/signed-upload/client.png`;
    const { data } = await storage.a.from("user-library").createSignedUploadUrl(target);
    const upload = await storage.anon.from("user-library").uploadToSignedUrl(
      target,
      data!.token,
      bytes("via supabase-js"),
      {
        contentType: "image/png",
      },
    );
    expect(upload.error).toBeNull();
    const [row] =
      await sql`select owner, metadata->>'mimetype' as mimetype from storage.objects where name = ${target}`;
    expect(row).toEqual({ owner: userA, mimetype: "image/png" });
  });

  it("accepts a worker's plain PUT without credentials, once, for that path only", async () => {
    const target = `${userA}/job-1/0.png`;
    const { data } = await storage.a.from("user-library").createSignedUploadUrl(target);
    const put = (url: string) =>
      fetch(url, {
        method: "PUT",
        body: bytes("gpu output"),
        headers: { "content-type": "image/png" },
      });

    const response = await put(data!.signedUrl);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ Key: `user-library/${target}` });
    expect(await textOf(storage.a.from("user-library").download(target))).toBe("gpu output");
    expect((await sql`select owner from storage.objects where name = ${target}`)[0]).toEqual({
      owner: userA,
    });

    expect(await (await put(data!.signedUrl)).json()).toMatchObject({
      statusCode: "409",
      error: "Duplicate",
    });
    expect(await (await put(data!.signedUrl.replace("0.png", "1.png"))).json()).toMatchObject({
      code: "InvalidSignature",
    });
  });
});

describe("access like hosted Storage: RLS on storage.objects decides", () => {
  const name = `${userA}/private/secret.txt`;
  beforeAll(() => uploadAsA(name, "only for A"));

  it("hides A's objects from B: download, info, list and sign report them missing", async () => {
    const library = storage.b.from("user-library");
    expect((await library.download(name)).error).toMatchObject({
      statusCode: "404",
      message: "Object not found",
    });
    expect((await library.info(name)).error).toMatchObject({
      statusCode: "404",
      message: "Object not found",
    });
    expect((await library.createSignedUrl(name, 60)).error).toMatchObject({
      message: "Object not found",
    });
    expect((await library.list(`${userA}/private`)).data).toEqual([]);
  });

  it("lets B neither remove, move, copy nor replace A's objects", async () => {
    const library = storage.b.from("user-library");
    expect((await library.remove([name])).data).toEqual([]);
    expect((await library.move(name, `${userB}/stolen.txt`)).error).toMatchObject({
      message: "Object not found",
    });
    expect((await library.copy(name, `${userB}/stolen.txt`)).error).toMatchObject({
      message: "Object not found",
    });
    expect((await library.upload(name, bytes("overwritten"), { upsert: true })).error)
      .toMatchObject({
        statusCode: "403",
        message: "new row violates row-level security policy",
      });
    expect(await textOf(storage.a.from("user-library").download(name))).toBe("only for A");
  });

  it("refuses B's uploads into A's folder, directly or through a signed upload URL", async () => {
    const library = storage.b.from("user-library");
    const refused = { statusCode: "403", message: "new row violates row-level security policy" };
    expect((await library.upload(`${userA}/from-b.txt`, bytes("x"))).error).toMatchObject(refused);
    expect((await library.createSignedUploadUrl(`${userA}/from-b.txt`)).error).toMatchObject(
      refused,
    );
    expect(onDisk("user-library", `${userA}/from-b.txt`)).toBe(false);
  });

  it("gives anon nothing in private buckets", async () => {
    expect((await storage.anon.from("user-library").download(name)).error).toMatchObject({
      message: "Object not found",
    });
    expect((await storage.anon.from("user-library").list(userA)).data).toEqual([]);
    expect((await storage.anon.from("user-library").upload(`${userA}/anon.txt`, bytes("x"))).error)
      .toMatchObject({
        statusCode: "403",
      });
  });

  it("refuses requests whose token the project did not sign", async () => {
    const response = await fetch(`${baseUrl}/storage/v1/object/user-library/${name}`, {
      headers: { Authorization: "Bearer not.a.jwt" },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: "403", error: "Unauthorized" });
  });

  it("lets the service role do everything, bypassing RLS", async () => {
    const library = storage.service.from("user-library");
    const serviceName = `${userA}/from-service.txt`;
    expect((await library.upload(serviceName, bytes("by service"))).error).toBeNull();
    expect(await textOf(library.download(name))).toBe("only for A");
    expect((await library.list(userA)).data?.map((entry) => entry.name)).toContain(
      "from-service.txt",
    );
    expect((await library.remove([serviceName])).data).toHaveLength(1);
  });

  it("shows buckets only through policies on storage.buckets: none for users, all for the service role", async () => {
    expect((await storage.a.listBuckets()).data).toEqual([]);
    expect((await storage.service.listBuckets()).data?.map((bucket) => bucket.id)).toEqual([
      "reference_images",
      "user-library",
      "videos",
    ]);
    expect((await storage.service.getBucket("reference_images")).data).toMatchObject({
      public: false,
      file_size_limit: 1024,
      allowed_mime_types: ["image/png", "image/jpeg"],
    });
  });
});

describe("bucket rules", () => {
  it("serves public buckets without auth through getPublicUrl, and no private bucket that way", async () => {
    const videos = storage.service.from("videos");
    expect(
      (await videos.upload("promo/clip.mp4", bytes("mp4 bytes"), { contentType: "video/mp4" }))
        .error,
    ).toBeNull();

    const response = await fetch(videos.getPublicUrl("promo/clip.mp4").data.publicUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("video/mp4");
    expect(await response.text()).toBe("mp4 bytes");

    const privateUrl =
      storage.a.from("user-library").getPublicUrl(`${userA}/round-trip/photo.png`).data.publicUrl;
    expect(await (await fetch(privateUrl)).json()).toMatchObject({
      statusCode: "404",
      message: "Bucket not found",
    });
  });

  it("enforces file_size_limit, for raw and multipart bodies", async () => {
    const references = storage.a.from("reference_images");
    const tooLarge = { statusCode: "413", message: "The object exceeded the maximum allowed size" };
    const big = new Uint8Array(1025);
    expect((await references.upload(`${userA}/big.png`, big, { contentType: "image/png" })).error)
      .toMatchObject(tooLarge);
    expect(
      (await references.upload(`${userA}/big2.png`, new Blob([big], { type: "image/png" }))).error,
    ).toMatchObject(tooLarge);
    expect(
      (await references.upload(`${userA}/fits.png`, new Uint8Array(1024), {
        contentType: "image/png",
      })).error,
    ).toBeNull();
  });

  it("enforces allowed_mime_types", async () => {
    const { error } = await storage.a.from("reference_images").upload(
      `${userA}/doc.pdf`,
      bytes("%PDF"),
      {
        contentType: "application/pdf",
      },
    );
    expect(error).toMatchObject({
      statusCode: "415",
      message: "mime type application/pdf is not supported",
    });
  });
});
