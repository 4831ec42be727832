-- Submitting and releasing batch items, each one statement, so queue-job writes a batch in one
-- database round trip and every release is atomic.
--
-- private.release_batch_items releases a user's next pending items: batches in priority order,
-- then oldest first, items in order, while the batch has fewer items in flight than its
-- max_concurrency. Each item becomes a job through private.submit_job, exactly as a single job
-- does: the user's in-flight cap, the job row, the credit reservation. Batch items never take the
-- owner's last free slot under the cap, so a batch cannot starve their single jobs, and items
-- reach the shared queues a few at a time, so it cannot starve other users either. It returns
-- what the caller hands over after the commit (queue payload, or the Replicate prediction).
--
-- private.submit_batch locks the user's profile, answers a repeated idempotency key with the
-- batch it created, refuses a batch its owner's balance cannot cover (PT402, detail: JSON with
-- the balance and the cost), writes the batch and its items and releases the first items.
--
-- Both run as service_role (`set role`, as private.submit_job does) and only service_role may
-- execute them. Refusals: PT403 no profile, PT402 insufficient credits.

-- The batch functions run as service_role and call other private functions (submit_job,
-- refresh_batch), which needs the schema's name lookup. service_role still executes only the
-- functions granted to it by name, and private stays unexposed to API users.
grant usage on schema private to service_role;

create function private.release_batch_items(
  target_user uuid,
  max_unfinished integer,
  only_batch uuid default null
)
returns table (batch_id uuid, job_id uuid, queue_name text, queue_payload jsonb, prediction jsonb)
language plpgsql
security invoker
set search_path = ''
set role = 'service_role'
as $$
declare
  batch record;
  item record;
  released public.jobs;
  free_slots integer;
  balance integer;
  unfinished integer;
  item_cap integer := greatest(max_unfinished - 1, 1);
begin
  -- Batches, then the profile: the lock order of completions (job, batch, profile).
  perform 1 from public.batch_jobs b
  where b.user_id = target_user
    and b.status in ('queued', 'processing')
    and (only_batch is null or b.id = only_batch)
  order by b.id
  for update;
  if not found then
    return;
  end if;
  select token_balance into balance from public.profiles where id = target_user for no key update;
  select count(*) into unfinished
  from public.jobs
  where user_id = target_user and status in ('queued', 'processing');

  -- The cap and the balance are checked here, so private.submit_job (which checks them again)
  -- never refuses, and no exception block turns each release into a subtransaction.
  for batch in
    select b.id, b.max_concurrency, b.on_failure
    from public.batch_jobs b
    where b.user_id = target_user
      and b.status in ('queued', 'processing')
      and (only_batch is null or b.id = only_batch)
    order by case b.priority when 'high' then 0 when 'normal' then 1 else 2 end, b.created_at, b.id
  loop
    select batch.max_concurrency - count(*) into free_slots
    from public.batch_items i
    where i.batch_id = batch.id and i.status in ('queued', 'processing');

    <<items>>
    for item in
      select i.id, i.credits, i.job_row, i.prediction
      from public.batch_items i
      where i.batch_id = batch.id and i.status = 'pending'
      order by i.item_index
      limit greatest(free_slots, 0)
    loop
      if unfinished >= item_cap then
        -- The owner's cap is reached: nothing more until one of their jobs finishes.
        perform private.refresh_batch(batch.id);
        return;
      end if;
      if balance < item.credits then
        -- The balance fell since submission (other spending): the item fails, unreserved.
        update public.batch_items
        set status = 'failed', error_code = 'insufficient_credits',
          error_message = 'The balance no longer covers this item'
        where id = item.id;
        if batch.on_failure = 'stop' then
          update public.batch_items
          set status = 'cancelled', error_code = 'batch_stopped',
            error_message = 'An item failed and the batch stops at the first failure'
          where public.batch_items.batch_id = batch.id and status = 'pending';
        end if;
        exit items;
      end if;
      released := private.submit_job(item.job_row, item_cap);
      unfinished := unfinished + 1;
      balance := balance - item.credits;
      update public.batch_items
      set status = 'queued', job_id = released.id, released_at = now()
      where id = item.id;
      batch_id := batch.id;
      job_id := released.id;
      queue_name := released.queue_name;
      queue_payload := released.queue_payload;
      prediction := item.prediction;
      return next;
    end loop;
    perform private.refresh_batch(batch.id);
  end loop;
end
$$;

create function private.submit_batch(new_batch jsonb, new_items jsonb, max_unfinished integer)
returns jsonb
language plpgsql
security invoker
set search_path = ''
set role = 'service_role'
as $$
declare
  batch public.batch_jobs := jsonb_populate_record(null::public.batch_jobs, new_batch);
  item_count integer := jsonb_array_length(new_items);
  balance integer;
  submitted public.batch_jobs;
begin
  select token_balance into balance
  from public.profiles
  where id = batch.user_id
  for no key update;
  if not found then
    raise exception 'user % has no profile', batch.user_id using errcode = 'PT403';
  end if;

  insert into public.batch_jobs (
    id, user_id, project_id, name, priority, max_concurrency, on_failure, idempotency_key,
    credits_total, total_count, queued_count
  )
  values (
    batch.id, batch.user_id, batch.project_id, batch.name, batch.priority, batch.max_concurrency,
    batch.on_failure, batch.idempotency_key, batch.credits_total, item_count, item_count
  )
  on conflict (user_id, idempotency_key) where idempotency_key is not null do nothing
  returning * into submitted;

  if not found then
    select * into submitted
    from public.batch_jobs existing
    where existing.user_id = batch.user_id and existing.idempotency_key = batch.idempotency_key;
    return jsonb_build_object('batch_id', submitted.id, 'replayed', true, 'released', '[]'::jsonb);
  end if;

  -- Items reserve one by one as they are released; the whole batch must be affordable now.
  if balance < batch.credits_total then
    raise exception 'insufficient credits: balance %, cost %', balance, batch.credits_total
      using errcode = 'PT402',
        detail = json_build_object('balance', balance, 'cost', batch.credits_total)::text;
  end if;

  insert into public.batch_items (batch_id, user_id, item_index, credits, job_row, prediction)
  select submitted.id, submitted.user_id, (position - 1)::integer, (item ->> 'credits')::integer,
    item -> 'job_row', nullif(item -> 'prediction', 'null'::jsonb)
  from jsonb_array_elements(new_items) with ordinality as items (item, position);

  return jsonb_build_object(
    'batch_id', submitted.id,
    'replayed', false,
    'released', (
      select coalesce(jsonb_agg(to_jsonb(released)), '[]'::jsonb)
      from private.release_batch_items(submitted.user_id, max_unfinished, submitted.id) released
    )
  );
end
$$;

revoke execute on function private.release_batch_items(uuid, integer, uuid) from public;
revoke execute on function private.submit_batch(jsonb, jsonb, integer) from public;
grant execute on function private.release_batch_items(uuid, integer, uuid) to service_role;
grant execute on function private.submit_batch(jsonb, jsonb, integer) to service_role;
