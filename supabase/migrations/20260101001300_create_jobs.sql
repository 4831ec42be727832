-- Generation jobs. The backend owns every column: queue-job creates the row (service role)
-- before pushing it to a queue, workers and webhooks move it through its states. Users read
-- their own jobs (also through Realtime); admins read all and record moderation reviews.
-- Terminal states stay terminal, enforced here so a late or repeated callback cannot revive a job.

create type public.job_status as enum ('queued', 'processing', 'completed', 'failed', 'cancelled');

create table public.jobs (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  job_type text not null,
  model_type text,
  format text not null,
  quality text not null,
  status public.job_status not null default 'queued',
  destination text not null default 'workspace',
  queue_name text,
  api_model_id uuid,
  project_id uuid,
  workspace_session_id uuid,
  original_prompt text,
  enhanced_prompt text,
  template_name text,
  metadata jsonb not null default '{}'::jsonb,
  idempotency_key text,
  provider_prediction_id text,
  worker_id text,
  attempts integer not null default 0,
  max_attempts integer not null default 3,
  progress smallint not null default 0,
  credits_reserved integer not null default 0,
  lease_expires_at timestamptz,
  last_heartbeat_at timestamptz,
  error_code text,
  error_message text,
  moderation_status text,
  reviewed_by uuid,
  reviewed_at timestamptz,
  review_notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz,
  constraint jobs_pkey primary key (id),
  constraint jobs_user_id_fkey foreign key (user_id) references public.profiles (id) on delete cascade,
  constraint jobs_api_model_id_fkey
    foreign key (api_model_id) references public.api_models (id) on delete set null,
  constraint jobs_project_id_fkey
    foreign key (project_id, user_id) references public.projects (id, user_id)
    on delete set null (project_id),
  constraint jobs_reviewed_by_fkey
    foreign key (reviewed_by) references public.profiles (id) on delete set null,
  constraint jobs_id_user_id_key unique (id, user_id),
  constraint jobs_job_type_valid check (job_type in (
    'sdxl_image_fast', 'sdxl_image_high', 'image_fast', 'image_high', 'video_fast', 'video_high',
    'wan_video_fast', 'wan_video_high', 'image7b_fast_enhanced', 'image7b_high_enhanced',
    'video7b_fast_enhanced', 'video7b_high_enhanced', 'rv51_fast', 'rv51_high'
  )),
  constraint jobs_model_type_valid
    check (model_type in ('sdxl', 'wan', 'rv51', 'flux', 'replicate-sdxl', 'replicate-sdxl-i2i')),
  constraint jobs_format_matches_job_type
    check (format = case when job_type ~ 'video' then 'video' else 'image' end),
  constraint jobs_quality_matches_job_type
    check (quality = case when job_type ~ 'high' then 'high' else 'fast' end),
  constraint jobs_destination_valid check (destination in ('workspace', 'library')),
  constraint jobs_queue_name_valid check (queue_name in ('sdxl_queue', 'wan_queue')),
  constraint jobs_idempotency_key_length check (char_length(idempotency_key) between 1 and 200),
  constraint jobs_attempts_within_max check (attempts >= 0 and attempts <= max_attempts),
  constraint jobs_max_attempts_range check (max_attempts between 1 and 10),
  constraint jobs_progress_range check (progress between 0 and 100),
  constraint jobs_credits_reserved_not_negative check (credits_reserved >= 0),
  constraint jobs_moderation_status_valid
    check (moderation_status in ('pending', 'approved', 'flagged', 'rejected')),
  constraint jobs_finished_jobs_have_completed_at
    check ((status in ('completed', 'failed', 'cancelled')) = (completed_at is not null))
);

comment on index public.jobs_id_user_id_key is
  'Target of foreign keys that must point at a job of the same user (workspace_assets).';

create index jobs_user_id_created_at_idx on public.jobs (user_id, created_at desc);
comment on index public.jobs_user_id_created_at_idx is
  'A user''s jobs, newest first (history, polling fallback); covers the user_id foreign key.';

create unique index jobs_user_id_idempotency_key_key
  on public.jobs (user_id, idempotency_key)
  where idempotency_key is not null;
comment on index public.jobs_user_id_idempotency_key_key is
  'queue-job answers a repeated request with the job its idempotency key already created.';

create unique index jobs_provider_prediction_id_key
  on public.jobs (provider_prediction_id)
  where provider_prediction_id is not null;
comment on index public.jobs_provider_prediction_id_key is
  'replicate-webhook finds the job of a prediction.';

create index jobs_user_id_unfinished_idx
  on public.jobs (user_id)
  where status in ('queued', 'processing');
comment on index public.jobs_user_id_unfinished_idx is
  'queue-job counts a user''s queued and processing jobs against the limit.';

create index jobs_processing_lease_expires_at_idx
  on public.jobs (lease_expires_at)
  where status = 'processing';
comment on index public.jobs_processing_lease_expires_at_idx is
  'The reaper finds processing jobs whose worker lease has expired.';

create index jobs_api_model_id_idx on public.jobs (api_model_id);
comment on index public.jobs_api_model_id_idx is
  'Jobs per model (admin metrics); covers the api_model_id foreign key.';

create index jobs_project_id_user_id_idx on public.jobs (project_id, user_id);
comment on index public.jobs_project_id_user_id_idx is
  'A project''s jobs; covers the (project_id, user_id) foreign key.';

create index jobs_reviewed_by_idx on public.jobs (reviewed_by);
comment on index public.jobs_reviewed_by_idx is
  'Covers the reviewed_by foreign key (clearing it when the reviewer is deleted).';

create function private.stamp_job_status_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.status in ('completed', 'failed', 'cancelled') and new.status <> old.status then
    raise exception 'job % is already %', old.id, old.status
      using errcode = 'PT409', hint = 'Terminal job states never change.';
  end if;
  if new.status = 'processing' and new.started_at is null then
    new.started_at := now();
  end if;
  if new.status in ('completed', 'failed', 'cancelled') and new.completed_at is null then
    new.completed_at := now();
  end if;
  return new;
end
$$;

revoke execute on function private.stamp_job_status_change() from public;

create trigger stamp_status_change
  before update of status on public.jobs
  for each row execute function private.stamp_job_status_change();

create trigger set_updated_at
  before update on public.jobs
  for each row execute function private.set_updated_at();

alter table public.jobs enable row level security;

revoke all on table public.jobs from anon, authenticated, service_role;
grant select on table public.jobs to authenticated;
grant update (moderation_status, reviewed_by, reviewed_at, review_notes) on table public.jobs to authenticated;
grant select, insert, update on table public.jobs to service_role;

create policy "users can read their own jobs, admins all jobs"
  on public.jobs for select to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()));

create policy "admins can record moderation reviews of jobs"
  on public.jobs for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));
