-- Which version of a template serves: the version its "production" label points at (its highest
-- active version when it has none), and "candidate" the version an A/B test tries against it.
-- Moving a label is how a version is released, and moving it back is the rollback.

create table public.prompt_template_labels (
  template_name text not null,
  label text not null,
  version integer not null,
  moved_by uuid,
  moved_at timestamptz not null default now(),
  constraint prompt_template_labels_pkey primary key (template_name, label),
  constraint prompt_template_labels_label_valid check (label in ('production', 'candidate')),
  constraint prompt_template_labels_template_version_fkey
    foreign key (template_name, version)
    references public.prompt_templates (template_name, version) on delete restrict,
  constraint prompt_template_labels_moved_by_fkey
    foreign key (moved_by) references public.profiles (id) on delete set null
);

create index prompt_template_labels_template_version_idx
  on public.prompt_template_labels (template_name, version);
comment on index public.prompt_template_labels_template_version_idx is
  'Covers the (template_name, version) foreign key: deleting a labelled version is refused.';

create index prompt_template_labels_moved_by_idx on public.prompt_template_labels (moved_by);
comment on index public.prompt_template_labels_moved_by_idx is
  'Covers the moved_by foreign key.';

alter table public.prompt_template_labels enable row level security;

revoke all on table public.prompt_template_labels from anon, authenticated, service_role;
grant select, insert, update, delete on table public.prompt_template_labels to authenticated;
grant select on table public.prompt_template_labels to service_role;

create policy "admins can read template labels"
  on public.prompt_template_labels for select to authenticated
  using ((select private.is_admin()));

create policy "admins can set template labels"
  on public.prompt_template_labels for insert to authenticated
  with check ((select private.is_admin()));

create policy "admins can move template labels"
  on public.prompt_template_labels for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create policy "admins can remove template labels"
  on public.prompt_template_labels for delete to authenticated
  using ((select private.is_admin()));
