import type { Sql } from "postgres";
import type { ObjectKey } from "./create-file-store.ts";
import type { UrlSigner } from "./create-url-signer.ts";
import { findBucket } from "./find-bucket.ts";
import { ownerColumns } from "./owner-columns.ts";
import type { Caller } from "./resolve-caller.ts";
import { withCallerTransaction } from "./with-caller-transaction.ts";

// Hosted Storage's validity for signed upload URLs (two hours).
const uploadUrlLifetimeSeconds = 2 * 60 * 60;

/**
 * Creates a signed upload URL the way hosted Storage does: the caller's insert (or upsert) is tried
 * against RLS and rolled back, then the token records the caller as the future owner, so whoever
 * holds the URL (a GPU worker) can upload that one object without credentials.
 */
export async function createSignedUploadUrl(input: {
  sql: Sql;
  signer: UrlSigner;
  caller: Caller;
  key: ObjectKey;
  upsert: boolean;
}): Promise<{ url: string; token: string }> {
  const { sql, signer, caller, key, upsert } = input;
  await findBucket(sql, key.bucket);
  await withCallerTransaction(sql, caller, async (tx) => {
    const row = {
      bucket_id: key.bucket,
      name: key.name,
      ...ownerColumns(caller.owner),
      version: "probe",
    };
    await (upsert
      ? tx`insert into storage.objects ${
        tx(row)
      } on conflict (bucket_id, name) do update set version = excluded.version`
      : tx`insert into storage.objects ${tx(row)}`);
  }, { dryRun: true });

  const url = `${key.bucket}/${key.name}`;
  const token = await signer.sign(
    { url, scope: "upload", owner: caller.owner, upsert },
    uploadUrlLifetimeSeconds,
  );
  return { url: `/object/upload/sign/${url}?token=${token}`, token };
}
