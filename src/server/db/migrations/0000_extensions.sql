-- Extensions the schema relies on (PGlite ships them; Debian's postgresql package has them in contrib).
CREATE EXTENSION IF NOT EXISTS ltree;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
-- unaccent() is only STABLE; this immutable wrapper (fixed dictionary) can back expression indexes
-- for accent- and case-insensitive search.
CREATE OR REPLACE FUNCTION ntm_fold(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, input)) $$;
