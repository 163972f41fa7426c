-- Compiled languages: a submission that does not compile fails with `compile_error`
-- (API.md's verdicts), which the first schema did not list.

ALTER TABLE submissions DROP CONSTRAINT submissions_verdict_check;
ALTER TABLE submissions ADD CONSTRAINT submissions_verdict_check
    CHECK (verdict IN ('tests_failed', 'syntax_error', 'compile_error', 'runtime_error',
                       'time_limit', 'memory_limit', 'output_limit'));
