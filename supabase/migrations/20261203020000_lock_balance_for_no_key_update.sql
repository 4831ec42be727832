-- Two completions of one user's jobs at once deadlocked (seen under load: "deadlock detected",
-- job-callback and replicate-webhook answering 500). Each ledger insert's foreign key check takes
-- a key-share lock on the owner's profile, and so does every earlier insert of the transaction
-- that references the user; the balance trigger then asked for `for update`, which conflicts with
-- the other transaction's key-share lock, while the other asked for the same. Changing the
-- balance touches no key column, so `for no key update` is enough: it still serialises balance
-- changes with each other, and it does not conflict with key-share locks.
create or replace function private.apply_credit_entry_to_balance() returns trigger
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
  for no key update;

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
