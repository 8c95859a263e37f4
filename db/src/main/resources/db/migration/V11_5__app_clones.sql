-- Snapshot clones (issue 18): an app's instances may start from a node's snapshot of a warm
-- instance of the same revision. clones = false turns that off for the app (manifest `clones:
-- false`, `paas push/scale --no-clones`, PATCH `clones`): its instances boot cold and none is
-- snapshotted (DesiredInstance.clonesOff). Existing apps keep the default: clones allowed.
ALTER TABLE apps ADD COLUMN clones BOOLEAN NOT NULL DEFAULT TRUE;
