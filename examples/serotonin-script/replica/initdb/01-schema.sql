-- The schema the backend's Alembic migrations create (backend/models/db_models.py), at the head
-- revision the replica's `alembic` reports, with a few drafts for the runbook's section 4 query.
CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);
INSERT INTO alembic_version VALUES ('c41f7a9e8d20');

CREATE TABLE users (
  id serial PRIMARY KEY,
  username varchar(255) NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE drafts (
  id serial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  topic varchar(255) NOT NULL,
  content text,
  status varchar(50) NOT NULL,
  platform varchar(50) NOT NULL DEFAULT 'telegram',
  scheduled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE published_posts (
  id serial PRIMARY KEY,
  draft_id integer NOT NULL REFERENCES drafts (id),
  platform varchar(50) NOT NULL,
  post_url varchar(500) NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE feedback (
  id serial PRIMARY KEY,
  draft_id integer NOT NULL REFERENCES drafts (id),
  user_id integer NOT NULL REFERENCES users (id),
  comment text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE task_results (
  id serial PRIMARY KEY,
  task_id varchar(255) NOT NULL UNIQUE,
  status varchar(50) NOT NULL,
  result json,
  created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO users (username) VALUES ('dr.kovalenko');

INSERT INTO drafts (user_id, topic, content, status, platform, created_at) VALUES
  (1, 'Vitamin D and seasonal depression', 'Shorter days lower vitamin D...', 'published', 'telegram', now() - interval '6 days'),
  (1, 'SSRIs: what the first two weeks feel like', 'Most people notice side effects before benefits...', 'published', 'threads', now() - interval '5 days'),
  (1, 'Sleep hygiene for shift workers', 'Anchor sleep: keep four hours fixed...', 'approved', 'telegram', now() - interval '3 days'),
  (1, 'Magnesium supplements: evidence check', NULL, 'failed', 'twitter', now() - interval '2 days'),
  (1, 'Exercise as an antidepressant', 'Three sessions a week of moderate exercise...', 'pending_review', 'telegram', now() - interval '1 day'),
  (1, 'Caffeine and anxiety', NULL, 'generating', 'telegram', now() - interval '20 minutes');

INSERT INTO published_posts (draft_id, platform, post_url, published_at) VALUES
  (1, 'telegram', 'https://t.me/serotonin_script/412', now() - interval '6 days'),
  (2, 'threads', 'https://www.threads.net/@serotonin_script/post/C9x', now() - interval '5 days');

INSERT INTO task_results (task_id, status, result) VALUES
  ('3f1c9a2e-7b4d-4c1a-9e2f-5a6b7c8d9e01', 'success', '{"draft_id": 5}'),
  ('8d2e4f6a-1b3c-4d5e-8f9a-0b1c2d3e4f52', 'failure', '{"error": "max_retries=3 exhausted"}');
