-- A job row is about 3 kB (its metadata and queue payload each carry the prompts), just over the
-- 2 kB at which Postgres starts compressing a row's values and moving the largest into the TOAST
-- table. Every submission paid for that: a compression, and a second heap and index insert into
-- pg_toast. With the target at its maximum a row is only compressed or moved out once it would no
-- longer fit a page on its own, so a job stays one heap tuple.

alter table public.jobs set (toast_tuple_target = 8160);
