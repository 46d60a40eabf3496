import { describe, expect, it } from 'vitest';
import { programsOf } from '../../source/executors/programs';

describe('the programs a command needs on PATH', () => {
  it.each([
    ['docker compose exec postgres pg_isready -U govos', ['docker']],
    ['pg_dump -Fc governance_os > backup_pre_sprint3_$(date +%Y%m%d_%H%M%S).dump', ['pg_dump', 'date']],
    ['curl -s http://localhost:8000/health | jq .', ['curl', 'jq']],
    ['FOO=1 BAR=2 sudo -u postgres psql -c "select 1" && echo ok; cd /tmp || exit 1', ['sudo', 'psql']],
    ['psql <<EOF\nSELECT 1;\nDROP TABLE x;\nEOF\nkubectl get pods', ['psql', 'kubectl']],
    ['for f in a b c; do gzip "$f"; done', ['gzip']],
    ['if grep -q err app.log; then systemctl restart nginx; fi', ['grep', 'systemctl']],
    ["watch -n 5 'kubectl get pods'", ['watch', 'kubectl']],
    ['timeout 30 curl -s x 2>&1 | tee out.log', ['timeout', 'curl', 'tee']],
    ['bash -c "aws s3 ls | wc -l"', ['bash', 'aws', 'wc']],
    ['$EDITOR notes.txt', []],
    ['f() { helper --all; }; f', ['helper']],
    ['xargs -I{} rm {}', ['xargs', 'rm']],
    ['ls # curl in a comment', ['ls']],
    ['./deploy.sh --env prod', ['./deploy.sh']],
    ['echo "host is `hostname`"', ['hostname']],
    ['[[ -f app.log ]] && cat app.log', ['cat']],
    ['export PATH=/opt/bin:$PATH; env -i FOO=1 node app.js', ['env', 'node']],
    ['pg_restore --list backup_pre_sprint3_*.dump | head -20', ['pg_restore', 'head']],
    ['kubectl logs -f deploy/api \\\n  | grep ERROR', ['kubectl', 'grep']],
  ])('%s', (command, programs) => {
    expect(programsOf(command)).toEqual(programs);
  });
});
