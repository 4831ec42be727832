-- The existing frontend cancels a job with `update jobs set status = 'cancelled' where id = ...`
-- through the Data API, as the user, and rates results in quality_rating. Both become real:
--
-- - users get update on exactly two columns, status and quality_rating, of their own jobs;
-- - a check before every change by a user (`authenticated`) allows status to move only to
--   cancelled, only from queued or processing, only on their own job; quality_rating only on
--   their own job; the moderation columns (granted for admins' reviews) only for admins;
-- - every cancel, whoever makes it (the Data API, queue-job's cancel route, a provider), runs
--   the same transition here: the lease ends, the reservation is refunded once (the ledger takes
--   one refund per job) and the audit entry is written, in the cancelling statement's
--   transaction. `jobs.change_source` (set locally by the backend) names who cancelled;
--   a user's statement always counts as `data-api`;
-- - a job cancelled while queued is marked dequeue_pending: Postgres cannot reach Redis, so the
--   recovery sweep (POST /job-callback/sweep) removes its stored payload from the list (LREM)
--   and clears the mark. Until then a worker that pops it is told the job is cancelled at its
--   first report, and its outputs are refused.

alter table public.jobs
  add column dequeue_pending boolean not null default false;

comment on column public.jobs.dequeue_pending is
  'The job was cancelled while its payload may still wait in its queue: the sweep removes it.';

create index jobs_dequeue_pending_idx on public.jobs (id) where dequeue_pending;
comment on index public.jobs_dequeue_pending_idx is
  'The recovery sweep finds cancelled jobs whose queue payload it must still remove.';

-- Security definer, so it may look up admins in `private`; it fires only for statements made as
-- `authenticated` (the trigger's WHEN): the backend's own roles change jobs after their own checks.
create function private.check_job_change_by_user() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.status is distinct from old.status then
    if old.user_id is distinct from (select auth.uid())
      or new.status <> 'cancelled'
      or old.status not in ('queued', 'processing') then
      raise exception 'a job''s owner may only cancel it, while it is queued or processing'
        using errcode = '42501';
    end if;
    perform set_config('jobs.change_source', 'data-api', true);
  end if;
  if new.quality_rating is distinct from old.quality_rating
    and old.user_id is distinct from (select auth.uid()) then
    raise exception 'only a job''s owner may rate it' using errcode = '42501';
  end if;
  if (new.moderation_status, new.reviewed_by, new.reviewed_at, new.review_notes)
      is distinct from (old.moderation_status, old.reviewed_by, old.reviewed_at, old.review_notes)
    and not (select private.is_admin()) then
    raise exception 'only admins review jobs' using errcode = '42501';
  end if;
  return new;
end
$$;

create function private.prepare_job_cancellation() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.lease_expires_at := null;
  new.dequeue_pending := old.status = 'queued' and old.queue_name is not null;
  return new;
end
$$;

-- Security definer: a user's cancel writes the refund and the audit entry, which users cannot
-- insert themselves.
create function private.settle_job_cancellation() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  source text := coalesce(nullif(current_setting('jobs.change_source', true), ''), 'database');
begin
  if new.credits_reserved > 0 then
    insert into public.credit_ledger (user_id, job_id, kind, amount, reason)
    values (new.user_id, new.id, 'refund', new.credits_reserved, 'job cancelled')
    on conflict (job_id, kind) do nothing;
  end if;
  insert into public.audit_logs (event_type, event_data, correlation_id, source, user_id)
  values ('job.cancelled', jsonb_build_object('from', old.status), new.id::text, source, new.user_id);
  return null;
end
$$;

revoke execute on function private.check_job_change_by_user() from public;
revoke execute on function private.prepare_job_cancellation() from public;
revoke execute on function private.settle_job_cancellation() from public;

-- Named to fire first among the BEFORE triggers (alphabetical order), before any stamping.
create trigger check_change_by_user
  before update on public.jobs
  for each row
  when (current_user = 'authenticated')
  execute function private.check_job_change_by_user();

create trigger prepare_cancellation
  before update of status on public.jobs
  for each row
  when (new.status = 'cancelled' and old.status is distinct from 'cancelled')
  execute function private.prepare_job_cancellation();

create trigger settle_cancellation
  after update of status on public.jobs
  for each row
  when (new.status = 'cancelled' and old.status is distinct from 'cancelled')
  execute function private.settle_job_cancellation();

grant update (status, quality_rating) on table public.jobs to authenticated;

create policy "users can cancel and rate their own jobs"
  on public.jobs for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
