-- Docker images as apps (issue 17, Cloud Foundry's --docker-image): a package is either uploaded
-- bits (sha256, filename, as before) or an image reference pulled again at every staging (a
-- restage pulls again: the tag may point at a new digest). The registry password is sealed with
-- the services key as service credentials are ('v1:<key id>:<base64>'), never stored in clear.
ALTER TABLE packages ALTER COLUMN sha256 DROP NOT NULL;
ALTER TABLE packages ALTER COLUMN filename DROP NOT NULL;
ALTER TABLE packages ADD COLUMN docker_image VARCHAR(512);
ALTER TABLE packages ADD COLUMN docker_username VARCHAR(255);
ALTER TABLE packages ADD COLUMN docker_password TEXT;
ALTER TABLE packages ADD CONSTRAINT packages_bits_or_docker CHECK (
    (docker_image IS NULL AND sha256 IS NOT NULL AND filename IS NOT NULL)
    OR (docker_image IS NOT NULL AND sha256 IS NULL AND filename IS NULL AND size_bytes = 0));
ALTER TABLE packages ADD CONSTRAINT packages_docker_credentials CHECK (
    (docker_username IS NULL) = (docker_password IS NULL) AND (docker_username IS NULL OR docker_image IS NOT NULL));

-- The image an app's current revision was pulled from (null: built from bits), for `paas app`;
-- set when a build makes the revision current and by a rollback.
ALTER TABLE apps ADD COLUMN docker_image VARCHAR(512);
