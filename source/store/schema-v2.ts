// Migration 2 (after schema-v1.ts): one driver at a time across hosts (the lease) and who watches a run.
//
// The writer role has INSERT and SELECT only, so the lease is append-only rows, as the
// rest of the store is:
//   runbook.lease_claims  one row per driving session of a run: generation 1, 2, 3, … with no gap.
//   runbook.lease_beats   the holder renewing its claim every few seconds (and, last, releasing it).
//   runbook.watchers      each `watch --store` saying it is there every few seconds (and, last, leaving).
// The holder of a run's lease is its latest claim. The database itself decides the races:
// both triggers take one advisory lock per run and read the clock of the server, so
//  - a claim must be the next generation, and is refused while the previous one is neither
//    released nor stale (no beat for `stale_after_ms`); a takeover says so (`takeover`);
//  - a beat of a generation that is no longer the latest (taken over) or was released is
//    refused: that is how an old driver, back from a freeze or a partition, learns it lost.
// SQLSTATEs RB001–RB004 let the client tell the refusals apart from a broken connection.

import type { Migration } from './migrations';

const SQL = String.raw`
CREATE TABLE runbook.lease_claims (
  run_id text NOT NULL,
  gen integer NOT NULL CHECK (gen >= 1),
  operator text NOT NULL,
  os_user text NOT NULL,
  host text NOT NULL,
  pid integer NOT NULL,
  takeover boolean NOT NULL DEFAULT false,
  reason text NOT NULL DEFAULT '',
  stale_after_ms integer NOT NULL DEFAULT 30000 CHECK (stale_after_ms >= 0),
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (run_id, gen)
);

CREATE TABLE runbook.lease_beats (
  run_id text NOT NULL,
  gen integer NOT NULL,
  released boolean NOT NULL DEFAULT false,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  FOREIGN KEY (run_id, gen) REFERENCES runbook.lease_claims (run_id, gen)
);
CREATE INDEX lease_beats_latest ON runbook.lease_beats (run_id, gen, at DESC);

CREATE TABLE runbook.watchers (
  run_id text NOT NULL,
  watcher text NOT NULL,
  operator text NOT NULL,
  host text NOT NULL,
  leaving boolean NOT NULL DEFAULT false,
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX watchers_recent ON runbook.watchers (run_id, at DESC);

CREATE FUNCTION runbook.lease_claim() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  last_gen integer;
  claimed_at timestamptz;
  beat_at timestamptz;
  was_released boolean;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('runbook lease ' || NEW.run_id, 0));
  NEW.at := clock_timestamp();
  SELECT gen, at INTO last_gen, claimed_at FROM runbook.lease_claims WHERE run_id = NEW.run_id ORDER BY gen DESC LIMIT 1;
  IF coalesce(last_gen, 0) + 1 <> NEW.gen THEN
    RAISE EXCEPTION 'runbook lease: run % is at claim %, not %', NEW.run_id, coalesce(last_gen, 0), NEW.gen - 1 USING ERRCODE = 'RB001';
  END IF;
  IF last_gen IS NULL THEN
    RETURN NEW;
  END IF;
  SELECT max(at), coalesce(bool_or(released), false) INTO beat_at, was_released
    FROM runbook.lease_beats WHERE run_id = NEW.run_id AND gen = last_gen;
  IF was_released THEN
    RETURN NEW;
  END IF;
  IF NOT NEW.takeover THEN
    RAISE EXCEPTION 'runbook lease: run % is held (claim %)', NEW.run_id, last_gen USING ERRCODE = 'RB002';
  END IF;
  IF greatest(claimed_at, beat_at) > NEW.at - make_interval(secs => NEW.stale_after_ms / 1000.0) THEN
    RAISE EXCEPTION 'runbook lease: run % was renewed less than % ms ago', NEW.run_id, NEW.stale_after_ms USING ERRCODE = 'RB003';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER lease_claims_rules BEFORE INSERT ON runbook.lease_claims FOR EACH ROW EXECUTE FUNCTION runbook.lease_claim();

CREATE FUNCTION runbook.lease_beat() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('runbook lease ' || NEW.run_id, 0));
  NEW.at := clock_timestamp();
  IF NEW.gen IS DISTINCT FROM (SELECT max(gen) FROM runbook.lease_claims WHERE run_id = NEW.run_id)
     OR EXISTS (SELECT 1 FROM runbook.lease_beats WHERE run_id = NEW.run_id AND gen = NEW.gen AND released) THEN
    RAISE EXCEPTION 'runbook lease: claim % of run % is no longer held', NEW.gen, NEW.run_id USING ERRCODE = 'RB004';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER lease_beats_rules BEFORE INSERT ON runbook.lease_beats FOR EACH ROW EXECUTE FUNCTION runbook.lease_beat();

CREATE FUNCTION runbook.watcher_row() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.at := clock_timestamp();
  RETURN NEW;
END
$fn$;
CREATE TRIGGER watchers_at BEFORE INSERT ON runbook.watchers FOR EACH ROW EXECUTE FUNCTION runbook.watcher_row();

CREATE TRIGGER lease_claims_append_only BEFORE UPDATE OR DELETE ON runbook.lease_claims FOR EACH ROW EXECUTE FUNCTION runbook.refuse_change();
CREATE TRIGGER lease_beats_append_only BEFORE UPDATE OR DELETE ON runbook.lease_beats FOR EACH ROW EXECUTE FUNCTION runbook.refuse_change();
CREATE TRIGGER watchers_append_only BEFORE UPDATE OR DELETE ON runbook.watchers FOR EACH ROW EXECUTE FUNCTION runbook.refuse_change();
CREATE TRIGGER lease_claims_no_truncate BEFORE TRUNCATE ON runbook.lease_claims FOR EACH STATEMENT EXECUTE FUNCTION runbook.refuse_change();
CREATE TRIGGER lease_beats_no_truncate BEFORE TRUNCATE ON runbook.lease_beats FOR EACH STATEMENT EXECUTE FUNCTION runbook.refuse_change();
CREATE TRIGGER watchers_no_truncate BEFORE TRUNCATE ON runbook.watchers FOR EACH STATEMENT EXECUTE FUNCTION runbook.refuse_change();
`;

/** The tables migration 2 adds. */
export const LEASE_TABLES = ['runbook.lease_claims', 'runbook.lease_beats', 'runbook.watchers'] as const;

export const migration2: Migration = {
  version: 2,
  name: 'the lease (one driver across hosts) and watchers',
  sql: SQL,
  grants: {
    writer: [{ privileges: 'SELECT, INSERT', tables: [...LEASE_TABLES] }],
    // A watcher says it is there (the driver's "+2 watching"): the one row a reader writes.
    // Without this grant watching works, and the watcher is not counted.
    reader: [
      { privileges: 'SELECT', tables: [...LEASE_TABLES] },
      { privileges: 'INSERT', tables: ['runbook.watchers'] },
    ],
  },
};
