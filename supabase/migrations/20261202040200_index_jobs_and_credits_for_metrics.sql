-- The admin metrics read the last hour and day of jobs and credit entries; without these they
-- would scan both tables whole on every refresh of the dashboard.

create index jobs_created_at_idx on public.jobs (created_at);
comment on index public.jobs_created_at_idx is
  'system-metrics counts the jobs created in the last hour and day by status and type.';

create index jobs_finished_completed_at_idx on public.jobs (completed_at)
  where completed_at is not null;
comment on index public.jobs_finished_completed_at_idx is
  'system-metrics: throughput, failures by code and time percentiles of recently finished jobs.';

create index credit_ledger_created_at_idx on public.credit_ledger (created_at);
comment on index public.credit_ledger_created_at_idx is
  'system-metrics sums the credits reserved, settled and refunded in the last hour and day.';
