/**
 * Invalid requests generated from a function's OpenAPI document: for each documented operation,
 * whole-body breakage (none, empty, malformed, not an object, invalid UTF-8, too large, nested
 * too deep) and one invalid value at a time in a plausible body, path or query. Every generated
 * request is invalid by construction, so none may change anything.
 */

type Schema = Record<string, unknown>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

interface Operation {
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: Record<string, unknown>[];
}

/** One generated request, before authentication is added. */
export interface FuzzCase {
  label: string;
  method: string;
  path: string;
  /** The body as sent: text, raw bytes, or none. */
  body?: string | Uint8Array<ArrayBuffer>;
  contentType?: string;
  /** The security scheme the operation declares: "bearerAuth", "standardWebhooks" or none. */
  security?: string;
}

/** Ids the generator puts in paths and id-like fields, so requests reach real rows. */
export interface FuzzIds {
  /** Ids of rows that exist, tried first for `{id}` path parameters and `*_id` fields. */
  existing: string[];
}

const NUL = "a\u0000b";
const LONE_SURROGATE = "a\ud800b";
const DEEP = "[".repeat(5000) + "]".repeat(5000);
const DEEP_PLACEHOLDER = "__deep_value__";
// Past every function's default limit (256 KiB); small enough that the client finishes sending
// before the server answers 413 and closes the connection.
const HUGE_BODY = JSON.stringify({ padding: "x".repeat(512 * 1024) });
const BAD_PATH_IDS = [
  "not-a-uuid",
  "%00",
  "1e1",
  "x".repeat(300),
  "%F0%28%8C%28",
  "00000000-0000-0000-0000-00000000000g",
];
const BAD_QUERY_VALUES = ["1e1", "0x10", " 5", "-1", "%00", "%ED%A0%80", "x".repeat(2000), ""];

/** A small deterministic PRNG (mulberry32), so a failing case is found again with the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The invalid requests of every operation of `doc`, at most `perOperation` each, chosen by `random`. */
export function generateFuzzCases(
  doc: OpenApiDocument,
  ids: FuzzIds,
  random: () => number,
  perOperation: number,
): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const [template, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const generated = operationCases(doc, template, method.toUpperCase(), operation, ids);
      cases.push(...pick(generated, perOperation, random));
    }
  }
  return cases;
}

function operationCases(
  doc: OpenApiDocument,
  template: string,
  method: string,
  operation: Operation,
  ids: FuzzIds,
): FuzzCase[] {
  const security = Object.keys(operation.security?.[0] ?? {})[0];
  const pathParams = (operation.parameters ?? []).filter((p) => p.in === "path");
  const queryParams = (operation.parameters ?? []).filter((p) => p.in === "query");
  const bodySchema = resolve(doc, operation.requestBody?.content?.["application/json"]?.schema);
  const validPath = fillPath(template, pathParams.map((p) => [p.name, ids.existing[0]!]));
  const base = bodySchema ? plausibleValue(doc, bodySchema, ids) : undefined;
  const json = (value: unknown) => ({
    body: JSON.stringify(value),
    contentType: "application/json",
  });
  const at = (label: string, extra: Partial<FuzzCase>): FuzzCase => ({
    label: `${method} ${template}: ${label}`,
    method,
    path: validPath,
    security,
    ...(base !== undefined && json(base)),
    ...extra,
  });
  const cases: FuzzCase[] = [];

  for (const param of pathParams) {
    for (const bad of BAD_PATH_IDS) {
      cases.push(at(`path ${param.name}=${bad.slice(0, 20)}`, {
        path: fillPath(
          template,
          pathParams.map((p) => [p.name, p === param ? bad : ids.existing[0]!]),
        ),
      }));
    }
  }
  for (const param of queryParams) {
    for (const bad of BAD_QUERY_VALUES) {
      const query = `${param.name}=${bad.startsWith("%") ? bad : encodeURIComponent(bad)}`;
      cases.push(at(`query ${query.slice(0, 30)}`, { path: `${validPath}?${query}` }));
    }
  }
  if (!bodySchema) return cases;

  cases.push(
    at("no body", { body: undefined, contentType: undefined }),
    at("empty JSON body", { body: "", contentType: "application/json" }),
    at("malformed JSON", { body: '{"a":', contentType: "application/json" }),
    at("a JSON array", json([])),
    at("a JSON string", json("x")),
    at("JSON null", json(null)),
    at("a body that is not UTF-8", {
      body: notUtf8(JSON.stringify(base)),
      contentType: "application/json",
    }),
    at("a 512 KiB body", { body: HUGE_BODY, contentType: "application/json" }),
    at("a body nested 5000 levels deep", { body: DEEP, contentType: "application/json" }),
  );
  const properties = (bodySchema.properties ?? {}) as Record<string, Schema>;
  for (const [name, raw] of Object.entries(properties)) {
    const schema = resolve(doc, raw)!;
    for (const [label, value] of invalidValues(doc, schema)) {
      const body = { ...(base as Record<string, unknown>), [name]: value };
      const text = JSON.stringify(body).replace(`"${DEEP_PLACEHOLDER}"`, DEEP);
      cases.push(at(`${name} = ${label}`, { body: text, contentType: "application/json" }));
    }
  }
  return cases;
}

/** Values `schema` refuses whatever the rest of the body holds, labelled for the test output. */
function invalidValues(doc: OpenApiDocument, schema: Schema): [string, unknown][] {
  const types = typesOf(doc, schema);
  if (types.size === 0) return []; // unconstrained (z.unknown): no value is invalid
  const values: [string, unknown][] = [];
  if (!types.has("null")) values.push(["null", null]);
  if (!types.has("number") && !types.has("integer")) values.push(["a number", 12345]);
  if (!types.has("string")) values.push(["a string", "x"]);
  if (!types.has("object")) values.push(["an object", { a: 1 }]);
  if (!types.has("array")) values.push(["an array", [1]]);
  if (types.has("string")) {
    values.push(["text with NUL", NUL], ["text with an unpaired surrogate", LONE_SURROGATE]);
  }
  if (types.has("object") || types.has("array")) {
    values.push(["json nested 5000 levels deep", DEEP_PLACEHOLDER]);
    if (types.has("object")) values.push(["an object with a NUL key", { "k\u0000": 1 }]);
  }
  return values;
}

/** JSON types a schema admits; empty when it admits anything. */
function typesOf(doc: OpenApiDocument, schema: Schema): Set<string> {
  const resolved = resolve(doc, schema)!;
  const variants = (resolved.anyOf ?? resolved.oneOf) as Schema[] | undefined;
  if (variants) {
    const all = variants.map((variant) => typesOf(doc, variant));
    return all.some((set) => set.size === 0) ? new Set() : new Set(all.flatMap((set) => [...set]));
  }
  if (resolved.enum || resolved.const !== undefined) {
    const values = (resolved.enum as unknown[] | undefined) ?? [resolved.const];
    return new Set(values.map((value) => (value === null ? "null" : typeof value)));
  }
  const type = resolved.type;
  if (type === undefined) return new Set();
  const list = Array.isArray(type) ? type as string[] : [type as string];
  if (resolved.nullable) list.push("null");
  return new Set(list.map((t) => (t === "integer" ? "number" : t)));
}

/** A value of the shape `schema` describes, with its required properties filled in. */
function plausibleValue(doc: OpenApiDocument, raw: Schema, ids: FuzzIds): unknown {
  const schema = resolve(doc, raw)!;
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (variants) {
    return plausibleValue(
      doc,
      variants.find((v) => v.type !== "null") ?? variants[0]!,
      ids,
    );
  }
  if (schema.enum) return (schema.enum as unknown[])[0];
  if (schema.const !== undefined) return schema.const;
  const type = Array.isArray(schema.type)
    ? (schema.type as string[]).find((t) => t !== "null")
    : schema.type;
  switch (type) {
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = (schema.required ?? []) as string[];
      return Object.fromEntries(
        required.map((name) => [name, plausibleValue(doc, properties[name] ?? {}, ids)]),
      );
    }
    case "array": {
      const items = Math.max(1, Number(schema.minItems ?? 1));
      return Array.from(
        { length: items },
        () => plausibleValue(doc, (schema.items ?? {}) as Schema, ids),
      );
    }
    case "string":
      return schema.format === "uuid" ? ids.existing[0] : "x".repeat(Number(schema.minLength ?? 1));
    case "integer":
    case "number":
      return Number(schema.minimum ?? 1);
    case "boolean":
      return false;
    default:
      return {};
  }
}

function resolve(doc: OpenApiDocument, schema: Schema | undefined): Schema | undefined {
  const ref = schema?.$ref as string | undefined;
  if (!ref) return schema;
  return resolve(doc, doc.components?.schemas?.[ref.split("/").pop()!]);
}

function fillPath(template: string, values: [string, string][]): string {
  return values.reduce((path, [name, value]) => path.replace(`{${name}}`, value), template);
}

function notUtf8(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(text);
  const middle = Math.floor(bytes.length / 2);
  return new Uint8Array([
    ...bytes.subarray(0, middle),
    0xff,
    0xfe,
    0xc3,
    ...bytes.subarray(middle),
  ]);
}

function pick<T>(items: T[], count: number, random: () => number): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}
