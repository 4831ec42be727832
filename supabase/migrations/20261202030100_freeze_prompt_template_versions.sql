-- A template version is immutable: what an enhancement recorded as "template X version N" must
-- stay what ran. A change is a new version; which version serves is a label
-- (prompt_template_labels). Only is_active (retiring a version) and description may change, and
-- a missing job_category may be filled in.

create function private.freeze_prompt_template_version() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.template_name, new.version, new.use_case, new.content_mode, new.enhancer_model,
      new.target_model, new.job_category, new.job_type, new.system_prompt, new.token_limit,
      new.metadata)
    is distinct from
     (old.template_name, old.version, old.use_case, old.content_mode, old.enhancer_model,
      old.target_model, coalesce(old.job_category, new.job_category), old.job_type, old.system_prompt, old.token_limit,
      old.metadata) then
    raise exception 'prompt template % version % is immutable', old.template_name, old.version
      using errcode = 'PT409', hint = 'Insert a new version and move its label instead.';
  end if;
  return new;
end;
$$;

revoke execute on function private.freeze_prompt_template_version() from public;

create trigger freeze_prompt_template_version
  before update on public.prompt_templates
  for each row execute function private.freeze_prompt_template_version();
