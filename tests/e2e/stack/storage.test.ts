import { describe, expect, it } from "vitest";
import { clientFor, createUser, stack } from "../../support/stack.ts";
import { createSupabaseClient } from "../../support/create-supabase-client.ts";

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

describe("Storage through the API origin, as supabase-js uses it", () => {
  it("lets a user upload to and read back from their own folder, and nobody else's", async () => {
    const [owner, stranger] = [await createUser("owner"), await createUser("stranger")];
    const path = `${owner.id}/reference.png`;
    const ownerBucket = clientFor(owner).storage.from("reference_images");

    const upload = await ownerBucket.upload(path, png, { contentType: "image/png" });
    expect(upload.error).toBeNull();
    const download = await ownerBucket.download(path);
    expect(new Uint8Array(await download.data!.arrayBuffer())).toEqual(png);
    expect(download.data!.type).toBe("image/png");

    const strangerBucket = clientFor(stranger).storage.from("reference_images");
    expect((await strangerBucket.download(path)).error).not.toBeNull();
    const intrusion = await strangerBucket.upload(`${owner.id}/planted.png`, png, {
      contentType: "image/png",
    });
    expect(intrusion.error?.message).toBe("new row violates row-level security policy");
  });

  it("serves a signed URL to anyone holding it, and only until it expires", async () => {
    const owner = await createUser("signer");
    const bucket = clientFor(owner).storage.from("reference_images");
    await bucket.upload(`${owner.id}/signed.png`, png, { contentType: "image/png" });

    const { data } = await bucket.createSignedUrl(`${owner.id}/signed.png`, 60);
    const response = await fetch(data!.signedUrl);
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(png);

    const tampered = data!.signedUrl.replace(/token=([^.]+)\.([^.]+)\./, "token=$1.$2x.");
    expect((await fetch(tampered)).status).toBe(400);
  });

  it("accepts an upload to a signed upload URL without any key, as GPU workers do", async () => {
    const owner = await createUser("worker-target");
    const service = createSupabaseClient(stack.apiUrl, stack.serviceRoleKey).storage.from(
      "workspace-temp",
    );
    const path = `${owner.id}/${crypto.randomUUID()}/0.png`;
    const { data, error } = await service.createSignedUploadUrl(path);
    expect(error).toBeNull();

    const put = await fetch(data!.signedUrl, {
      method: "PUT",
      headers: { "content-type": "image/png" },
      body: png,
    });
    expect(put.status).toBe(200);
    const stored = await clientFor(owner).storage.from("workspace-temp").download(path);
    expect(new Uint8Array(await stored.data!.arrayBuffer())).toEqual(png);
  });
});
