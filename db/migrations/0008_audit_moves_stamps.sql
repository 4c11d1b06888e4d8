-- Every audited change moves what readers keep: the database's data stamp (pages and figures each
-- instance keeps until it moves) and, for a change about a pilot, that pilot's tally stamp (the
-- tally is stale until its next reader recounts it). In the same statement as the audit row, so no
-- write path can record a change without moving them.
CREATE TRIGGER audit_log_moves_stamps AFTER INSERT ON audit_log
BEGIN
	INSERT INTO app_meta (key, value) VALUES ('data_stamp', '1')
		ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1;
	INSERT INTO pilot_tallies (pilot_id, stamp, day) SELECT id, 1, NULL FROM pilots WHERE id = NEW.pilot_id
		ON CONFLICT (pilot_id) DO UPDATE SET stamp = stamp + 1, day = NULL;
END;
