// Programs an operator types at a bastion. A line that starts with one (in lower case, as
// commands are typed) reads as a command; "Run staging smoke tests" starts with a word, not one.

export const KNOWN_PROGRAMS: ReadonlySet<string> = new Set([
  // containers and orchestration
  'docker', 'docker-compose', 'podman', 'kubectl', 'k9s', 'kubectx', 'kubens', 'helm', 'kustomize', 'minikube',
  'kind', 'eksctl', 'argocd', 'flux', 'istioctl', 'linkerd', 'stern', 'skaffold', 'nomad', 'consul', 'oc',
  // cloud and infrastructure
  'terraform', 'tofu', 'ansible', 'ansible-playbook', 'aws', 'gcloud', 'gsutil', 'az', 'doctl', 'flyctl',
  'heroku', 'vault', 'packer', 'pulumi',
  // databases and queues
  'psql', 'pg_dump', 'pg_dumpall', 'pg_restore', 'pg_isready', 'pg_ctl', 'pg_basebackup', 'pg_upgrade',
  'createdb', 'dropdb', 'createuser', 'dropuser', 'vacuumdb', 'reindexdb', 'sqlite3', 'mysql', 'mysqldump',
  'mariadb', 'mongosh', 'mongo', 'mongodump', 'mongorestore', 'redis-cli', 'nats', 'rabbitmqctl', 'etcdctl',
  'cqlsh', 'influx', 'clickhouse-client', 'sqlcmd',
  // migrations, tests, app servers
  'alembic', 'flask', 'django-admin', 'celery', 'gunicorn', 'uvicorn', 'pytest', 'tox', 'mypy', 'ruff',
  'python', 'python3', 'pip', 'pip3', 'pip-audit', 'poetry', 'uv', 'pipenv', 'node', 'npm', 'npx', 'yarn',
  'pnpm', 'bun', 'deno', 'go', 'cargo', 'java', 'mvn', 'gradle', 'ruby', 'bundle', 'rake', 'rails', 'php',
  'composer', 'dotnet', 'make', 'just', 'prisma',
  // version control
  'git', 'gh', 'glab', 'svn',
  // services and system
  'systemctl', 'journalctl', 'service', 'supervisorctl', 'nginx', 'apachectl', 'crontab', 'sudo', 'su',
  'ps', 'kill', 'pkill', 'pgrep', 'lsof', 'top', 'htop', 'free', 'df', 'du', 'uptime', 'uname', 'whoami',
  'id', 'hostname', 'mount', 'umount', 'mkfs', 'dd', 'chef-client', 'puppet', 'salt', 'tmux', 'screen',
  // network and load
  'curl', 'wget', 'http', 'https', 'ssh', 'scp', 'sftp', 'rsync', 'ping', 'dig', 'nslookup', 'nc', 'ncat',
  'telnet', 'traceroute', 'netstat', 'ss', 'ip', 'ifconfig', 'iptables', 'ufw', 'openssl', 'ssh-keygen',
  'gpg', 'ab', 'wrk', 'hey', 'k6', 'locust', 'vegeta', 'trivy', 'grpcurl',
  // files and text
  'cat', 'ls', 'cd', 'pwd', 'mkdir', 'rmdir', 'rm', 'cp', 'mv', 'ln', 'chmod', 'chown', 'touch', 'stat',
  'find', 'grep', 'egrep', 'fgrep', 'rg', 'awk', 'sed', 'cut', 'sort', 'uniq', 'wc', 'head', 'tail', 'less',
  'more', 'tee', 'xargs', 'diff', 'patch', 'jq', 'yq', 'tar', 'gzip', 'gunzip', 'zip', 'unzip', 'zcat',
  'sha256sum', 'sha1sum', 'md5sum', 'base64', 'xxd', 'readlink', 'realpath', 'basename', 'dirname',
  'mktemp', 'tr', 'column', 'vi', 'vim', 'nano', 'emacs',
  // shell builtins that start commands
  'export', 'unset', 'source', 'echo', 'printf', 'env', 'set', 'sleep', 'watch', 'date', 'time', 'timeout',
  'nohup', 'exec', 'eval', 'bash', 'sh', 'zsh', 'read', 'alias', 'which', 'command', 'test', 'true', 'false',
  'exit', 'trap', 'ulimit', 'umask', 'wait',
]);
