-- What learners may read of a result when the teacher hid some tests (API.md
-- `test_visibility`). NULL: the same as `tests` / `feedback` (nothing was hidden).
-- Teachers read `tests` and `feedback`, which always hold every result as it was.

ALTER TABLE submissions
    ADD COLUMN learner_tests jsonb,
    ADD COLUMN learner_feedback text;
