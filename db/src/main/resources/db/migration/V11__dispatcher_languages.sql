-- The languages a user speaks (DL 1590's four: es, qu, ay, en), so a caller who chose Quechua, Aymara or
-- English is offered first to dispatchers who speak it (sip-config generates per-language queue variants
-- from this). Everyone speaks Spanish unless told otherwise.
ALTER TABLE app_user
    ADD COLUMN languages text[] NOT NULL DEFAULT '{es}'
        CONSTRAINT app_user_languages_check
        CHECK (cardinality(languages) BETWEEN 1 AND 4 AND languages <@ ARRAY['es', 'qu', 'ay', 'en']::text[]);
