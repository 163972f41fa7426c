-- Regrades on a bulk lane, and what the teachers' dashboard reads.

ALTER TABLE submissions
    -- The stream a queued submission waits on: a learner's own submission is
    -- 'interactive'; a teacher's regrade is 'bulk', which graders take only when no
    -- interactive work waits.
    ADD COLUMN lane text NOT NULL DEFAULT 'interactive' CHECK (lane IN ('interactive', 'bulk')),
    -- When it last went on a stream: its submission, or its regrade.
    ADD COLUMN queued_at timestamptz,
    -- While a regrade of a passing submission is open, the learner keeps the pass.
    ADD COLUMN passed_before_regrade boolean NOT NULL DEFAULT false;
UPDATE submissions SET queued_at = created_at;
ALTER TABLE submissions ALTER COLUMN queued_at SET NOT NULL,
                        ALTER COLUMN queued_at SET DEFAULT now();

-- One open submission per learner counts the learner's own only: a regrade of an earlier
-- submission never stops them from submitting.
DROP INDEX submissions_one_open_per_user;
CREATE UNIQUE INDEX submissions_one_open_per_user
    ON submissions (user_id) WHERE status IN ('queued', 'running') AND lane = 'interactive';

-- Progress: a pass, or a pass whose regrade has not finished yet.
DROP INDEX submissions_user_passed;
CREATE INDEX submissions_user_passed ON submissions (user_id, assignment_id)
    WHERE status = 'passed' OR (passed_before_regrade AND status IN ('queued', 'running'));

-- Open work in the order graders take it (places in line, the oldest waiting).
DROP INDEX submissions_open;
CREATE INDEX submissions_open ON submissions (lane, queued_at) WHERE status IN ('queued', 'running');
-- The dashboard's recent throughput and latency.
CREATE INDEX submissions_graded ON submissions (graded_at) WHERE graded_at IS NOT NULL;
CREATE INDEX submissions_created ON submissions (created_at);
-- All submissions, newest first, by assignment (the admin list and the stats).
CREATE INDEX submissions_assignment_created ON submissions (assignment_id, created_at DESC);
