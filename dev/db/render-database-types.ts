import type {
  ColumnInfo,
  PgType,
  RelationshipInfo,
  SchemaInfo,
  TableInfo,
} from "./read-database-schema.ts";

/** The PostgREST major the hosted Data API runs; supabase-js types version-specific features by it. */
const postgrestVersion = "13";
const maxLineLength = 80;

const numberTypes = new Set(["int2", "int4", "int8", "float4", "float8", "numeric"]);
const stringTypes = new Set([
  "bytea",
  "bpchar",
  "varchar",
  "date",
  "text",
  "citext",
  "time",
  "timetz",
  "timestamp",
  "timestamptz",
  "uuid",
]);

/** The TypeScript type of a Postgres type, mapped the way `supabase gen types typescript` maps it. */
function tsType(type: PgType, schema: string): string {
  if (type.element) return `${tsType(type.element, schema)}[]`;
  if (type.kind === "e") {
    return `Database[${JSON.stringify(schema)}]["Enums"][${JSON.stringify(type.name)}]`;
  }
  if (type.name === "bool") return "boolean";
  if (numberTypes.has(type.name)) return "number";
  if (stringTypes.has(type.name)) return "string";
  if (type.name === "json" || type.name === "jsonb") return "Json";
  return "unknown";
}

function columnLine(column: ColumnInfo, schema: string, mode: "Row" | "Insert" | "Update"): string {
  if (mode !== "Row" && (column.identity === "always" || column.generated)) {
    return `${column.name}?: never`;
  }
  const optional = mode === "Update" ||
    (mode === "Insert" && (column.nullable || column.hasDefault || column.identity !== null));
  const type = tsType(column.type, schema);
  const nullable = column.nullable && type !== "unknown" ? " | null" : "";
  return `${column.name}${optional ? "?" : ""}: ${type}${nullable}`;
}

function relationshipLines(relationship: RelationshipInfo): string[] {
  const list = (names: string[]) => `[${names.map((name) => JSON.stringify(name)).join(", ")}]`;
  return [
    "{",
    `  foreignKeyName: ${JSON.stringify(relationship.foreignKeyName)}`,
    `  columns: ${list(relationship.columns)}`,
    `  isOneToOne: ${relationship.isOneToOne}`,
    `  referencedRelation: ${JSON.stringify(relationship.referencedRelation)}`,
    `  referencedColumns: ${list(relationship.referencedColumns)}`,
    "},",
  ];
}

function tableLines(table: TableInfo, schema: string): string[] {
  const block = (mode: "Row" | "Insert" | "Update") => [
    `${mode}: {`,
    ...table.columns.map((column) => `  ${columnLine(column, schema, mode)}`),
    "}",
  ];
  const relationships = table.relationships.length === 0 ? ["Relationships: []"] : [
    "Relationships: [",
    ...table.relationships.flatMap(relationshipLines).map((line) => `  ${line}`),
    "]",
  ];
  return [
    `${table.name}: {`,
    ...[...block("Row"), ...block("Insert"), ...block("Update"), ...relationships].map((line) =>
      `  ${line}`
    ),
    "}",
  ];
}

/** `name: a | b`, broken over lines the way prettier breaks a long union. */
function unionLines(name: string, members: string[], indent: string): string[] {
  const oneLine = `${indent}${name}: ${members.join(" | ")}`;
  if (oneLine.length <= maxLineLength) return [oneLine];
  return [`${indent}${name}:`, ...members.map((member) => `${indent}  | ${member}`)];
}

/** `name: [a, b],`, broken over lines the way prettier breaks a long array. */
function arrayLines(name: string, items: string[], indent: string): string[] {
  const oneLine = `${indent}${name}: [${items.join(", ")}],`;
  if (oneLine.length <= maxLineLength) return [oneLine];
  return [`${indent}${name}: [`, ...items.map((item) => `${indent}  ${item},`), `${indent}],`];
}

const never = "{\n      [_ in never]: never\n    }";

/** The `database.types.ts` module for one schema, in the format of `supabase gen types typescript`. */
export function renderDatabaseTypes(info: SchemaInfo, schema = "public"): string {
  const indent = (lines: string[], depth: number) =>
    lines.map((line) => `${"  ".repeat(depth)}${line}`);
  const tables = info.tables.length === 0 ? never : [
    "{",
    ...indent(info.tables.flatMap((table) => tableLines(table, schema)), 3),
    "    }",
  ].join("\n");
  const enums = info.enums.length === 0 ? never : [
    "{",
    ...info.enums.flatMap((e) =>
      unionLines(e.name, e.values.map((value) => JSON.stringify(value)), "      ")
    ),
    "    }",
  ].join("\n");
  const constants = info.enums.flatMap((e) =>
    arrayLines(e.name, e.values.map((value) => JSON.stringify(value)), "      ")
  );

  return `${header}
export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  // Allows to automatically instantiate createClient with right options
  // instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)
  __InternalSupabase: {
    PostgrestVersion: ${JSON.stringify(postgrestVersion)}
  }
  ${schema}: {
    Tables: ${tables}
    Views: ${never}
    Functions: ${never}
    Enums: ${enums}
    CompositeTypes: ${never}
  }
}
${helperTypes(schema)}
export const Constants = {
  ${schema}: {
    Enums: {${constants.length === 0 ? "}" : `\n${constants.join("\n")}\n    }`},
  },
} as const
`;
}

// Kept in the CLI's own formatting, so deno fmt must leave it alone.
const header = `// deno-fmt-ignore-file
// Generated from the database catalog by dev/db/generate-database-types.ts. Do not edit:
// change the migrations, then run \`npx tsx dev/db/generate-database-types.ts\`.
`;

function helperTypes(schema: string): string {
  return `
type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, ${JSON.stringify(schema)}>]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never
`;
}
