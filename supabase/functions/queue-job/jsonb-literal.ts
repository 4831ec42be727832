/**
 * `value` as a jsonb literal to write into a statement's text: its JSON, dollar-quoted under a
 * random tag that the JSON does not contain, so nothing in it can end the literal early.
 * Postgres.js sends a statement with parameters in two round trips when statements are not
 * prepared (as behind the transaction pooler): it asks for the parameters' types first; one
 * without parameters goes in one.
 * @example sql.unsafe(`select private.submit_job(${jsonbLiteral(row)}, 5)`)
 */
export function jsonbLiteral(value: unknown): string {
  const json = JSON.stringify(value);
  let tag: string;
  do tag = `$j${crypto.randomUUID().replaceAll("-", "")}$`; while (json.includes(tag));
  return `${tag}${json}${tag}::jsonb`;
}
