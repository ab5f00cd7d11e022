-- Console sessions and login throttling. Nodes keep no session state of their own: any node behind the
-- load balancer can serve any request, and a node restart logs nobody out.

-- The cookie carries a random token; only its SHA-256 is stored, so a leaked table cannot be replayed.
CREATE TABLE console_session (
    token_hash   text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    user_id      bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    -- Synchronizer CSRF token: returned to the page, required in X-CSRF-Token on every state change.
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX console_session_user_idx ON console_session (user_id);
CREATE INDEX console_session_expiry_idx ON console_session (expires_at);

-- Failed logins, by key ('user:<name>' or 'ip:<address>'); counted over a sliding window.
CREATE TABLE login_failure (
    key text NOT NULL,
    at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failure_key_idx ON login_failure (key, at DESC);
