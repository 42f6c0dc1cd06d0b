-- The run's advance counts a stage's open items only once the settles of that stage in progress have
-- committed (lib/synthesis/dispatch.ts: reviveLostItems): it takes, in a statement of its own, the
-- lock each settle holds from its count until it commits (rosetta_stage_open_items), shared, so that
-- advances never wait on each other. A settle's nudge to the advance lands in the settle's own
-- statement; when the advance's job was locked by a worker after that statement's snapshot, the queue
-- drops the nudge (add_job updates a keyed job only while it is unlocked), so the advance already
-- running must see the settle itself. Counted before the settle committed, it saw the item still open
-- and ended with nothing left to nudge it: the stage stalled (12 of 12 items done, the run RUNNING,
-- no job on the queue).
CREATE FUNCTION "rosetta_stage_settles_seen"(p_run uuid, p_stage run_stage) RETURNS void LANGUAGE sql VOLATILE AS $$
  SELECT pg_advisory_xact_lock_shared(hashtextextended('run_items:' || p_run::text || ':' || p_stage::text, 0));
$$;
