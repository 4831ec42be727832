-- One update policy on jobs for authenticated instead of two permissive ones (each would be
-- evaluated for every row). Which columns and changes each caller may make is not a policy's to
-- say: the column grants and private.check_job_change_by_user (owners cancel and rate their own
-- jobs, admins review any job) decide that.

drop policy "admins can record moderation reviews of jobs" on public.jobs;
drop policy "users can cancel and rate their own jobs" on public.jobs;

create policy "owners cancel and rate their jobs, admins review any job"
  on public.jobs for update to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()))
  with check (user_id = (select auth.uid()) or (select private.is_admin()));
