import { describe, it, expect } from 'vitest';
import { findPlaceholders, openPlaceholders } from '../../source/runbook/placeholders';
import { seedFence } from './dialect-seeds';

const none = { inputs: [], env: [] };

describe('findPlaceholders in seed commands', () => {
  it.each([
    ['git reset --hard <commit-hash>', ['<commit-hash>']],
    ['kubectl logs -n golden-architecture <pod>', ['<pod>']],
    ['docker push <registry>/...', ['<registry>']],
    ['trivy image <image>', ['<image>']],
    ['kubectl logs -n golden-architecture <orchestrator-pod> | grep "circuit.*OPEN"', ['<orchestrator-pod>']],
    ['psql $DATABASE_URL < backend_py/db/migrations/NNN_description.sql', ['$DATABASE_URL', 'NNN_description']],
    ['psql $DATABASE_URL < backend_py/db/migrations/NNN_description_rollback.sql', ['$DATABASE_URL', 'NNN_description_rollback']],
    ['kubectl set image deployment/solvereign-api api=solvereign:$VERSION', ['$VERSION']],
    ['echo "Rolled back to phase4-pre-governance due to [specific reason]"', ['[specific reason]']],
    ['notify --owner "[Your Name]"', ['[Your Name]']],
    ['curl -H "Authorization: Bearer ${API_TOKEN}" https://api/x', ['${API_TOKEN}']],
    ['curl -H "X-Key: sk-XXXX" https://api/x', ['sk-XXXX']],
  ])('%s → %j', (command, found) => {
    expect(findPlaceholders(command, none)).toEqual(found);
  });

  it('the golden Validation fence: $TOKEN is set earlier in the step, its value is a placeholder', () => {
    const fence = seedFence('golden-architecture-v5.1-checklist.md', 217);
    expect(findPlaceholders(fence.text, none)).toEqual(['<admin-token>']);
  });

  it('the golden Circuit Breaker fence: $ADMIN_TOKEN is not set anywhere', () => {
    const fence = seedFence('golden-architecture-v5.1-checklist.md', 284);
    expect(findPlaceholders(fence.text, none)).toEqual(['<orchestrator-pod>', '$ADMIN_TOKEN']);
  });

  it('the standard LKG heredoc: $( … ) is not a variable; NNN inside JSON is', () => {
    const fence = seedFence('standard-deployment-checklist.md', 129);
    expect(findPlaceholders(fence.text, none)).toEqual(['NNN_description']);
  });

  it('the phase-4 rollback: a placeholder in a comment does not count', () => {
    const fence = seedFence('phase-4-governance-handoff.md', 199);
    expect(findPlaceholders(fence.text, none)).toEqual([]);
  });
});

describe('what is not a placeholder', () => {
  it.each([
    'psql -U govos -d governance_os < backup.sql',
    'cat <<EOF > out.txt\nhello\nEOF',
    'cat <<-EOF\nx\nEOF',
    'diff <(sort a) <(sort b)',
    'docker compose logs --since 1h backend 2>&1 | grep -i "error"',
    'echo $HOME $USER $PWD $RANDOM',
    "awk '{print $1}' file",
    "echo '$NOT_EXPANDED in single quotes'",
    'echo \\$ESCAPED',
    'echo $1 $? $$ $@ $(date +%s)',
    'echo ${MAYBE:-default} ${OTHER:=x} ${ALT:+y}',
    'for f in *.sql; do psql -f "$f"; done',
    'read -r answer; echo "$answer"',
    'export STAMP=$(date +%s) && echo "$STAMP"',
    'DB=prod; echo $DB',
    'if [ -f backup.dump ]; then echo ok; fi',
    'grep -E "[a-z]+" log.txt',
    'arr=(a b); echo ${arr[0]}',
    'curl -s -o /dev/null -w "%{http_code}" http://localhost:8000/docs',
    'echo MAXIMUM ANNNA XXXL',
  ])('%s', (command) => {
    expect(findPlaceholders(command, none)).toEqual([]);
  });

  it('a variable used before it is set is still a placeholder', () => {
    expect(findPlaceholders('echo $LATER; LATER=1', none)).toEqual(['$LATER']);
  });

  it('inputs and front-matter env are known', () => {
    const known = { inputs: ['commit_sha'], env: ['DATABASE_URL'] };
    expect(findPlaceholders('git checkout ${commit_sha} && psql $DATABASE_URL -c "select 1"', known)).toEqual([]);
  });

  it('distinct, in order of appearance, as written', () => {
    expect(findPlaceholders('echo $A ${A} $B $A <x> <x>', none)).toEqual(['$A', '${A}', '$B', '<x>']);
  });
});

describe('the placeholders still open where a step runs', () => {
  it('drops a $VAR the environment sets (non-empty), keeps everything else', () => {
    const found = findPlaceholders('deploy --tag $RELEASE_TAG --to ${CLUSTER} --as $EMPTY <commit-hash> PROJECT_ID', { inputs: [], env: [] });
    expect(found).toEqual(['$RELEASE_TAG', '${CLUSTER}', '$EMPTY', '<commit-hash>', 'PROJECT_ID']);
    // PROJECT_ID is a word to replace, not a variable: the environment never fills it.
    expect(openPlaceholders(found, { RELEASE_TAG: 'v1', CLUSTER: 'prod', EMPTY: '', PROJECT_ID: 'p' })).toEqual(['$EMPTY', '<commit-hash>', 'PROJECT_ID']);
    expect(openPlaceholders(found, {})).toEqual(found);
  });
});
