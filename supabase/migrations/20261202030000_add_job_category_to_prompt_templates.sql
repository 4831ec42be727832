-- enhance-prompt picks a template by target model, job category (image or video), use case and
-- content mode. The category was only spelled in template names (wan_image_… / wan_video_…);
-- it becomes a column so the lookup is one indexed query.

alter table public.prompt_templates
  add column job_category text,
  add constraint prompt_templates_job_category_valid check (job_category in ('image', 'video'));

update public.prompt_templates
set job_category = case when template_name like '%video%' then 'video' else 'image' end
where target_model is not null and job_category is null;

drop index public.prompt_templates_active_lookup_idx;
create index prompt_templates_active_lookup_idx
  on public.prompt_templates (use_case, content_mode, target_model, job_category)
  where is_active;
comment on index public.prompt_templates_active_lookup_idx is
  'enhance-prompt and playground-chat pick the active templates for a use case, content mode, model and category.';
