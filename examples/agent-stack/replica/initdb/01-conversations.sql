-- Conversation metadata the agent keeps in Postgres (runbook: "conversation metadata is stored in
-- Postgres"), with a few rows so a pg_dump backup has something to carry.
CREATE TABLE conversations (
  id text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  metadata jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE messages (
  id bigserial PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  role text NOT NULL,
  content text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO conversations (id, created_at, metadata) VALUES
  ('conv-7d1f0c2a', now() - interval '2 days', '{"source": "open-webui"}'),
  ('conv-9b4e3a11', now() - interval '1 day', '{"source": "operations-smoke"}'),
  ('conv-c02d5e77', now() - interval '3 hours', '{"tools": ["web_search"]}');

INSERT INTO messages (conversation_id, role, content) VALUES
  ('conv-7d1f0c2a', 'user', 'What changed in the last deploy?'),
  ('conv-7d1f0c2a', 'assistant', 'The agent image was rebuilt with the new tool registry.'),
  ('conv-9b4e3a11', 'user', 'Summarise the stack services in one sentence.'),
  ('conv-9b4e3a11', 'assistant', 'Agent API, LiteLLM, Qdrant, Postgres and Phoenix.'),
  ('conv-c02d5e77', 'user', 'Use web search to find two recent headlines about Qdrant.');
