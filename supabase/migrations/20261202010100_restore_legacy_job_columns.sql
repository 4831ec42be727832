-- Columns of the existing frontend's jobs table, restored with a meaning each. All but one are
-- backend-owned (no grant to users): quality_rating is the owner's own judgement of the result,
-- granted to users in 20261202010200_let_owners_cancel_and_rate_jobs.sql.

alter table public.jobs
  add column image_id uuid,
  add column video_id uuid,
  add column compel_weights jsonb generated always as (metadata -> 'compel_weights') stored,
  add column enhancement_strategy text,
  add column enhancement_time_ms integer,
  add column qwen_expansion_percentage numeric,
  add column quality_rating smallint,
  add column quality_improvement numeric,
  add column prompt_test_id uuid,
  add column test_metadata jsonb,
  add constraint jobs_enhancement_time_ms_not_negative check (enhancement_time_ms >= 0),
  add constraint jobs_quality_rating_range check (quality_rating between 1 and 5),
  add constraint jobs_prompt_test_id_fkey
    foreign key (prompt_test_id) references public.model_test_results (id) on delete set null;

comment on column public.jobs.image_id is
  'An image job''s first output: its workspace_assets id (or user_library id for library jobs), set at completion. Not a foreign key: the job outlives a discarded asset.';
comment on column public.jobs.video_id is
  'A video job''s output: its workspace_assets id (or user_library id for library jobs), set at completion.';
comment on column public.jobs.compel_weights is
  'The request''s compel weights (a string or an object), as queue-job recorded them in metadata.';
comment on column public.jobs.enhancement_strategy is
  'How the prompt was enhanced (e.g. the template or model path), written by the enhancement path.';
comment on column public.jobs.enhancement_time_ms is
  'How long prompt enhancement took, written by the enhancement path.';
comment on column public.jobs.qwen_expansion_percentage is
  'Length of the enhanced prompt relative to the original, in percent, written by the enhancement path.';
comment on column public.jobs.quality_rating is
  'The owner''s rating of the result, 1 to 5; the only jobs column an owner may set.';
comment on column public.jobs.quality_improvement is
  'Admin model tests: the measured quality gain of the enhanced prompt over the original.';
comment on column public.jobs.prompt_test_id is
  'Admin model tests: the test result this job was run for.';
comment on column public.jobs.test_metadata is
  'Admin model tests: the test''s own parameters for this job.';

create index jobs_prompt_test_id_idx on public.jobs (prompt_test_id);
comment on index public.jobs_prompt_test_id_idx is
  'Covers the prompt_test_id foreign key (clearing it when a test result is deleted).';
