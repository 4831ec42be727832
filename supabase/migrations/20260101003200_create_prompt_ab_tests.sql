-- A/B tests of prompt enhancement: a baseline and an enhanced configuration and their scores.

create table public.prompt_ab_tests (
  id uuid not null default gen_random_uuid(),
  test_name text not null,
  test_series text not null,
  baseline_config jsonb not null,
  enhanced_config jsonb not null,
  baseline_avg_quality numeric,
  enhanced_avg_quality numeric,
  quality_improvement numeric,
  confidence_level numeric,
  total_participants integer not null default 0,
  is_complete boolean not null default false,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  constraint prompt_ab_tests_pkey primary key (id),
  constraint prompt_ab_tests_test_name_key unique (test_name),
  constraint prompt_ab_tests_confidence_level_range check (confidence_level between 0 and 1),
  constraint prompt_ab_tests_total_participants_not_negative check (total_participants >= 0),
  constraint prompt_ab_tests_complete_has_completed_at check (is_complete = (completed_at is not null))
);

comment on index public.prompt_ab_tests_test_name_key is 'Opening a test by name.';

alter table public.prompt_ab_tests enable row level security;

revoke all on table public.prompt_ab_tests from anon, authenticated, service_role;
grant select, insert, update, delete on table public.prompt_ab_tests to authenticated, service_role;

create policy "admins can read prompt A/B tests"
  on public.prompt_ab_tests for select to authenticated
  using ((select private.is_admin()));

create policy "admins can add prompt A/B tests"
  on public.prompt_ab_tests for insert to authenticated
  with check ((select private.is_admin()));

create policy "admins can change prompt A/B tests"
  on public.prompt_ab_tests for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create policy "admins can remove prompt A/B tests"
  on public.prompt_ab_tests for delete to authenticated
  using ((select private.is_admin()));
