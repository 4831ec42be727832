-- The `storage` schema as hosted Supabase has it once the Storage service has migrated it
-- (supabase/storage tenant migrations, simplified to one object version per name).
-- RLS is on with no policies: projects add theirs in migrations, and the local Storage server
-- runs every object read and write as the caller so those policies decide.
create schema storage;
grant usage on schema storage to anon, authenticated, service_role;
alter default privileges for role postgres in schema storage
  grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema storage
  grant all on functions to anon, authenticated, service_role;
alter default privileges for role postgres in schema storage
  grant all on sequences to anon, authenticated, service_role;

create table storage.buckets (
  id text primary key,
  name text not null,
  owner uuid,
  owner_id text,
  public boolean default false,
  file_size_limit bigint,
  allowed_mime_types text[],
  created_at timestamptz default now(),
  updated_at timestamptz default now()
);
-- Bucket names are unique, as on hosted (index name kept from the Storage migrations).
create unique index bname on storage.buckets using btree (name);

create table storage.objects (
  id uuid primary key default gen_random_uuid(),
  bucket_id text,
  name text,
  owner uuid,
  owner_id text,
  metadata jsonb,
  path_tokens text[] generated always as (string_to_array(name, '/')) stored,
  version text,
  user_metadata jsonb,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  last_accessed_at timestamptz default now(),
  constraint "objects_bucketId_fkey" foreign key (bucket_id) references storage.buckets (id)
);
-- One object per name in a bucket; also the conflict target of upserts.
create unique index bucketid_objname on storage.objects using btree (bucket_id, name);
-- Serves listing a folder: `name like '<prefix>%'` within a bucket.
create index name_prefix_search on storage.objects (name text_pattern_ops);

alter table storage.buckets enable row level security;
alter table storage.objects enable row level security;
grant all on storage.buckets, storage.objects to anon, authenticated, service_role;

create function storage.update_updated_at_column() returns trigger
language plpgsql
as $$
begin
  new.updated_at = now();
  return new;
end
$$;

create trigger update_objects_updated_at
  before update on storage.objects
  for each row execute function storage.update_updated_at_column();

-- Path helpers that storage policies use, with hosted semantics:
-- foldername('a/b/c.png') = {a,b}; filename(...) = 'c.png'; extension(...) = 'png'.
create function storage.foldername(name text) returns text[]
language plpgsql immutable
as $$
declare
  _parts text[];
begin
  select string_to_array(name, '/') into _parts;
  return _parts[1 : array_length(_parts, 1) - 1];
end
$$;

create function storage.filename(name text) returns text
language plpgsql immutable
as $$
declare
  _parts text[];
begin
  select string_to_array(name, '/') into _parts;
  return _parts[array_length(_parts, 1)];
end
$$;

create function storage.extension(name text) returns text
language plpgsql immutable
as $$
declare
  _parts text[];
  _filename text;
begin
  select string_to_array(name, '/') into _parts;
  select _parts[array_length(_parts, 1)] into _filename;
  return reverse(split_part(reverse(_filename), '.', 1));
end
$$;

grant execute on function storage.foldername(text), storage.filename(text), storage.extension(text)
  to anon, authenticated, service_role;
