import { readFile } from "node:fs/promises";
import { parse } from "smol-toml";
import type { CatalogObject } from "../supabase/functions/_shared/schema-audit/catalog.ts";

/** The Supabase CLI's default when config.toml names no `[api] schemas`. */
const DEFAULT_EXPOSED = ["public", "graphql_public"];

const units: Record<string, number> = {
  b: 1,
  kb: 1e3,
  kib: 1024,
  mb: 1e6,
  mib: 1024 ** 2,
  gb: 1e9,
  gib: 1024 ** 3,
};

/** What the audit takes from config.toml. */
export interface ProjectConfig {
  /** `[api] schemas`: the schemas the Data API exposes. */
  exposedSchemas: string[];
  /** `[storage.buckets.<name>]`: buckets the CLI creates from the config, as catalog objects. */
  buckets: CatalogObject[];
}

interface BucketConfig {
  public?: boolean;
  file_size_limit?: string;
  allowed_mime_types?: string[];
}

/** Reads the exposed schemas and the configured buckets from a Supabase CLI config.toml. */
export async function readProjectConfig(configFile: string): Promise<ProjectConfig> {
  const config = parse(await readFile(configFile, "utf8")) as {
    api?: { schemas?: unknown };
    storage?: { buckets?: Record<string, BucketConfig> };
  };
  const schemas = config.api?.schemas ?? DEFAULT_EXPOSED;
  if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === "string")) {
    throw new Error(`${configFile}: [api] schemas must be a list of schema names`);
  }
  const buckets = Object.entries(config.storage?.buckets ?? {}).map(([name, bucket]) =>
    bucketObject(configFile, name, bucket)
  );
  return { exposedSchemas: schemas, buckets };
}

function bucketObject(configFile: string, name: string, bucket: BucketConfig): CatalogObject {
  const lit = (text: string) => `'${text.replaceAll("'", "''")}'`;
  const size = bucket.file_size_limit === undefined
    ? null
    : bytes(configFile, name, bucket.file_size_limit);
  const mimeTypes = bucket.allowed_mime_types ? [...bucket.allowed_mime_types].sort() : null;
  return {
    kind: "bucket",
    name,
    ref: lit(name),
    props: {
      public: bucket.public ?? false,
      fileSizeLimit: size,
      allowedMimeTypes: mimeTypes?.join(", ") ?? null,
    },
    create:
      `insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types) values (${
        lit(name)
      }, ${lit(name)}, ${bucket.public ?? false}, ${size ?? "null"}, ${
        mimeTypes ? `array[${mimeTypes.map(lit).join(", ")}]` : "null"
      }) on conflict (id) do nothing;`,
  };
}

function bytes(configFile: string, bucket: string, size: string): number {
  const match = size.trim().match(/^(\d+(?:\.\d+)?)\s*([a-z]*)$/i);
  const unit = units[(match?.[2] || "b").toLowerCase()];
  if (!match || unit === undefined) {
    throw new Error(
      `${configFile}: [storage.buckets.${bucket}] file_size_limit "${size}" is not a size like "50MiB"`,
    );
  }
  return Math.round(Number(match[1]) * unit);
}
