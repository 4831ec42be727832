import { type Context, Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { Sql, TransactionSql } from "postgres";
import { z } from "zod";
import { copyObject } from "./copy-object.ts";
import { createFileStore, type ObjectKey } from "./create-file-store.ts";
import { createSignedUploadUrl } from "./create-signed-upload-url.ts";
import { createSignedUrls, signedDownloadPath } from "./create-signed-urls.ts";
import { createUrlSigner } from "./create-url-signer.ts";
import { findBucket } from "./find-bucket.ts";
import { findObject, type ObjectRow } from "./find-object.ts";
import { listBuckets } from "./list-buckets.ts";
import { listObjects } from "./list-objects.ts";
import { moveObject } from "./move-object.ts";
import { objectResponse } from "./object-response.ts";
import { removeObjects } from "./remove-objects.ts";
import { type Caller, resolveCaller, serviceCaller, type VerifyJwt } from "./resolve-caller.ts";
import { storageErrorResponse, storageErrors } from "./storage-error.ts";
import { uploadObject } from "./upload-object.ts";
import { withCallerTransaction } from "./with-caller-transaction.ts";

export interface StorageApiOptions {
  /** Admin (superuser) connection; requests still run as their caller through `withCallerTransaction`. */
  sql: Sql;
  /** Where object bytes live, as `<filesDir>/<bucket>/<name>`. */
  filesDir: string;
  verifyJwt: VerifyJwt;
  /** HS256 secret of signed download and upload URLs. */
  signingSecret: string;
  /** Largest accepted upload in bytes; defaults to 50 MiB, the Supabase CLI's default. */
  maxFileSize?: number;
}

type StorageEnv = { Variables: { caller: Caller } };

const objectPath = ":bucket/:name{.+}";

const keyBody = z.object({
  bucketId: z.string().min(1),
  sourceKey: z.string().min(1),
  destinationKey: z.string().min(1),
  destinationBucket: z.string().min(1).nullish(),
});
const copyBody = keyBody.extend({
  copyMetadata: z.boolean().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
const listBody = z.object({
  prefix: z.string(),
  limit: z.number().int().min(1).optional(),
  offset: z.number().int().min(0).optional(),
  sortBy: z.object({ column: z.string().optional(), order: z.string().optional() }).optional(),
  search: z.string().optional(),
});
const signBody = z.object({ expiresIn: z.number().int().min(1) });
const signManyBody = signBody.extend({ paths: z.array(z.string()).min(1) });
const removeBody = z.object({
  prefixes: z.array(
    z.union([z.string(), z.object({ path: z.string() }).transform((entry) => entry.path)]),
  ).min(1),
});

/**
 * A Storage-API-compatible server over local files and `storage.objects`, for supabase-js and plain
 * HTTP clients. It serves `/storage/v1/*` itself (Hono basePath), so a gateway forwards requests
 * unchanged: `app.all("/storage/v1/*", (c) => storage.fetch(c.req.raw))`.
 * Every object read or write runs as the caller, so the project's storage policies decide.
 */
export function createStorageApi(options: StorageApiOptions) {
  const { sql, verifyJwt } = options;
  const files = createFileStore(options.filesDir);
  const signer = createUrlSigner(options.signingSecret);
  const maxFileSize = options.maxFileSize ?? 50 * 1024 * 1024;
  const app = new Hono<StorageEnv>().basePath("/storage/v1");

  const authenticated = createMiddleware<StorageEnv>(async (c, next) => {
    c.set("caller", await resolveCaller(c.req.raw.headers, verifyJwt));
    await next();
  });
  const keyOf = (c: Context): ObjectKey => ({
    bucket: c.req.param("bucket")!,
    name: c.req.param("name")!,
  });
  const sendObject = (c: Context, row: ObjectRow, expires?: Date) =>
    objectResponse(files, row, {
      download: c.req.query("download") ?? null,
      headOnly: c.req.method === "HEAD",
      expires,
    });
  const asCaller = <T>(c: Context<StorageEnv>, work: (tx: TransactionSql) => Promise<T>) =>
    withCallerTransaction(sql, c.get("caller"), work);

  app.onError((error) => storageErrorResponse(error));
  app.notFound((c) =>
    c.json({
      statusCode: "404",
      error: "Not Found",
      message: `Route ${c.req.method}:${c.req.path} not found`,
    }, 404)
  );

  // Routes without a JWT: public buckets and signed URLs.
  app.get(`/object/public/${objectPath}`, async (c) => {
    const key = keyOf(c);
    if (!(await findBucket(sql, key.bucket)).public) throw storageErrors.noSuchBucket();
    return sendObject(c, await findObject(sql, key));
  });

  app.get(`/object/sign/${objectPath}`, async (c) => {
    const key = keyOf(c);
    const claims = await signer.verify(requiredToken(c), `${key.bucket}/${key.name}`, "download");
    return sendObject(c, await findObject(sql, key), new Date(claims.exp * 1000));
  });

  app.put(`/object/upload/sign/${objectPath}`, async (c) => {
    const key = keyOf(c);
    const claims = await signer.verify(requiredToken(c), `${key.bucket}/${key.name}`, "upload");
    const { id } = await uploadObject({
      sql,
      files,
      caller: serviceCaller,
      request: c.req.raw,
      key,
      upsert: claims.upsert === true,
      owner: claims.owner,
      maxFileSize,
    });
    return c.json({ Key: `${key.bucket}/${key.name}`, Id: id });
  });

  // Routes as the JWT's role and subject. Specific paths come before `/object/:bucket/*`.
  app.post(`/object/upload/sign/${objectPath}`, authenticated, async (c) => {
    const upsert = c.req.header("x-upsert") === "true";
    return c.json(
      await createSignedUploadUrl({ sql, signer, caller: c.get("caller"), key: keyOf(c), upsert }),
    );
  });

  app.post(`/object/sign/${objectPath}`, authenticated, async (c) => {
    const key = keyOf(c);
    const { expiresIn } = await parseBody(c, signBody);
    await asCaller(c, (tx) => findObject(tx, key));
    const token = await signer.sign(
      { url: `${key.bucket}/${key.name}`, scope: "download" },
      expiresIn,
    );
    return c.json({ signedURL: signedDownloadPath(key.bucket, key.name, token) });
  });

  app.post("/object/sign/:bucket", authenticated, async (c) => {
    const { expiresIn, paths } = await parseBody(c, signManyBody);
    const bucket = c.req.param("bucket");
    return c.json(
      await createSignedUrls({ sql, signer, caller: c.get("caller"), bucket, paths, expiresIn }),
    );
  });

  app.post("/object/list/:bucket", authenticated, async (c) => {
    const query = await parseBody(c, listBody);
    return c.json(await asCaller(c, (tx) => listObjects(tx, c.req.param("bucket"), query)));
  });

  app.post("/object/copy", authenticated, async (c) => {
    const body = await parseBody(c, copyBody);
    const to = { bucket: body.destinationBucket ?? body.bucketId, name: body.destinationKey };
    const { id } = await copyObject({
      sql,
      files,
      caller: c.get("caller"),
      from: { bucket: body.bucketId, name: body.sourceKey },
      to,
      userMetadata: body.copyMetadata === false ? body.metadata : undefined,
    });
    return c.json({ Id: id, Key: `${to.bucket}/${to.name}` });
  });

  app.post("/object/move", authenticated, async (c) => {
    const body = await parseBody(c, keyBody);
    const to = { bucket: body.destinationBucket ?? body.bucketId, name: body.destinationKey };
    await moveObject({
      sql,
      files,
      caller: c.get("caller"),
      from: { bucket: body.bucketId, name: body.sourceKey },
      to,
    });
    return c.json({ message: "Successfully moved" });
  });

  for (const prefix of ["/object/info/authenticated", "/object/info"]) {
    app.get(`${prefix}/${objectPath}`, authenticated, async (c) => {
      const key = keyOf(c);
      return c.json(objectInfo(await asCaller(c, (tx) => findObject(tx, key))));
    });
  }

  for (const prefix of ["/object/authenticated", "/object"]) {
    app.get(`${prefix}/${objectPath}`, authenticated, async (c) => {
      const key = keyOf(c);
      return sendObject(c, await asCaller(c, (tx) => findObject(tx, key)));
    });
  }

  for (const method of ["post", "put"] as const) {
    app[method](`/object/${objectPath}`, authenticated, async (c) => {
      const key = keyOf(c);
      const caller = c.get("caller");
      // PUT (update) always replaces; POST replaces only with `x-upsert: true`, as on hosted.
      const upsert = method === "put" || c.req.header("x-upsert") === "true";
      const { id } = await uploadObject({
        sql,
        files,
        caller,
        request: c.req.raw,
        key,
        upsert,
        owner: caller.owner,
        maxFileSize,
      });
      return c.json({ Key: `${key.bucket}/${key.name}`, Id: id });
    });
  }

  app.delete("/object/:bucket", authenticated, async (c) => {
    const { prefixes } = await parseBody(c, removeBody);
    const bucket = c.req.param("bucket");
    return c.json(
      await removeObjects({ sql, files, caller: c.get("caller"), bucket, names: prefixes }),
    );
  });

  app.get("/bucket", authenticated, async (c) => {
    const limit = c.req.query("limit");
    const offset = c.req.query("offset");
    const query = {
      limit: limit === undefined ? undefined : Number(limit),
      offset: offset === undefined ? undefined : Number(offset),
      search: c.req.query("search"),
      sortColumn: c.req.query("sortColumn"),
      sortOrder: c.req.query("sortOrder"),
    };
    return c.json(await asCaller(c, (tx) => listBuckets(tx, query)));
  });

  app.get(
    "/bucket/:id",
    authenticated,
    async (c) => c.json(await asCaller(c, (tx) => findBucket(tx, c.req.param("id")))),
  );

  return app;
}

async function parseBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  const json: unknown = await c.req.json().catch(() => {
    throw storageErrors.invalidRequest("body must be a JSON object");
  });
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw storageErrors.invalidRequest(`body/${issue.path.join("/")} ${issue.message}`);
}

function requiredToken(c: Context): string {
  const token = c.req.query("token");
  if (!token) throw storageErrors.invalidRequest("querystring must have required property 'token'");
  return token;
}

// The shape of hosted Storage's object info, which supabase-js camel-cases.
function objectInfo(row: ObjectRow) {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    bucket_id: row.bucket_id,
    size: row.metadata.size,
    content_type: row.metadata.mimetype,
    cache_control: row.metadata.cacheControl,
    etag: row.metadata.eTag,
    metadata: row.user_metadata,
    last_modified: row.updated_at,
    created_at: row.created_at,
  };
}
