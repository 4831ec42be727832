/**
 * The owner columns hosted Storage fills from a JWT subject: `owner_id` always, the legacy uuid
 * `owner` only when the subject is a uuid.
 */
export function ownerColumns(
  subject: string | undefined,
): { owner: string | null; owner_id: string | null } {
  const isUuid = subject !== undefined &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(subject);
  return { owner: isUuid ? subject : null, owner_id: subject ?? null };
}
