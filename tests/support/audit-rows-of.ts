import { stackSql } from "./stack.ts";

/** The `audit_logs` rows a request left behind: those carrying its request id as correlation id. */
export function auditRowsOf(response: Response) {
  return stackSql()`
    select event_type, event_data, source from public.audit_logs
    where correlation_id = ${response.headers.get("x-request-id")}`;
}
