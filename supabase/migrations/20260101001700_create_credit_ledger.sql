-- Credits as a ledger: every change to a balance is an entry, and profiles.token_balance is
-- kept equal to the sum of the user's entries by the trigger below (the only writer of that
-- column). A change that would make a balance negative fails with SQLSTATE PT402
-- ("insufficient credits"; PostgREST answers it as HTTP 402, the functions map it the same way).
--
-- A job's credits move in at most two steps, each at most once (unique job_id, kind):
--   reserve  -cost, at enqueue (equals the job's credits_reserved);
--   settle   0, when the job completes: the reservation becomes the charge;
--   refund   +cost, when the job fails or is cancelled: the reservation is returned.
-- settle and refund exclude each other. grant (+) and adjust (+/-) carry no job.
-- Entries are never updated or deleted; a mistake is corrected by a new adjust entry.

create type public.credit_entry_kind as enum ('reserve', 'settle', 'refund', 'grant', 'adjust');

create table public.credit_ledger (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  job_id uuid,
  kind public.credit_entry_kind not null,
  amount integer not null,
  reason text,
  -- No foreign key: an entry outlives the admin who wrote it.
  created_by uuid default auth.uid(),
  created_at timestamptz not null default now(),
  constraint credit_ledger_pkey primary key (id),
  constraint credit_ledger_user_id_fkey
    foreign key (user_id) references public.profiles (id) on delete cascade,
  -- Cascades only while the owner's account is being deleted: the append-only trigger
  -- refuses to delete entries of a user who still exists, so a charged job stays.
  constraint credit_ledger_job_id_fkey
    foreign key (job_id) references public.jobs (id) on delete cascade,
  constraint credit_ledger_job_id_kind_key unique (job_id, kind),
  constraint credit_ledger_job_entries_name_a_job
    check ((kind in ('reserve', 'settle', 'refund')) = (job_id is not null)),
  constraint credit_ledger_amount_sign_matches_kind check (
    case kind
      when 'reserve' then amount < 0
      when 'settle' then amount = 0
      when 'refund' then amount > 0
      when 'grant' then amount > 0
      else amount <> 0
    end
  )
);

comment on index public.credit_ledger_job_id_kind_key is
  'Each job is reserved, settled or refunded at most once; finds a job''s entries; covers the job_id foreign key.';

create index credit_ledger_user_id_created_at_idx on public.credit_ledger (user_id, created_at desc);
comment on index public.credit_ledger_user_id_created_at_idx is
  'A user''s credit history, newest first; covers the user_id foreign key.';

-- Security definer: it must read and lock the job even when an admin (who may not update
-- jobs) inserts. It only validates; balances change in the AFTER trigger, so an
-- `insert ... on conflict do nothing` that skips the row leaves the balance untouched.
create function private.check_credit_entry() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  job_owner uuid;
  job_credits_reserved integer;
  reserved_amount integer;
begin
  if new.job_id is null then
    return new;
  end if;

  -- Locking the job serialises all entries of one job, so the checks below cannot race.
  select user_id, credits_reserved into job_owner, job_credits_reserved
  from public.jobs
  where id = new.job_id
  for no key update;

  if job_owner is distinct from new.user_id then
    raise exception 'job % does not belong to user %', new.job_id, new.user_id
      using errcode = '23514';
  end if;

  if new.kind = 'reserve' then
    if new.amount <> -job_credits_reserved then
      raise exception 'a reservation of job % must be -% (its credits_reserved)', new.job_id, job_credits_reserved
        using errcode = '23514';
    end if;
    return new;
  end if;

  select -amount into reserved_amount
  from public.credit_ledger
  where job_id = new.job_id and kind = 'reserve';

  if reserved_amount is null then
    raise exception 'job % has no reservation to %', new.job_id, new.kind
      using errcode = '23514';
  end if;
  if new.kind = 'refund' and new.amount <> reserved_amount then
    raise exception 'a refund of job % must be % (its reservation)', new.job_id, reserved_amount
      using errcode = '23514';
  end if;
  if exists (
    select 1 from public.credit_ledger
    where job_id = new.job_id
      and kind = case new.kind when 'settle' then 'refund'::public.credit_entry_kind else 'settle' end
  ) then
    raise exception 'job % is already %', new.job_id,
      case new.kind when 'settle' then 'refunded' else 'settled' end
      using errcode = 'PT409';
  end if;
  return new;
end
$$;

-- Security definer: token_balance is granted to no role, so only this function can write it.
create function private.apply_credit_entry_to_balance() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  current_balance integer;
begin
  select token_balance into current_balance
  from public.profiles
  where id = new.user_id
  for update;

  if current_balance + new.amount < 0 then
    raise exception 'insufficient credits: balance %, change %', current_balance, new.amount
      using errcode = 'PT402';
  end if;

  update public.profiles
  set token_balance = current_balance + new.amount
  where id = new.user_id;
  return null;
end
$$;

create function private.keep_credit_ledger_append_only() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- Deleting the owner's account cascades here after the profile row is gone; allow that.
  if tg_op = 'DELETE' and not exists (select 1 from public.profiles where id = old.user_id) then
    return old;
  end if;
  raise exception 'credit_ledger is append-only: record an adjust entry instead'
    using errcode = '42501';
end
$$;

revoke execute on function private.check_credit_entry() from public;
revoke execute on function private.apply_credit_entry_to_balance() from public;
revoke execute on function private.keep_credit_ledger_append_only() from public;

create trigger check_entry
  before insert on public.credit_ledger
  for each row execute function private.check_credit_entry();

create trigger apply_to_balance
  after insert on public.credit_ledger
  for each row execute function private.apply_credit_entry_to_balance();

create trigger keep_append_only
  before update or delete on public.credit_ledger
  for each row execute function private.keep_credit_ledger_append_only();

alter table public.credit_ledger enable row level security;

revoke all on table public.credit_ledger from anon, authenticated, service_role;
grant select on table public.credit_ledger to authenticated;
grant insert (user_id, kind, amount, reason) on table public.credit_ledger to authenticated;
grant select, insert on table public.credit_ledger to service_role;

create policy "users can read their own credit entries, admins all entries"
  on public.credit_ledger for select to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()));

create policy "admins can grant and adjust credits"
  on public.credit_ledger for insert to authenticated
  with check (
    (select private.is_admin())
    and kind in ('grant', 'adjust')
    and job_id is null
    and created_by = (select auth.uid())
  );
