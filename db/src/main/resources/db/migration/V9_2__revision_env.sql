-- The app's env is no longer baked into images: each instance receives it at launch. A revision
-- records the env it runs beside its image, so a restart (same image, new env) is a revision of
-- its own and a rollback restores both. Revisions made before this carry the app's env of today
-- (their images still hold the env they were staged with).
ALTER TABLE revisions ADD COLUMN env JSONB;
UPDATE revisions r SET env = a.env FROM apps a WHERE r.app_id = a.id;
ALTER TABLE revisions ALTER COLUMN env SET DEFAULT '{}'::jsonb;
ALTER TABLE revisions ALTER COLUMN env SET NOT NULL;
