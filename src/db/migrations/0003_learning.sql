-- 0003_learning.sql: enrolments, learning agreements per period, evidence,
-- assessment, progress and the coaching log (the leeruitkomsten experiment).
-- Portable SQL, as 0001. Agreement contents are JSON objects in TEXT columns,
-- written and read only by the domain (domain/agreement.c).

CREATE TABLE periods (
  id TEXT PRIMARY KEY,
  institution_id TEXT NOT NULL REFERENCES organisations(id),
  name TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX periods_institution ON periods(institution_id, id);

-- A mixed group of several employers, or a company group of one.
CREATE TABLE cohorts (
  id TEXT PRIMARY KEY,
  programme_id TEXT NOT NULL REFERENCES programmes(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  employer_id TEXT REFERENCES organisations(id),
  start_date TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX cohorts_programme ON cohorts(programme_id, id);

-- How a programme assesses: whether a second examiner is required and
-- whether a coach may examine their own learner. No row: neither.
CREATE TABLE programme_assessment_rules (
  programme_id TEXT PRIMARY KEY REFERENCES programmes(id),
  second_examiner INTEGER NOT NULL DEFAULT 0,
  coach_may_examine INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);

CREATE TABLE enrolments (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  programme_id TEXT NOT NULL REFERENCES programmes(id),
  employer_id TEXT REFERENCES organisations(id),
  cohort_id TEXT REFERENCES cohorts(id),
  track TEXT NOT NULL,
  status TEXT NOT NULL,
  start_date TEXT NOT NULL,
  coach_id TEXT REFERENCES persons(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX enrolments_person ON enrolments(person_id);
CREATE INDEX enrolments_programme ON enrolments(programme_id, id);
CREATE INDEX enrolments_employer ON enrolments(employer_id, id);
CREATE INDEX enrolments_coach ON enrolments(coach_id, id);

-- A claim that an outcome is already mastered: submitted, then judged by
-- an examiner (approved or rejected), then confirmed by the exam board.
CREATE TABLE prior_learning_claims (
  id TEXT PRIMARY KEY,
  enrolment_id TEXT NOT NULL REFERENCES enrolments(id),
  outcome_id TEXT NOT NULL REFERENCES outcomes(id),
  statement TEXT NOT NULL,
  evidence TEXT,
  status TEXT NOT NULL,
  examiner_id TEXT REFERENCES persons(id),
  rationale TEXT,
  judged_at TEXT,
  confirmed_by TEXT REFERENCES persons(id),
  confirmed_at TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX prior_learning_enrolment ON prior_learning_claims(enrolment_id);

-- One agreement per enrolment and period. status follows the version being
-- worked on (draft, proposed, active, closed); active_version is the
-- number of the last version signed by all three sides, if any.
CREATE TABLE agreements (
  id TEXT PRIMARY KEY,
  enrolment_id TEXT NOT NULL REFERENCES enrolments(id),
  period_id TEXT NOT NULL REFERENCES periods(id),
  status TEXT NOT NULL,
  current_version INTEGER NOT NULL,
  active_version INTEGER,
  evaluation_learner TEXT,
  evaluation_coach TEXT,
  evaluation_employer TEXT,
  closed_at TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (enrolment_id, period_id)
);

-- The versions of an agreement. content is the canonical JSON text (keys
-- sorted, compact) and content_hash its SHA-256, set when proposed. Once
-- proposed a version's content never changes (trigger in the engine part).
CREATE TABLE agreement_versions (
  id TEXT PRIMARY KEY,
  agreement_id TEXT NOT NULL REFERENCES agreements(id),
  number INTEGER NOT NULL,
  status TEXT NOT NULL,
  content TEXT NOT NULL,
  content_hash TEXT,
  proposed_at TEXT,
  signed_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (agreement_id, number)
);

-- Who signed which exact version: side is learner, institution or
-- employer; content_hash is the hash the signer saw.
CREATE TABLE signatures (
  id TEXT PRIMARY KEY,
  agreement_version_id TEXT NOT NULL REFERENCES agreement_versions(id),
  side TEXT NOT NULL,
  person_id TEXT REFERENCES persons(id),
  account_id TEXT NOT NULL REFERENCES accounts(id),
  signed_at TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  UNIQUE (agreement_version_id, side)
);

-- The planned outcomes of the version in force, with their examiners;
-- rewritten from the content when a version is signed by all three.
CREATE TABLE agreement_outcomes (
  agreement_id TEXT NOT NULL REFERENCES agreements(id),
  outcome_id TEXT NOT NULL REFERENCES outcomes(id),
  examiner_id TEXT REFERENCES persons(id),
  second_examiner_id TEXT REFERENCES persons(id),
  PRIMARY KEY (agreement_id, outcome_id)
);
CREATE INDEX agreement_outcomes_examiner ON agreement_outcomes(examiner_id);

-- Evidence for an outcome: a file (content-addressed on disk beside the
-- database, never web-served), a link or a text.
CREATE TABLE evidence (
  id TEXT PRIMARY KEY,
  enrolment_id TEXT NOT NULL REFERENCES enrolments(id),
  outcome_id TEXT NOT NULL REFERENCES outcomes(id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  text_body TEXT,
  url TEXT,
  file_name TEXT,
  file_type TEXT,
  file_size BIGINT,
  file_hash TEXT,
  created_by TEXT REFERENCES accounts(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX evidence_enrolment ON evidence(enrolment_id, outcome_id);

CREATE TABLE attestations (
  id TEXT PRIMARY KEY,
  evidence_id TEXT NOT NULL REFERENCES evidence(id),
  person_id TEXT NOT NULL REFERENCES persons(id),
  statement TEXT NOT NULL,
  attested_at TEXT NOT NULL,
  UNIQUE (evidence_id, person_id)
);

-- A judgement of one outcome: result achieved or not_yet; a second
-- examiner where the programme requires it; then the exam board confirms.
-- internal_notes are the examiners' own and never shown to the learner or
-- the employer.
CREATE TABLE assessments (
  id TEXT PRIMARY KEY,
  enrolment_id TEXT NOT NULL REFERENCES enrolments(id),
  outcome_id TEXT NOT NULL REFERENCES outcomes(id),
  agreement_id TEXT NOT NULL REFERENCES agreements(id),
  examiner_id TEXT NOT NULL REFERENCES persons(id),
  result TEXT NOT NULL,
  rationale TEXT NOT NULL,
  assessed_on TEXT NOT NULL,
  internal_notes TEXT,
  second_examiner_id TEXT REFERENCES persons(id),
  second_result TEXT,
  second_rationale TEXT,
  second_on TEXT,
  board_status TEXT NOT NULL,
  confirmed_by TEXT REFERENCES persons(id),
  confirmed_at TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX assessments_enrolment ON assessments(enrolment_id, outcome_id);

CREATE TABLE coaching_log (
  id TEXT PRIMARY KEY,
  enrolment_id TEXT NOT NULL REFERENCES enrolments(id),
  kind TEXT NOT NULL,
  held_on TEXT NOT NULL,
  present TEXT NOT NULL DEFAULT '[]',
  notes TEXT NOT NULL,
  next_steps TEXT,
  author_id TEXT REFERENCES accounts(id),
  created_at TEXT NOT NULL
);
CREATE INDEX coaching_log_enrolment ON coaching_log(enrolment_id, held_on);
