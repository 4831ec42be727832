import type { Sql } from "postgres";
import type { UrlSigner } from "./create-url-signer.ts";
import type { Caller } from "./resolve-caller.ts";
import { withCallerTransaction } from "./with-caller-transaction.ts";

/** One entry of a batch signing answer, the shape `createSignedUrls` reads. */
export interface SignedUrlResult {
  path: string;
  signedURL: string | null;
  error: string | null;
}

/** The relative download URL hosted Storage returns for a token: `/object/sign/<bucket>/<name>?token=…`. */
export function signedDownloadPath(bucket: string, name: string, token: string): string {
  return `/object/sign/${bucket}/${name}?token=${token}`;
}

/**
 * Signs download URLs for the paths the caller may select (the check happens now, as the caller;
 * the download later needs only the token). Other paths get hosted Storage's error text instead.
 */
export async function createSignedUrls(input: {
  sql: Sql;
  signer: UrlSigner;
  caller: Caller;
  bucket: string;
  paths: string[];
  expiresIn: number;
}): Promise<SignedUrlResult[]> {
  const { sql, signer, caller, bucket, paths, expiresIn } = input;
  const visible = await withCallerTransaction(sql, caller, (tx) =>
    tx<{ name: string }[]>`
    select name from storage.objects where bucket_id = ${bucket} and name = any(${
      tx.array(paths)
    }::text[])
  `);
  const names = new Set(visible.map((row) => row.name));
  return Promise.all(paths.map(async (path): Promise<SignedUrlResult> => {
    if (!names.has(path)) {
      return {
        path,
        signedURL: null,
        error: "Either the object does not exist or you do not have access to it",
      };
    }
    const token = await signer.sign({ url: `${bucket}/${path}`, scope: "download" }, expiresIn);
    return { path, signedURL: signedDownloadPath(bucket, path, token), error: null };
  }));
}
