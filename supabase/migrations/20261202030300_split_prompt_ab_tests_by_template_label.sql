-- A prompt A/B test splits one template's traffic between its "production" and "candidate"
-- versions: candidate_percent of users (sticky per user) get the candidate. Every enhancement
-- records the test and the version it served in usage_logs.metadata, so a test's results (count,
-- latency, tokens, how often the user kept the enhanced prompt) come from data
-- (enhance-prompt's GET /ab-tests/{id}/results).

alter table public.prompt_ab_tests
  add column template_name text,
  add column candidate_percent integer,
  add constraint prompt_ab_tests_candidate_percent_range check (candidate_percent between 0 and 100),
  add constraint prompt_ab_tests_split_is_complete
    check ((template_name is null) = (candidate_percent is null));

create unique index prompt_ab_tests_running_template_key
  on public.prompt_ab_tests (template_name)
  where not is_complete and template_name is not null;
comment on index public.prompt_ab_tests_running_template_key is
  'At most one running test per template; enhance-prompt finds it by template name.';
