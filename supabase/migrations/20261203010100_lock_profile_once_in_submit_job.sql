-- private.submit_job, cheaper per submission and otherwise unchanged from
-- 20261202080000_record_enhancement_in_submit_job.sql (see 20260220000100_create_submit_job.sql
-- for what it does):
-- - the profile is locked FOR UPDATE at once, the mode the credit ledger's balance trigger takes
--   when the reservation is recorded, instead of FOR NO KEY UPDATE and then an upgrade to it
--   (a second tuple lock, with its WAL record, on every submission);
-- - the user's unfinished jobs are counted up to the cap only, so the check reads at most
--   jobs.max_unfinished_per_user index entries however many jobs are queued.

create or replace function private.submit_job(new_job jsonb, max_unfinished integer)
returns public.jobs
language plpgsql
security invoker
set search_path = ''
set role = 'service_role'
as $$
declare
  job public.jobs := jsonb_populate_record(null::public.jobs, new_job);
  balance integer;
  submitted public.jobs;
begin
  -- Locking the profile serialises one user's submissions. The function is volatile, so each
  -- statement below takes a fresh snapshot that includes every submission committed before.
  -- FOR UPDATE, the mode in which the ledger's balance trigger locks it again below, so that
  -- second lock finds it already held.
  select token_balance into balance
  from public.profiles
  where id = job.user_id
  for update;
  if not found then
    raise exception 'user % has no profile', job.user_id using errcode = 'PT403';
  end if;

  -- The first delivery is attempt 1. enqueued_at is stamped here, for queue and provider jobs
  -- alike, because the hand-over follows the commit: if it never happens the caller fails the
  -- job, and should that fail too the recovery sweep finds a queued job past its lane's limit.
  insert into public.jobs (
    id, user_id, job_type, model_type, format, quality, queue_name, api_model_id, original_prompt,
    enhanced_prompt, template_name, enhancement_strategy, enhancement_time_ms,
    qwen_expansion_percentage, metadata, idempotency_key, credits_reserved, attempts, max_attempts,
    queue_payload, enqueued_at
  )
  select job.id, job.user_id, job.job_type, job.model_type, job.format, job.quality,
    job.queue_name, job.api_model_id, job.original_prompt, job.enhanced_prompt, job.template_name,
    job.enhancement_strategy, job.enhancement_time_ms, job.qwen_expansion_percentage, job.metadata,
    job.idempotency_key, job.credits_reserved, 1, job.max_attempts, job.queue_payload, now()
  -- Counting stops at the cap: whether it is reached needs no more rows than that.
  where (
    select count(*) from (
      select from public.jobs unfinished
      where unfinished.user_id = job.user_id and unfinished.status in ('queued', 'processing')
      limit greatest(max_unfinished, 0)
    ) as counted
  ) < max_unfinished
  -- The unique index decides between concurrent requests with one key: the losers find the
  -- winner's job below instead of creating a second.
  on conflict (user_id, idempotency_key) where idempotency_key is not null do nothing
  returning * into submitted;

  if not found then
    select * into submitted
    from public.jobs existing
    where existing.user_id = job.user_id and existing.idempotency_key = job.idempotency_key;
    if found then
      return submitted;
    end if;
    raise exception 'user % already has % queued or processing jobs', job.user_id, max_unfinished
      using errcode = 'PT429';
  end if;

  if job.credits_reserved > 0 then
    -- The ledger's trigger refuses an overdraft too; checking under the profile lock first lets
    -- the refusal name the balance it saw.
    if balance < job.credits_reserved then
      raise exception 'insufficient credits: balance %, cost %', balance, job.credits_reserved
        using errcode = 'PT402',
          detail = json_build_object('balance', balance, 'cost', job.credits_reserved)::text;
    end if;
    insert into public.credit_ledger (user_id, job_id, kind, amount, reason)
    values (job.user_id, job.id, 'reserve', -job.credits_reserved, 'job queued');
  end if;
  return submitted;
end
$$;

revoke execute on function private.submit_job(jsonb, integer) from public;
grant execute on function private.submit_job(jsonb, integer) to service_role;
