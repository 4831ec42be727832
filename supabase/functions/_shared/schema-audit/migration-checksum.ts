/**
 * A checksum of a migration's SQL that survives how tools record it: the Supabase CLI stores a
 * file as its split statements, this project's stack as one text. Comments, whitespace and
 * statement separators are left out, so only a change to the SQL itself changes the checksum.
 */
export async function migrationChecksum(sql: string): Promise<string> {
  const normalized = sql
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/--[^\n]*/g, "")
    .replace(/[\s;]+/g, "");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(normalized));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
