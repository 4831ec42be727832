-- Results of admin model tests: a prompt, the job it ran as, and the scores it earned.

create table public.model_test_results (
  id uuid not null default gen_random_uuid(),
  tested_by uuid default auth.uid(),
  job_id uuid,
  model_type text not null,
  model_version text,
  test_series text not null,
  test_tier text not null,
  test_category text,
  prompt_text text not null,
  enhanced_prompt text,
  success boolean not null default true,
  overall_quality numeric,
  technical_quality numeric,
  content_quality numeric,
  consistency numeric,
  generation_time_ms integer,
  file_size_bytes bigint,
  notes text,
  test_metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint model_test_results_pkey primary key (id),
  constraint model_test_results_tested_by_fkey
    foreign key (tested_by) references public.profiles (id) on delete set null,
  constraint model_test_results_job_id_fkey
    foreign key (job_id) references public.jobs (id) on delete set null,
  constraint model_test_results_scores_range check (
    overall_quality between 0 and 10 and technical_quality between 0 and 10
    and content_quality between 0 and 10 and consistency between 0 and 10
  )
);

create index model_test_results_test_series_created_at_idx
  on public.model_test_results (test_series, created_at desc);
comment on index public.model_test_results_test_series_created_at_idx is
  'The results of one test series, newest first.';

create index model_test_results_tested_by_idx on public.model_test_results (tested_by);
comment on index public.model_test_results_tested_by_idx is 'Covers the tested_by foreign key.';

create index model_test_results_job_id_idx on public.model_test_results (job_id);
comment on index public.model_test_results_job_id_idx is
  'The test result of a job; covers the job_id foreign key.';

create trigger set_updated_at
  before update on public.model_test_results
  for each row execute function private.set_updated_at();

alter table public.model_test_results enable row level security;

revoke all on table public.model_test_results from anon, authenticated, service_role;
grant select, insert, update, delete on table public.model_test_results to authenticated, service_role;

create policy "admins can read model test results"
  on public.model_test_results for select to authenticated
  using ((select private.is_admin()));

create policy "admins can add model test results"
  on public.model_test_results for insert to authenticated
  with check ((select private.is_admin()));

create policy "admins can change model test results"
  on public.model_test_results for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create policy "admins can remove model test results"
  on public.model_test_results for delete to authenticated
  using ((select private.is_admin()));
