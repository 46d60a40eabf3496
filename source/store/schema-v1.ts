/*
 * The team store, schema version 1: the runs' journals, replicated, in PostgreSQL schema
 * `runbook`. Rows are only ever added: the database itself refuses an UPDATE, a DELETE or a
 * TRUNCATE, and an event that does not chain on the run's last one.
 *
 *   runbook.migrations(version, name, applied_at)   which migrations `store init` applied.
 *   runbook.runs(run_id, title, runbook_file, operator, host, started_at, stored_at)
 *       One row per run, written by the database when the run's first event arrives (from
 *       that event's payload); run_id is that event's hash. Writers cannot insert here.
 *   runbook.events(run_id, seq, at, type, payload, prev_hash, hash, stored_at)
 *       The journal's events table (source/journal/format.ts), per run: unique (run_id, seq).
 *       Each insert must be the run's next event: seq = previous + 1 (1 for a new run, of
 *       type run.started, its prev_hash 64 zeros and its hash the run id), prev_hash = the
 *       previous event's hash, and hash = SHA-256 of prev_hash, seq, at, type and payload,
 *       recomputed here with PostgreSQL's built-in sha256() (no pgcrypto needed). An
 *       `output` event must come after the chunks it covers, and their SHA-256 must be the
 *       one it carries. Each insert notifies channel `runbook_events` with 'RUN_ID SEQ'.
 *   runbook.output(run_id, id, step, stream, body, stored_at)
 *       The journal's output chunks, per run: unique (run_id, id); body is the chunk's text
 *       as UTF-8 bytes (bytea: program output may hold NUL, which a text column refuses). A chunk must come
 *       before the event covering it: one whose id an output event already covers is refused.
 */

import type { Migration } from './migrations';

const SQL = String.raw`
CREATE TABLE runbook.runs (
  run_id text PRIMARY KEY CHECK (run_id ~ '^[0-9a-f]{64}$'),
  title text NOT NULL,
  runbook_file text NOT NULL,
  operator text NOT NULL,
  host text NOT NULL,
  started_at text NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX runs_started ON runbook.runs (started_at DESC);

CREATE TABLE runbook.output (
  run_id text NOT NULL,
  id bigint NOT NULL CHECK (id > 0),
  step text NOT NULL,
  stream text NOT NULL CHECK (stream IN ('stdout', 'stderr')),
  body bytea NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, id)
);

CREATE TABLE runbook.events (
  run_id text NOT NULL CHECK (run_id ~ '^[0-9a-f]{64}$'),
  seq bigint NOT NULL CHECK (seq > 0),
  at text NOT NULL,
  type text NOT NULL,
  payload text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, seq)
);
-- The last output event of a run (what a new chunk must come after), and the runs' states
-- rebuilt without their output (list --store).
CREATE INDEX events_output ON runbook.events (run_id, seq) WHERE type = 'output';
CREATE INDEX events_not_output ON runbook.events (run_id, seq) WHERE type <> 'output';

CREATE FUNCTION runbook.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'runbook store: % on %.% refused: the store is append-only', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE FUNCTION runbook.chunk_line(id bigint, stream text, body bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
  SELECT convert_to(id::text || E'\n' || stream || E'\n' || octet_length(body)::text || E'\n', 'UTF8') || body
$$;

CREATE FUNCTION runbook.check_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
  covered bigint;
  claim json;
  digest text;
  chunks bigint;
BEGIN
  -- Two writers of one run queue here rather than both reading the same last event.
  PERFORM pg_advisory_xact_lock(hashtextextended(NEW.run_id, 0));
  SELECT seq, hash INTO last_seq, last_hash FROM runbook.events
    WHERE run_id = NEW.run_id ORDER BY seq DESC LIMIT 1;
  IF last_seq IS NULL THEN
    IF NEW.seq <> 1 OR NEW.type <> 'run.started' OR NEW.prev_hash <> repeat('0', 64) OR NEW.hash <> NEW.run_id THEN
      RAISE EXCEPTION 'runbook store: run % must begin with its run.started event at seq 1 (its hash the run id)', left(NEW.run_id, 12)
        USING ERRCODE = 'check_violation';
    END IF;
  ELSIF NEW.seq <> last_seq + 1 THEN
    RAISE EXCEPTION 'runbook store: run % event % refused: the next event is %', left(NEW.run_id, 12), NEW.seq, last_seq + 1
      USING ERRCODE = 'check_violation';
  ELSIF NEW.prev_hash <> last_hash THEN
    RAISE EXCEPTION 'runbook store: run % event % refused: its prev_hash is not the hash of event %', left(NEW.run_id, 12), NEW.seq, last_seq
      USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.hash <> encode(sha256(convert_to(NEW.prev_hash || E'\n' || NEW.seq::text || E'\n' || NEW.at || E'\n' || NEW.type || E'\n' || NEW.payload, 'UTF8')), 'hex') THEN
    RAISE EXCEPTION 'runbook store: run % event % refused: its hash does not match its contents', left(NEW.run_id, 12), NEW.seq
      USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.type = 'output' THEN
    claim := NEW.payload::json;
    SELECT coalesce(max((payload::json ->> 'last')::bigint), 0) INTO covered FROM (
      SELECT payload FROM runbook.events WHERE run_id = NEW.run_id AND type = 'output' ORDER BY seq DESC LIMIT 1
    ) AS last_output;
    SELECT encode(sha256(coalesce(string_agg(runbook.chunk_line(o.id, o.stream, o.body), ''::bytea ORDER BY o.id), ''::bytea)), 'hex'), count(*)
      INTO digest, chunks
      FROM runbook.output o
      WHERE o.run_id = NEW.run_id AND o.id BETWEEN (claim ->> 'first')::bigint AND (claim ->> 'last')::bigint AND o.step = claim ->> 'step';
    IF (claim ->> 'first')::bigint <= covered
       OR chunks <> (claim ->> 'last')::bigint - (claim ->> 'first')::bigint + 1
       OR digest <> claim ->> 'sha256' THEN
      RAISE EXCEPTION 'runbook store: run % event % refused: its output chunks are missing or do not match its sha256', left(NEW.run_id, 12), NEW.seq
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION runbook.check_chunk() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  covered bigint;
BEGIN
  SELECT coalesce(max((payload::json ->> 'last')::bigint), 0) INTO covered FROM (
    SELECT payload FROM runbook.events WHERE run_id = NEW.run_id AND type = 'output' ORDER BY seq DESC LIMIT 1
  ) AS last_output;
  IF NEW.id <= covered THEN
    RAISE EXCEPTION 'runbook store: run % output chunk % refused: an output event already covers it', left(NEW.run_id, 12), NEW.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

-- The run's row, from its first event: the writer role has no right to insert it itself.
CREATE FUNCTION runbook.add_run() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  started json := NEW.payload::json;
BEGIN
  INSERT INTO runbook.runs (run_id, title, runbook_file, operator, host, started_at)
  VALUES (NEW.run_id, coalesce(started #>> '{runbook,title}', ''), coalesce(started #>> '{runbook,file}', ''),
          coalesce(started ->> 'operator', ''), coalesce(started #>> '{identity,host}', ''), NEW.at);
  RETURN NULL;
END $$;

CREATE FUNCTION runbook.notify_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('runbook_events', NEW.run_id || ' ' || NEW.seq::text);
  RETURN NULL;
END $$;

CREATE TRIGGER events_chain BEFORE INSERT ON runbook.events FOR EACH ROW EXECUTE FUNCTION runbook.check_event();
CREATE TRIGGER events_run AFTER INSERT ON runbook.events FOR EACH ROW WHEN (NEW.seq = 1) EXECUTE FUNCTION runbook.add_run();
CREATE TRIGGER events_notify AFTER INSERT ON runbook.events FOR EACH ROW EXECUTE FUNCTION runbook.notify_event();
CREATE TRIGGER output_order BEFORE INSERT ON runbook.output FOR EACH ROW EXECUTE FUNCTION runbook.check_chunk();

CREATE TRIGGER runs_append_only BEFORE UPDATE OR DELETE ON runbook.runs FOR EACH ROW EXECUTE FUNCTION runbook.refuse_change();
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON runbook.events FOR EACH ROW EXECUTE FUNCTION runbook.refuse_change();
CREATE TRIGGER output_append_only BEFORE UPDATE OR DELETE ON runbook.output FOR EACH ROW EXECUTE FUNCTION runbook.refuse_change();
CREATE TRIGGER runs_no_truncate BEFORE TRUNCATE ON runbook.runs FOR EACH STATEMENT EXECUTE FUNCTION runbook.refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON runbook.events FOR EACH STATEMENT EXECUTE FUNCTION runbook.refuse_change();
CREATE TRIGGER output_no_truncate BEFORE TRUNCATE ON runbook.output FOR EACH STATEMENT EXECUTE FUNCTION runbook.refuse_change();
`;

export const migration1: Migration = {
  version: 1,
  name: 'runs, events and output, append-only and chained',
  sql: SQL,
  grants: {
    writer: [
      { privileges: 'SELECT, INSERT', tables: ['runbook.events', 'runbook.output'] },
      { privileges: 'SELECT', tables: ['runbook.runs', 'runbook.migrations'] },
    ],
    reader: [{ privileges: 'SELECT', tables: ['runbook.runs', 'runbook.events', 'runbook.output', 'runbook.migrations'] }],
  },
};
