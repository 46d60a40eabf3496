// The team store bench's simulated runs (bench/store.mjs starts this file in a few worker
// processes): each run is a real journal (source/journal) with the real publisher
// (source/store/publisher.ts) beside it, fed `RATE` output lines a second in display-frame
// commits, as a step printing that fast would be. Prints one JSON line per commit batch
// {run, seq, at} so the parent can time commit → notice from the store.
//
//   node bench/store-sim.mjs BUNDLE STORE_URL DIR FIRST COUNT RATE SECONDS

import { join } from 'node:path';

const [bundle, url, dir, firstArg, countArg, rateArg, secondsArg] = process.argv.slice(2);
const { Journal, Publisher, pg } = await import(bundle);
const first = Number(firstArg);
const count = Number(countArg);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const FRAME_MS = 33;
const EARLY_COMMIT_BYTES = 256 * 1024;
const filler = 'GET /api/v2/deployments status=200 latency=12ms request-id=';

const connect = async () => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, keepAlive: true });
  client.on('error', () => undefined);
  await client.connect();
  return client;
};
const epoch = () => performance.timeOrigin + performance.now();
const out = [];
const runs = [];
for (let i = first; i < first + count; i++) {
  const path = join(dir, `run-${i}.runbook.sqlite`);
  let publisher;
  const journal = Journal.create(path, { onCommit: (_ms, _events, _chunks, seq) => {
    out.push(`{"run":${i},"seq":${seq},"at":${epoch().toFixed(3)}}`);
    publisher?.committed(seq);
  } });
  journal.append('run.started', { runbook: { file: `/bench/run-${i}.md`, sha256: 'bench', title: `Bench run ${i}` }, operator: `op${i}`, identity: { host: `bastion-${i % 7}` } });
  journal.commit();
  publisher = new Publisher({ journalPath: path, connect });
  publisher.committed(1);
  journal.append('step.started', { step: 'flood', attempt: 1, command: 'emit' });
  journal.commit();
  runs.push({ i, journal, publisher, sent: 0 });
}
const started = performance.now();
await new Promise((resolve) => {
  const timer = setInterval(() => {
    const elapsed = (performance.now() - started) / 1000;
    for (const r of runs) {
      const due = Math.floor(rate * Math.min(elapsed, seconds));
      // As the runner does (controller/commit-pace.ts): a commit per EARLY_COMMIT_BYTES of a
      // flood. One commit per tick grew without bound when the timer starved (tens of MB
      // in one output event), which no real run writes.
      let text = '';
      for (let n = r.sent + 1; n <= due; n++) {
        text += `${n} ${filler}${r.i}-${n}\n`;
        if (text.length >= EARLY_COMMIT_BYTES || n === due) {
          r.journal.appendOutput('flood', 'stdout', text);
          r.journal.commit();
          text = '';
        }
      }
      r.sent = Math.max(r.sent, due);
      r.journal.commit();
    }
    if (elapsed >= seconds) {
      clearInterval(timer);
      resolve();
    }
  }, FRAME_MS);
});
const note = (m) => process.stderr.write(`  worker ${first}: ${m} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
note('printing done');
for (const r of runs) {
  r.journal.append('step.finished', { step: 'flood', status: 'passed', exitCode: 0 });
  r.journal.commit();
}
// Until every publisher has sent all (or two minutes).
const deadline = Date.now() + 120_000;
while (runs.some((r) => r.publisher.status().behind > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
const behind = runs.reduce((n, r) => n + r.publisher.status().behind, 0);
note(`published, ${behind} events behind`);
for (const r of runs) {
  await r.publisher.close();
  r.journal.close();
}
process.stdout.write(`${out.join('\n')}\n{"done":true,"lines":${runs.reduce((n, r) => n + r.sent, 0)},"behind":${behind}}\n`);
