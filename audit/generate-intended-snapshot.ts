import { writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { objectKey } from "../supabase/functions/_shared/schema-audit/catalog.ts";
import type { IntendedState } from "../supabase/functions/_shared/schema-audit/intended-state.ts";
import { buildIntendedState, type ProjectSources } from "./build-intended-state.ts";

const projectDir = join(import.meta.dirname, "..");
const functionsShared = join(projectDir, "supabase", "functions", "_shared");

/** The project's own sources: its migrations, config.toml and generated types. */
export const projectSources: ProjectSources = {
  migrationsDir: join(projectDir, "supabase", "migrations"),
  configFile: join(projectDir, "supabase", "config.toml"),
  typesFile: join(functionsShared, "database.types.ts"),
};

/** Where system-metrics imports the intended state from (no scratch database on the edge). */
export const intendedSnapshotFile = join(functionsShared, "intended-schema.ts");

/**
 * The snapshot module: the intended state in a stable order, one catalog object per line, so a
 * stale file shows as a readable diff. The objects are JSON text parsed at load: as object
 * literals, thousands of them make an element union too large for the type checker.
 */
export function renderIntendedSnapshot(state: IntendedState): string {
  const objects = [...state.catalog.objects].sort((a, b) =>
    objectKey(a).localeCompare(objectKey(b))
  );
  const list = (items: unknown[]) =>
    `[\n${items.map((item) => `    ${JSON.stringify(item)},`).join("\n")}\n  ]`;
  const jsonLines = objects.map((object) => `  ${JSON.stringify(JSON.stringify(object))},`).join(
    "\n",
  );
  return `// deno-fmt-ignore-file
// Generated from the migrations by audit/generate-intended-snapshot.ts. Do not edit: change the
// migrations, then run \`npx tsx audit/generate-intended-snapshot.ts\`.
import type { CatalogObject } from "./schema-audit/catalog.ts";
import type { IntendedState } from "./schema-audit/intended-state.ts";

const catalogObjects: string[] = [
${jsonLines}
];

/** What this project's migrations, config and generated types say its database is. */
export const intendedSchema: IntendedState = {
  exposedSchemas: ${JSON.stringify(state.exposedSchemas)},
  expectedByCode: ${JSON.stringify(state.expectedByCode)},
  migrations: ${list(state.migrations)},
  catalog: {
    migrations: null,
    objects: catalogObjects.map((line) => JSON.parse(line) as CatalogObject),
  },
};
`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  buildIntendedState(projectSources)
    .then((state) => writeFile(intendedSnapshotFile, renderIntendedSnapshot(state)))
    .then(() => console.log(`wrote ${relative(process.cwd(), intendedSnapshotFile)}`))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
