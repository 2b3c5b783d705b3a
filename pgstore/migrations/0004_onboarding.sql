-- onboarding: applications and account cancellations (onboarding.Store).
-- An application's list position is its submission instant as Unix
-- seconds and nanoseconds (exact for every instant, as the cursor names
-- it), then its id, bytewise.
CREATE TABLE onboarding_applications (
    id             text COLLATE "C" PRIMARY KEY,
    kind           smallint NOT NULL,
    state          smallint NOT NULL,
    subject        text COLLATE "C" NOT NULL,
    submitted_sec  bigint NOT NULL,
    submitted_nsec integer NOT NULL,
    deadline       date,
    version        bigint NOT NULL,
    doc            jsonb NOT NULL
);
-- ListApplications, no filter: the list order.
CREATE INDEX onboarding_applications_order ON onboarding_applications (submitted_sec, submitted_nsec, id);
-- by state (the overdue query: state approved, deadline before a day).
CREATE INDEX onboarding_applications_state ON onboarding_applications (state, submitted_sec, submitted_nsec, id);
-- by kind.
CREATE INDEX onboarding_applications_kind ON onboarding_applications (kind, submitted_sec, submitted_nsec, id);
-- by subject (an account's applications).
CREATE INDEX onboarding_applications_subject ON onboarding_applications (subject, submitted_sec, submitted_nsec, id);
-- by deadline alone (no state): the applications with a deadline.
CREATE INDEX onboarding_applications_deadline ON onboarding_applications (deadline) WHERE deadline IS NOT NULL;

CREATE TABLE onboarding_cancellations (
    id      text COLLATE "C" PRIMARY KEY,
    state   smallint NOT NULL,
    refund  numeric NOT NULL,
    version bigint NOT NULL,
    doc     jsonb NOT NULL
);
-- ListCancellations by state, in id order (no filter: the primary key).
CREATE INDEX onboarding_cancellations_state ON onboarding_cancellations (state, id);
