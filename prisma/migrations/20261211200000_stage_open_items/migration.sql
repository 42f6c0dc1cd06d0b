-- A settling item's count of the other items of its run's stage still on the queue (dispatched, not
-- settled), exact however the stage's settles race (lib/synthesis/items.ts: the settle decides from
-- it whether the run's advance is due). The settle takes the stage's advisory lock, held until it
-- commits, and counts in a statement of its own (a VOLATILE function's statement takes a fresh
-- snapshot): it sees every settle of the stage that took the lock before it. Counted in the settle's
-- own statement, the last items of a stage settling together each saw the others still open, and
-- none asked for the advance.
CREATE FUNCTION "rosetta_stage_open_items"(p_run uuid, p_stage run_stage, p_settling text) RETURNS int LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('run_items:' || p_run::text || ':' || p_stage::text, 0));
  -- The literal conditions match run_items_window_idx.
  RETURN (SELECT count(*)::int FROM run_items
          WHERE run_id = p_run AND stage = p_stage AND status IN ('QUEUED', 'RUNNING') AND dispatched_at IS NOT NULL
            AND item_key <> p_settling);
END $$;
