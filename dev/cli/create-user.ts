import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createTestUser } from "../auth/create-test-user.ts";
import { loadOrCreateStackKeys } from "../auth/stack-keys.ts";
import { stackProfile } from "../stack/stack-profile.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { expires: { type: "string", default: "24h" } },
});
const email = positionals[0];
if (!email) {
  console.error("usage: npm run user -- <email> [--expires 24h]");
  process.exit(2);
}
const profile = stackProfile("dev");
const keyFile = join(profile.dataDir, "keys", "signing-key.json");
if (!existsSync(keyFile)) {
  console.error("No local stack data yet: start it first with `npm run dev`.");
  process.exit(1);
}
const sql = postgres(`postgresql://postgres:postgres@127.0.0.1:${profile.ports.db}/postgres`, {
  max: 1,
});
try {
  const user = await createTestUser(
    sql,
    await loadOrCreateStackKeys(keyFile, `http://127.0.0.1:${profile.ports.api}`),
    {
      email,
      expiresIn: values.expires,
    },
  );
  console.log(`user id: ${user.id}\nemail:   ${user.email}\njwt:     ${user.accessToken}`);
} catch (error) {
  console.error(
    `Could not create the user (is \`npm run dev\` running?): ${(error as Error).message}`,
  );
  process.exitCode = 1;
} finally {
  await sql.end();
}
