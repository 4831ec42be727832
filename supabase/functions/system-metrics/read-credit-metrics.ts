import type { TransactionSql } from "postgres";
import type { Period } from "./read-job-metrics.ts";

/** Credits moved by jobs over one period: reserved at submission, then settled or refunded. */
export interface CreditPeriod {
  reserved: number;
  settled: number;
  refunded: number;
}

/**
 * Sums the job entries of the credit ledger over the last hour and day. A settle entry is 0 (the
 * reservation becomes the charge), so what it settled is the job's reservation.
 */
export async function readCreditMetrics(
  tx: TransactionSql,
): Promise<Record<Period, CreditPeriod>> {
  const rows = await tx<{ period: Period; kind: keyof CreditPeriod; credits: number }[]>`
    select p.name as period,
      case l.kind when 'reserve' then 'reserved' when 'settle' then 'settled' else 'refunded' end
        as kind,
      sum(case l.kind when 'settle' then j.credits_reserved else abs(l.amount) end)::float8
        as credits
    from (values ('hour', interval '1 hour'), ('day', interval '1 day')) as p(name, span)
    join public.credit_ledger l
      on l.created_at >= now() - p.span and l.kind in ('reserve', 'settle', 'refund')
    left join public.jobs j on j.id = l.job_id
    group by p.name, l.kind`;
  const period = (name: Period): CreditPeriod => {
    const credits = (kind: keyof CreditPeriod) =>
      rows.find((row) => row.period === name && row.kind === kind)?.credits ?? 0;
    return {
      reserved: credits("reserved"),
      settled: credits("settled"),
      refunded: credits("refunded"),
    };
  };
  return { hour: period("hour"), day: period("day") };
}
