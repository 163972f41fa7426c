-- Teachers author assignments through the admin API.

ALTER TABLE assignments
    -- 'catalog': a built-in assignment, which `migrate` keeps in step with its folder.
    -- 'teacher': created or edited through the admin API; `migrate` never changes it.
    ADD COLUMN origin text NOT NULL DEFAULT 'catalog' CHECK (origin IN ('catalog', 'teacher')),
    -- The name the tests import the learner's code under.
    ADD COLUMN module_name text NOT NULL DEFAULT 'solution'
        CHECK (module_name ~ '^[A-Za-z_][A-Za-z0-9_]{0,63}$'),
    ADD COLUMN test_visibility jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN io_cases jsonb NOT NULL DEFAULT '[]',
    -- Learners see an assignment only while it is published and not archived; archiving
    -- keeps its submissions.
    ADD COLUMN published boolean NOT NULL DEFAULT true,
    ADD COLUMN archived_at timestamptz;

-- The learners' catalog, in course order.
CREATE INDEX assignments_visible ON assignments (position)
    WHERE published AND archived_at IS NULL;
