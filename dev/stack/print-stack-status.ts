import type { StackInfo } from "./start-stack.ts";

/** Prints what a client needs, in the spirit of `supabase status`. */
export function printStackStatus(info: StackInfo, bootMs: number): void {
  const rows: Array<[string, string]> = [
    ["API URL", info.apiUrl],
    ["Functions URL", info.functionsUrl],
    ["Admin page", `${info.apiUrl}/admin/`],
    ["JWKS URL", info.jwksUrl],
    ["DB URL", info.dbUrl],
    ["Redis REST URL", info.redisRestUrl],
    ["Redis REST token", info.redisRestToken],
    ["anon key", info.anonKey],
    ["service_role key", info.serviceRoleKey],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\nLocal stack started in ${bootMs} ms. Functions: ${info.functions.join(", ")}\n`);
  for (const [label, value] of rows) console.log(`  ${label.padStart(width)}: ${value}`);
  console.log(`\n  A user and a JWT for it: npm run user -- someone@example.com`);
  console.log(`  Stop: Ctrl-C\n`);
}
