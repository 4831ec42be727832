-- Keeps every batch in step with its items' jobs, in the transaction that moves the job: when a
-- released item's job changes status, the item takes the job's status, a final failure stops a
-- `stop` batch (its pending items are cancelled, nothing more is released), and the batch's
-- counts and status are recomputed from its items. Completion, failure and cancellation code
-- stays unaware of batches, and a batch is never seen behind its jobs.
--
-- Lock order, shared by every writer of batches: job, then batch, then items, then profile.

-- Recomputes a locked batch's counts and status from its items (at most a few hundred rows).
-- A cancelled batch stays cancelled; one with nothing left to run is completed, or failed when
-- a failure stopped it or nothing completed; a paused one stays paused while items remain.
create function private.refresh_batch(target_batch uuid) returns void
language sql
set search_path = ''
as $$
  with counts as (
    select
      count(*) filter (where status in ('pending', 'queued'))::integer as queued,
      count(*) filter (where status = 'processing')::integer as processing,
      count(*) filter (where status = 'completed')::integer as completed,
      count(*) filter (where status = 'failed')::integer as failed,
      count(*) filter (where status = 'cancelled')::integer as cancelled,
      count(*) filter (where status in ('queued', 'processing'))::integer as released
    from public.batch_items
    where batch_id = target_batch
  ),
  next as (
    select counts.*, case
      when batch.status = 'cancelled' then 'cancelled'
      when counts.queued + counts.processing = 0 then
        case
          when counts.completed = 0 and counts.failed = 0 then 'cancelled'
          when counts.failed > 0 and (batch.on_failure = 'stop' or counts.completed = 0) then 'failed'
          else 'completed'
        end
      when batch.status = 'paused' then 'paused'
      when counts.released + counts.completed + counts.failed + counts.cancelled > 0 then 'processing'
      else 'queued'
    end::public.batch_status as status
    from counts, public.batch_jobs batch
    where batch.id = target_batch
  )
  update public.batch_jobs batch set
    queued_count = next.queued,
    processing_count = next.processing,
    completed_count = next.completed,
    failed_count = next.failed,
    cancelled_count = next.cancelled,
    status = next.status,
    completed_at = case
      when next.status in ('completed', 'failed', 'cancelled') then coalesce(batch.completed_at, now())
    end
  from next
  where batch.id = target_batch;
$$;

-- Security definer: a job's status is moved by the service role, and may be by its owner (a
-- direct cancel), neither of whom may write batches; this keeps the batch in step either way.
create function private.track_batch_item() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  item public.batch_items;
  batch public.batch_jobs;
begin
  select * into item from public.batch_items where job_id = new.id;
  if not found then
    return null;
  end if;
  select * into batch from public.batch_jobs where id = item.batch_id for update;

  update public.batch_items
  set status = new.status::text::public.batch_item_status,
    error_code = new.error_code, error_message = new.error_message
  where id = item.id;

  if new.status = 'failed' and batch.on_failure = 'stop' then
    update public.batch_items
    set status = 'cancelled', error_code = 'batch_stopped',
      error_message = format('Item %s failed and the batch stops at the first failure', item.item_index)
    where batch_id = batch.id and status = 'pending';
  end if;

  perform private.refresh_batch(batch.id);
  return null;
end
$$;

revoke execute on function private.refresh_batch(uuid) from public;
revoke execute on function private.track_batch_item() from public;
grant execute on function private.refresh_batch(uuid) to service_role;

create trigger track_batch_item
  after update of status on public.jobs
  for each row
  when (old.status is distinct from new.status)
  execute function private.track_batch_item();
