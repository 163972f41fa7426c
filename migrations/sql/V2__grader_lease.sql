-- Who holds a `running` row's lease, so a grader that is known dead (its heartbeat expired)
-- can have its jobs taken over at once instead of after the whole visibility timeout.
ALTER TABLE submissions ADD COLUMN grader text;
-- The delivery limit's two counts (`attempts` still counts every take):
-- platform failures a live grader saw while grading this submission,
ALTER TABLE submissions ADD COLUMN failures integer NOT NULL DEFAULT 0;
-- and deaths of the grader holding it while it was the only job there.
ALTER TABLE submissions ADD COLUMN crashes integer NOT NULL DEFAULT 0;
