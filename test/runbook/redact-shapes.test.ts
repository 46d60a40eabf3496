// The credential shapes redacted from any text (runbook/secret-shapes.ts): one case per
// shape, the partial leaks that used to slip through, text that only looks like a
// credential, the values a command sets, and adversarial megabyte lines.

import { describe, expect, it } from 'vitest';
import { redactSecretShapes, secretsIn } from '../../source/runbook/redact-shapes';
import { TOKEN_SHAPES } from '../../source/runbook/secret-shapes';

const R = '[REDACTED]';

const SHAPES: [string, string][] = [
  // Flags of the usual clients.
  ['psql --password=Pa55word -h db', `psql --password=${R} -h db`],
  ['mysql -uroot -pMysqlGlued88 govos', `mysql -uroot -p${R} govos`],
  ['mysql -u root -p"Quoted Pass" db', `mysql -u root -p"${R}" db`],
  ['/usr/bin/mysqldump -pS3cret db > dump.sql', `/usr/bin/mysqldump -p${R} db > dump.sql`],
  ['curl -u deploy:CurlUserPass55 https://api', `curl -u deploy:${R} https://api`],
  ["curl --user 'ops:Curl Quoted Pass 35' https://x", `curl --user 'ops:${R}' https://x`],
  ['curl -uops:glued99 https://x', `curl -uops:${R} https://x`],
  ['curl --user=ops:eq-pass-1 https://x', `curl --user=ops:${R} https://x`],
  ['sshpass -p SshpassSecret31 ssh deploy@db', `sshpass -p ${R} ssh deploy@db`],
  ['sshpass -p Outer1 mysql -pInner2 db', `sshpass -p ${R} mysql -p${R} db`],
  ['zip -P ZipPass41 out.zip f && unzip -P UnzipPass42 out.zip', `zip -P ${R} out.zip f && unzip -P ${R} out.zip`],
  ['7z a -pSevenZipPass43 out.7z f', `7z a -p${R} out.7z f`],
  ['openssl enc -aes-256-cbc -k OpensslK44 -in f', `openssl enc -aes-256-cbc -k ${R} -in f`],
  ['redis-cli -h cache -a RedisCliPass62 ping', `redis-cli -h cache -a ${R} ping`],
  ['docker login -u bot -p DockerLoginPass44 registry.example.com', `docker login -u bot -p ${R} registry.example.com`],
  ['podman login -u bot -p PodmanLogin5 quay.io', `podman login -u bot -p ${R} quay.io`],
  ['az login -u ops@example.com -p AzLoginKw06', `az login -u ops@example.com -p ${R}`],
  ["az login --service-principal -u app -p 'Az Sp Kw07' --tenant t", `az login --service-principal -u app -p '${R}' --tenant t`],
  ['oc login -u admin -p OcLoginKw08 https://api.example.com:6443', `oc login -u admin -p ${R} https://api.example.com:6443`],
  ['cf login -a https://api.cf -u ops -p CfLoginKw09 -o org', `cf login -a https://api.cf -u ops -p ${R} -o org`],
  ['podman pull --creds bot:PodmanCreds6 quay.io/app', `podman pull --creds bot:${R} quay.io/app`],
  ['ldapsearch -x -D cn=admin -w LdapBindPass19 -b dc=example', `ldapsearch -x -D cn=admin -w ${R} -b dc=example`],
  ['sqlcmd -S db -U sa -P SqlCmdPass7', `sqlcmd -S db -U sa -P ${R}`],
  ["ssh-keygen -t ed25519 -N 'Keygen Kw19' -f deploy_key", `ssh-keygen -t ed25519 -N '${R}' -f deploy_key`],
  ['ssh-keygen -p -P KeygenOldKw20 -N KeygenNewKw21 -f k', `ssh-keygen -p -P ${R} -N ${R} -f k`],
  ['ipmitool -I lanplus -H bmc-1 -U admin -P IpmiKw22 power status', `ipmitool -I lanplus -H bmc-1 -U admin -P ${R} power status`],
  ['mosquitto_pub -h mq -u ops -P MqttKw23 -t deploy -m done', `mosquitto_pub -h mq -u ops -P ${R} -t deploy -m done`],
  ['lftp -u ops,LftpKw24 sftp://files', `lftp -u ops,${R} sftp://files`],
  ['ncftpput -u ops -p NcftpKw25 files /in a.tgz', `ncftpput -u ops -p ${R} files /in a.tgz`],
  ['smbclient //srv/share -U admin%SmbPass12', `smbclient //srv/share -U admin%${R}`],
  ['skopeo copy --src-creds bot:SkopeoPass3 docker://a docker://b', `skopeo copy --src-creds bot:${R} docker://a docker://b`],
  ['keytool -list -storepass KeytoolStore73 -keystore app.jks', `keytool -list -storepass ${R} -keystore app.jks`],
  ['openssl pkcs12 -in a.p12 -passin pass:OpensslPassin28', `openssl pkcs12 -in a.p12 -passin pass:${R}`],
  ['deploy --api-key ApiKeyFlagValue64 --token=TokenFlagValue36', `deploy --api-key ${R} --token=${R}`],
  ['curl --oauth2-bearer CurlBearerKw63 https://api', `curl --oauth2-bearer ${R} https://api`],
  ['vault login --client-secret "a b c"', `vault login --client-secret "${R}"`],
  ['java -Djavax.net.ssl.keyStorePassword=JavaKsKw10 -jar app.jar', `java -Djavax.net.ssl.keyStorePassword=${R} -jar app.jar`],
  ['JAVA_OPTS="-Xmx1g -Dspring.datasource.password=JavaDsKw11 -Dx=1"', `JAVA_OPTS="-Xmx1g -Dspring.datasource.password=${R} -Dx=1"`],
  ["mvn deploy -Dgpg.passphrase='Mvn Gpg Kw12' -DskipTests", `mvn deploy -Dgpg.passphrase='${R}' -DskipTests`],
  // Quoted whole, as a runbook writes it beside other quoted arguments.
  ["mysql -u root '-pQuotedWhole81' db", `mysql -u root '-p${R}' db`],
  ['mysqldump "-pDoubleWhole82" db > dump.sql', `mysqldump "-p${R}" db > dump.sql`],
  // A password as a plain argument, where only its place says what it is.
  ['aws configure set aws_secret_access_key AwsSecretPositional83', `aws configure set aws_secret_access_key ${R}`],
  ['aws configure set aws_session_token AwsSessionToken84 --profile ci', `aws configure set aws_session_token ${R} --profile ci`],
  ['aws configure set default.aws_secret_access_key "Aws Quoted 85"', `aws configure set default.aws_secret_access_key "${R}"`],
  ['aws configure set profile.dev.aws_session_token AwsProfileTok86', `aws configure set profile.dev.aws_session_token ${R}`],
  ['rabbitmqctl add_user deploy RabbitKw36 && rabbitmqctl set_user_tags deploy ops', `rabbitmqctl add_user deploy ${R} && rabbitmqctl set_user_tags deploy ops`],
  ["sudo rabbitmqctl change_password deploy 'Rabbit Kw37'", `sudo rabbitmqctl change_password deploy '${R}'`],
  ['rabbitmqadmin -u admin -p RabbitAdminKw38 list queues', `rabbitmqadmin -u admin -p ${R} list queues`],
  ['mysqladmin -u root -pMysqlOldKw39 password MysqlNewKw40', `mysqladmin -u root -p${R} password ${R}`],
  ['mysqladmin -u root -p password "Mysql New Kw41"', `mysqladmin -u root -p password "${R}"`],
  ['htpasswd -b /etc/nginx/.htpasswd admin HtpasswdBatch87', `htpasswd -b /etc/nginx/.htpasswd admin ${R}`],
  ["sudo htpasswd -bcB /etc/nginx/.htpasswd admin 'Ht Quoted 88'", `sudo htpasswd -bcB /etc/nginx/.htpasswd admin '${R}'`],
  ['htpasswd -bBC 12 .htpasswd ops HtCost89 > /dev/null', `htpasswd -bBC 12 .htpasswd ops ${R} > /dev/null`],
  ['htpasswd -nb admin HtStdout90', `htpasswd -nb admin ${R}`],
  ['htpasswd -n -b admin HtSplit91 && echo done', `htpasswd -n -b admin ${R} && echo done`],
  ["echo 'deploy:ChpasswdEcho92' | chpasswd", `echo 'deploy:${R}' | chpasswd`],
  ['echo -e "deploy:Chpasswd Dq 93" | sudo chpasswd', `echo -e "deploy:${R}" | sudo chpasswd`],
  ["printf 'deploy:ChpasswdPrintf94\\n' | /usr/sbin/chpasswd", `printf 'deploy:${R}' | /usr/sbin/chpasswd`],
  ['echo deploy:ChpasswdBare95 | chpasswd', `echo deploy:${R} | chpasswd`],
  ['chpasswd <<< "deploy:ChpasswdHere96"', `chpasswd <<< "deploy:${R}"`],
  ['sudo chpasswd -c SHA512 <<<deploy:ChpasswdBare97; id deploy', `sudo chpasswd -c SHA512 <<<deploy:${R}; id deploy`],
  ["echo 'deploy:ChpasswdSudoS98' | sudo -S chpasswd", `echo 'deploy:${R}' | sudo -S chpasswd`],
  // A login that reads its token or password on stdin because a flag says so.
  ['docker login -u bot --password-stdin <<< DockerStdinKw01 registry.example.com', `docker login -u bot --password-stdin <<< ${R} registry.example.com`],
  ["echo 'DockerStdinKw02' | docker login -u bot --password-stdin", `echo '${R}' | docker login -u bot --password-stdin`],
  ['gh auth login --with-token <<<"GhStdinKw03"; gh auth status', `gh auth login --with-token <<<"${R}"; gh auth status`],
  ['echo GhStdinKw04 | gh auth login --with-token', `echo ${R} | gh auth login --with-token`],
  ["printf '%s\\n' GhStdinKw05 | sudo helm registry login -u bot --password-stdin r.io", `printf '%s\\n' ${R} | sudo helm registry login -u bot --password-stdin r.io`],
  ["printf '%s' 'deploy:ChpasswdFormat96' | chpasswd", `printf '%s' 'deploy:${R}' | chpasswd`],
  // passwd's own message is read whole; anything else after `passwd:` is a password.
  ['passwd: password updated successfully2x', `passwd: ${R}`],
  ['  passwd: password unchanged', `  passwd: ${R}`],
  ["echo 'deploy:ChpasswdSudoU99'|sudo -u root env LC_ALL=C /usr/sbin/chpasswd -c SHA512", `echo 'deploy:${R}'|sudo -u root env LC_ALL=C /usr/sbin/chpasswd -c SHA512`],
  ["sudo chpasswd <<'EOF'\ndeploy:ChpasswdBody90\nops:Chpasswd Body 91\nEOF\nid deploy:x", `sudo chpasswd <<'EOF'\ndeploy:${R}\nops:${R}\nEOF\nid deploy:x`],
  ["cat <<-USERS | chpasswd; echo 'ci:ChpasswdSame89' | chpasswd\n\tdeploy:ChpasswdTab88\n\tUSERS", `cat <<-USERS | chpasswd; echo 'ci:${R}' | chpasswd\n\tdeploy:${R}\n\tUSERS`],
  // Redis: redis.conf, CONFIG SET and CONFIG GET's reply, AUTH, ACL SETUSER.
  ['requirepass RedisConfKw26\n# masterauth <master-password>\nmasterauth "Redis Conf Kw27"', `requirepass ${R}\n# masterauth <master-password>\nmasterauth "${R}"`],
  ['redis-cli -h cache CONFIG SET requirepass RedisSetKw28 && redis-cli CONFIG REWRITE', `redis-cli -h cache CONFIG SET requirepass ${R} && redis-cli CONFIG REWRITE`],
  ['1) "requirepass"\n2) "RedisGetKw29"', `1) "requirepass"\n2) "${R}"`],
  ["echo 'requirepass RedisEchoKw34' >> redis.conf; printf 'port 1\\nmasterauth RedisKw35\\n'", `echo 'requirepass ${R}' >> redis.conf; printf 'port 1\\nmasterauth ${R}\\n'`],
  ['redis-cli -h cache AUTH default RedisAuthKw30; redis-cli --no-auth-warning auth RedisAuthKw31', `redis-cli -h cache AUTH default ${R}; redis-cli --no-auth-warning auth ${R}`],
  ["redis-cli ACL SETUSER app on '>RedisAclKw32' '~app:*' '+@all'", `redis-cli ACL SETUSER app on '>${R}' '~app:*' '+@all'`],
  ['cache:6379> ACL SETUSER app on >RedisAclKw33 ~* +@read', `cache:6379> ACL SETUSER app on >${R} ~* +@read`],
  // Oracle's user/password[@database].
  ['sqlplus -s scott/OracleKw42@orcl @report.sql', `sqlplus -s scott/${R}@orcl @report.sql`],
  ["sqlplus 'sys/OracleKw43 as sysdba'", `sqlplus 'sys/${R} as sysdba'`],
  ['expdp system/OracleKw44@pdb1 schemas=app directory=dp dumpfile=app.dmp', `expdp system/${R}@pdb1 schemas=app directory=dp dumpfile=app.dmp`],
  ['rman target sys/OracleKw45@prod catalog rc/OracleKw46@rcat', `rman target sys/${R}@prod catalog rc/${R}@rcat`],
  ['impdp userid=system/OracleKw47 parfile=imp.par', `impdp userid=system/${R} parfile=imp.par`],
  ['sqlplus /nolog <<EOF\nconnect sys/OracleKw48 as sysdba\nSQL> conn app/OracleKw49@pdb1\nEOF', `sqlplus /nolog <<EOF\nconnect sys/${R} as sysdba\nSQL> conn app/${R}@pdb1\nEOF`],
  ['url=jdbc:oracle:thin:scott/OracleKw50@db:1521:orcl', `url=jdbc:oracle:thin:scott/${R}@db:1521:orcl`],
  // Names in env, JSON, YAML, INI, connection strings.
  ['DB_PASS=DbPassValue12 ./migrate', `DB_PASS=${R} ./migrate`],
  ['MYSQL_PWD=MysqlPwdValue33 mysql', `MYSQL_PWD=${R} mysql`],
  ['REDIS_AUTH=RedisAuthValue90 redis-cli', `REDIS_AUTH=${R} redis-cli`],
  ['export DB_PASSWORD="correct horse"', `export DB_PASSWORD="${R}"`],
  ['SESSION_SECRET=s3ss node app.js', `SESSION_SECRET=${R} node app.js`],
  ['Driver=pg;Uid=app;Pwd=OdbcPwdValue24;Server=db', `Driver=pg;Uid=app;Pwd=${R};Server=db`],
  ['Data Source=db;Initial Catalog=app;User ID=ops;Password=Ado Net Kw61;Encrypt=true', `Data Source=db;Initial Catalog=app;User ID=ops;Password=${R};Encrypt=true`],
  ['"Default": "Server=db;User Id=ops;Password=Ado Kw62", "Other": 1', `"Default": "Server=db;User Id=ops;Password=${R}", "Other": 1`],
  ['login?user=bob&password=Form1Pass&next=/', `login?user=bob&password=${R}&next=/`],
  ['{"passwd": "JsonPasswdValue15", "user": "app"}', `{"passwd": "${R}", "user": "app"}`],
  ['{\\"password\\":\\"Escaped1\\"}', `{\\"password\\":\\"${R}\\"}`],
  ["{'api_key': 'py-dict-key-1'}", `{'api_key': '${R}'}`],
  ["  :password => 'ruby-hash-1',", `  :password => '${R}',`],
  ['secret: YamlSecretValue26', `secret: ${R}`],
  ['- password: x y', `- password: ${R}`],
  ['api_token = "IniTokenValue52"', `api_token = "${R}"`],
  ['env: { DEPLOY_PASSWORD: FrontMatterPass81, REGION: eu }', `env: { DEPLOY_PASSWORD: ${R}, REGION: eu }`],
  ['{password: abc123, user: bob}', `{password: ${R}, user: bob}`],
  // YAML block scalars: the value is the indented lines below the key.
  ['db:\n  password: |\n    BlockKw13\n  user: app', `db:\n  password: |\n    ${R}\n  user: app`],
  ['token: >-\n  FoldedKw14\n  more words\nnext: 1', `token: >-\n  ${R}\n  ${R}\nnext: 1`],
  ['- api_key: |2  # from vault\n    Kw15Block\n\n    second\n- name: x', `- api_key: |2  # from vault\n    ${R}\n\n    ${R}\n- name: x`],
  ['```yaml\nsecret: |\n  FenceKw16\n```\nExpected: ok', `\`\`\`yaml\nsecret: |\n  ${R}\n\`\`\`\nExpected: ok`],
  ['**Password:** hunter2', `**Password:** ${R}`],
  ['**Password**: hunter2', `**Password**: ${R}`],
  ['INFO login with password: hunter2 ok', `INFO login with password: ${R} ok`],
  ['curl -H "X-Api-Key: abcdef" https://x', `curl -H "X-Api-Key: ${R}" https://x`],
  ['curl -H "Private-Token: glpatless0000" https://x', `curl -H "Private-Token: ${R}" https://x`],
  // Vault's and Consul's answers: a Key/Value table, SecretID.
  ['====== Data ======\nKey         Value\n---         -----\npassword    VaultKvKw51\nusername    app', `====== Data ======\nKey         Value\n---         -----\npassword    ${R}\nusername    app`],
  ['secret_id             VaultSecretIdKw52\nsecret_id_accessor    84896a0c-1347', `secret_id             ${R}\nsecret_id_accessor    84896a0c-1347`],
  ['token\t\ts.VaultLegacyKw53', `token\t\t${R}`],
  ['AccessorID:       e7f2c1b0-aaaa\nSecretID:         ConsulKw54-bbbb', `AccessorID:       e7f2c1b0-aaaa\nSecretID:         ${R}`],
  ['vault write auth/approle/login role_id=app secret_id=VaultLoginKw55', `vault write auth/approle/login role_id=app secret_id=${R}`],
  ['export VAULT_SECRET_ID=VaultEnvKw64', `export VAULT_SECRET_ID=${R}`],
  ['    "Name": "app/database",\n    "SecretString": "AwsSmKw65",', `    "Name": "app/database",\n    "SecretString": "${R}",`],
  ['    "SecretBinary": "QXdzU21CaW5LdzY2"', `    "SecretBinary": "${R}"`],
  // Credential files a step cats: ~/.netrc, ~/.docker/config.json, a kubeconfig (--raw).
  ['machine api.example.com login deploy password NetrcPassw0rd77', `machine api.example.com login deploy password ${R}`],
  ['default login anonymous password NetrcDefault5', `default login anonymous password ${R}`],
  ['db.internal:5432:*:app:PgpassKw58\n*:*:*:postgres:PgpassKw59', `db.internal:5432:*:app:${R}\n*:*:*:postgres:${R}`],
  ["echo 'db:5432:app:app:PgpassKw60' >> ~/.pgpass && chmod 600 ~/.pgpass", `echo 'db:5432:app:app:${R}' >> ~/.pgpass && chmod 600 ~/.pgpass`],
  ['{"auths":{"registry.example.com":{"auth":"ZGVwbG95OkRvY2tlckF1dGg5OQ=="}}}', `{"auths":{"registry.example.com":{"auth":"${R}"}}}`],
  ['    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=', `    client-key-data: ${R}`],
  // Cookies, as `curl -v` prints them: a session cookie is a login.
  ['> Cookie: session=CookieSessVal5432109876; theme=dark', `> Cookie: session=${R}; theme=${R}`],
  ['< Set-Cookie: sid=SetCookieSid3344; Path=/; HttpOnly', `< Set-Cookie: sid=${R}; Path=/; HttpOnly`],
  ["curl -H 'Cookie: sid=HeaderCookie12' https://x", `curl -H 'Cookie: sid=${R}' https://x`],
  ['set-cookie: __Host-session=a1b2c3d4e5; Secure', `set-cookie: __Host-session=${R}; Secure`],
  // URLs of any scheme.
  ['git clone https://x9TokenInUrl8877665544@git.example.com/app.git', `git clone https://${R}@git.example.com/app.git`],
  ['amqp://rabbit:AmqpUrlPass71@mq:5672/', `amqp://rabbit:${R}@mq:5672/`],
  ['mongodb+srv://app:MongoSrvPass29@cluster0.example.net/db', `mongodb+srv://app:${R}@cluster0.example.net/db`],
  ['https://u:p@ss@host/x', `https://u:${R}@host/x`],
  ['https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX', `https://hooks.slack.com/services/${R}`],
  ['https://acct.blob.core.windows.net/c?sv=2020&sig=AbCdEfGhIjKlMnOpQrStUv%2B0123', `https://acct.blob.core.windows.net/c?sv=2020&sig=${R}`],
  // Presigned URLs (`aws s3 presign`, `gsutil signurl`): whoever has the link has the object.
  [`https://b.s3.amazonaws.com/k?X-Amz-Date=20260101T000000Z&X-Amz-Signature=${'0a'.repeat(32)}`, `https://b.s3.amazonaws.com/k?X-Amz-Date=20260101T000000Z&X-Amz-Signature=${R}`],
  [`https://storage.googleapis.com/b/o?X-Goog-Signature=${'1b'.repeat(32)}&X-Goog-Date=1`, `https://storage.googleapis.com/b/o?X-Goog-Signature=${R}&X-Goog-Date=1`],
  ['https://b.s3.amazonaws.com/k?AWSAccessKeyId=x&Signature=abcDEF123%2Bxyz0123%3D&Expires=1', `https://b.s3.amazonaws.com/k?AWSAccessKeyId=x&Signature=${R}&Expires=1`],
  // SQL.
  ["ALTER USER app WITH PASSWORD 'SqlAlterPass41';", `ALTER USER app WITH PASSWORD '${R}';`],
  ["ALTER ROLE app ENCRYPTED PASSWORD 'md5abc';", `ALTER ROLE app ENCRYPTED PASSWORD '${R}';`],
  ["CREATE USER bob IDENTIFIED BY 'SqlIdentified93';", `CREATE USER bob IDENTIFIED BY '${R}';`],
  ["CREATE USER bob IDENTIFIED WITH mysql_native_password BY 'Native1';", `CREATE USER bob IDENTIFIED WITH mysql_native_password BY '${R}';`],
  ['CREATE USER x IDENTIFIED BY hunter2;', `CREATE USER x IDENTIFIED BY ${R};`],
  ["SET PASSWORD FOR 'bob'@'%' = 'SetPw11';", `SET PASSWORD FOR 'bob'@'%' = '${R}';`],
  ["EXECUTE 'ALTER USER app PASSWORD ''Inner99''';", `EXECUTE 'ALTER USER app PASSWORD ''${R}''';`],
  ["export DB_PASSWORD=$'Ansi\\tC'", `export DB_PASSWORD=$'${R}'`],
  ["declare -x API_TOKEN=$'two\\nlines' ok", `declare -x API_TOKEN=$'${R}' ok`],
  ['ALTER ROLE app PASSWORD $$Dollar5512$$;', `ALTER ROLE app PASSWORD $$${R}$$;`],
  ['ALTER ROLE app WITH LOGIN PASSWORD $pw$Dollar $$ 6613$pw$;', `ALTER ROLE app WITH LOGIN PASSWORD $pw$${R}$pw$;`],
  ["ALTER ROLE app PASSWORD U&'Uni\\0041Pass';", `ALTER ROLE app PASSWORD U&'${R}';`],
  ["CREATE LOGIN app WITH PASSWORD = 'MsSql1!';", `CREATE LOGIN app WITH PASSWORD = '${R}';`],
  // Tokens by their own shape.
  ['glpat-CorpusGitLabTok3n0012', R],
  ['sk_live_51CorpusStripeKey0099 and rk_live_51Restricted0077', `${R} and ${R}`],
  ['ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', R],
  ['gho_CorpusGitHubOAuthToken0123456789abcd', R],
  ['github_pat_11ABCDEFG0123456789_abcdefghijklmnop', R],
  ['hook xoxb-1234567890-abcdefghijkl', `hook ${R}`],
  ['key AKIAIOSFODNN7EXAMPLE is active', `key ${R} is active`],
  ['AIzaSyCorpusGoogleApiKey0123456789abcde', R],
  ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk', R],
  ['npm_abcdefghijklmnopqrstuvwxyz0123456789', R],
  ['hvs.CAESIJabcdefghijklmnopqrstuvwx', R],
  ['export VAULT_TOKEN; vault login s.Kw56AbCdEfGhIjKlMnOpQrSt', `export VAULT_TOKEN; vault login ${R}`],
  ['ya29.a0Kw57AfH6SMBxYzAbCdEfGhIjKlMnOp', R],
  ['Authorization: Basic Q29ycHVzOkJhc2ljUGFzcw==', `Authorization: Basic ${R}`],
  ['Authorization: Bearer abc.def.ghi', `Authorization: Bearer ${R}`],
  ['retrying with Bearer 8f2a9c1e5d7b3f60', `retrying with Bearer ${R}`],
];

describe('credential shapes', () => {
  it.each(SHAPES)('%s', (input, expected) => {
    expect(redactSecretShapes(input)).toBe(expected);
  });

  it('redacts each shape idempotently: redacting the redacted text changes nothing', () => {
    for (const [input] of SHAPES) {
      const once = redactSecretShapes(input);
      expect(redactSecretShapes(once), input).toBe(once);
    }
  });

  it('names its source for every token shape, and each redacts a sample of its own', () => {
    const SAMPLES: Record<string, string> = {
      'AWS access key id': 'ASIAY34FZKBOKMUTVV7A',
      'GitHub token': 'ghs_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
      'GitHub fine-grained': 'github_pat_11ABCDEFG0123456789_abcdefghijklmnop',
      'GitLab tokens': 'glrt-AbCdEfGhIjKlMnOpQrSt12',
      'Slack tokens': 'xoxp-1234567890-abcdefghijkl',
      'Slack webhook path': 'https://hooks.slack.com/services/T0000/B0000/AbCdEfGhIjKlMnOpQrSt',
      Stripe: 'whsec_AbCdEfGhIjKlMnOpQrStUvWx',
      'Google API key': 'AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q',
      'Google OAuth': 'GOCSPX-AbCdEfGhIjKlMnOpQrStUvWx',
      'JSON Web Token': 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXBhcnQ',
      'npm access token': 'npm_abcdefghijklmnopqrstuvwxyz0123456789',
      'PyPI upload token': 'pypi-AgEIcHlwaS5vcmcCJGFiY2RlZmdoLTEyMzQtNTY3OC05MGFiLWNkZWYxMjM0NTY3OA',
      'OpenAI and Anthropic': 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd',
      'HashiCorp Vault': 'hvb.AAAAAQJabcdefghijklmnopqrstuvwxyz',
      'Google access token': 'ya29.a0AfH6SMBxYzAbCdEfGhIjKlMnOpQr',
      'Terraform Cloud': 'abcdefghij0123.atlasv1.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz01',
      DigitalOcean: `dop_v1_${'a1'.repeat(32)}`,
      SendGrid: 'SG.AbCdEfGhIjKlMnOpQrStUv.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfG',
      Shopify: `shpat_${'0a'.repeat(16)}`,
      'Docker Hub': 'dckr_pat_AbCdEfGhIjKlMnOpQrStUvWx-12',
      'Hugging Face': 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567',
      Grafana: `glsa_${'Ab'.repeat(16)}_0a1b2c3d`,
      Atlassian: `ATATT3${'xFfGF0'.repeat(30)}`,
      Postman: `PMAK-${'a1'.repeat(12)}-${'b2'.repeat(17)}`,
      Databricks: `dapi${'0f'.repeat(16)}`,
      'age secret key': `AGE-SECRET-KEY-1${'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L'.repeat(2).slice(0, 58)}`,
      'Azure SAS': 'https://a.blob.core.windows.net/c?sv=2020&sig=AbCdEfGhIjKlMnOpQrStUv%2B0123',
      'Presigned URL': `https://b.s3.amazonaws.com/k?X-Amz-Signature=${'0a'.repeat(32)}`,
    };
    for (const shape of TOKEN_SHAPES) {
      expect(shape.name).toMatch(/\(.+\)/);
      const sample = Object.entries(SAMPLES).find(([name]) => shape.name.startsWith(name))?.[1];
      expect(sample, shape.name).toBeDefined();
      const redacted = redactSecretShapes(`x ${sample as string} y`);
      expect(redacted, shape.name).toContain(R);
      expect(shape.keywords.some((k) => (sample as string).includes(k)), shape.name).toBe(true);
    }
  });
});

describe('partial leaks', () => {
  it.each([
    ['PGPASSWORD=Comma,Part2 psql -h db', `PGPASSWORD=${R} psql -h db`],
    ['password = a b', `password = ${R}`],
    ['password: a b', `password: ${R}`],
    ['echo "password = spaced words Tail77" > notes', `echo "password = ${R}" > notes`],
    ["echo '  password: Yaml Nested Pass 39'", `echo '  password: ${R}'`],
    // As `env` and a .env file print them: the symbols are the password's, not the shell's.
    ['DB_PASSWORD=p<ss>w|rd;x(y)z', `DB_PASSWORD=${R}`],
    ["API_TOKEN=ab&cd9'e\"f`g", `API_TOKEN=${R}`],
    // …but a command still ends where the shell ends it, and a query string's next setting stays.
    ['PGPASSWORD=x1&&psql -h db; DB_PASSWORD=y2; echo "TOKEN=z3" > f', `PGPASSWORD=${R}&&psql -h db; DB_PASSWORD=${R}; echo "TOKEN=${R}" > f`],
    ['X=$(DB_PASSWORD=w4) https://h/cb?password=v5&user=bob', `X=$(DB_PASSWORD=${R}) https://h/cb?password=${R}&user=bob`],
    // A quote opened before the name holds the whole value (set -x, docker run -e, env).
    ["+ export 'DB_PASSWORD=two words' && docker run -e \"API_TOKEN=a b\" img", `+ export 'DB_PASSWORD=${R}' && docker run -e "API_TOKEN=${R}" img`],
  ])('%s keeps no part of the secret', (input, expected) => {
    expect(redactSecretShapes(input)).toBe(expected);
  });
});

describe('text that only looks like a credential', () => {
  it.each([
    'the password reset flow is enabled',
    'Configure Redis AUTH password',
    'Rotate password: quarterly',
    'Generate strong JWT secret: `openssl rand -hex 32`',
    'token count: 5',
    'tests: 12 pass: 12 fail: 0',
    'max_tokens=4096',
    'primary_key: id',
    'KEY_COLUMN',
    'secret_santa_list.txt',
    'mkdir -p /var/lib/app',
    'ssh -p 2222 deploy@bastion',
    'docker run -p 8080:80 nginx',
    'curl -u deploy https://api.example.com',
    'mysql -p govos',
    'psql --password -h db',
    'openssl rsa -passin env:KEY_PASS',
    'PWD=/home/deploy',
    'OLDPWD=/tmp',
    'bypass=1',
    'ALTER USER app RENAME TO app_v2',
    'postgres://app@db.internal:5432/govos',
    'https://host:8443/path',
    'export TOKEN=<admin-token>',
    'export DB_PASSWORD=$(vault read -field=password secret/db)',
    'PGPASSWORD="$DB_PASSWORD" psql',
    '**Password:** ____',
    'db_password: { prompt: Database password, secret: true }',
    'Bearer of bad news',
    'Set-Cookie: none (the API is stateless)',
    'the login form has a password field',
    'auth: enabled',
    '    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==',
    'curl -H "Cookie: sid=$SESSION_ID" https://x',
    '-----BEGIN CERTIFICATE-----',
    'AKIA is a prefix',
    'aws configure set region eu-west-1',
    'aws configure set aws_access_key_id_file ~/.aws/id',
    'aws configure get aws_secret_access_key',
    'aws configure set aws_session_token "$AWS_SESSION_TOKEN"',
    'htpasswd usage',
    'htpasswd -c /etc/nginx/.htpasswd admin',
    'htpasswd -B .htpasswd ops',
    'htpasswd -nb admin',
    'htpasswd -b .htpasswd ops "$HT_PASSWORD"',
    'chpasswd < users.txt',
    'echo "$USER:$NEW_PASSWORD" | chpasswd',
    'echo deploy | chpasswd',
    'echo "time: 10:30" | tee log | chpasswd-report',
    "echo 'time: 10:30' | sh -c chpasswd-report",
    'cat <<EOF | tee log\nat: 10:30\nEOF\nchpasswd < users.txt',
    'chpasswd < users.txt <<< ""\nnext: line',
    'passwd: password updated successfully',
    'Changing password for user ops.\npasswd: all authentication tokens updated successfully.',
    'chpasswd: (user ops) pam_chauthtok() failed, error:\nAuthentication token manipulation error',
    'chpasswd: (line 2, user ci) password not changed',
    'Feed it with: sudo chpasswd <<EOF\n\n```bash\nid deploy\n```\n\nExpected: uid=1001',
    "mysql -u root '-p' db",
    'description: |\n  The password is rotated quarterly.\nname: x',
    'password_file: |\n  /etc/app/pw',
    'script: |\n  vault kv get -field=token secret/app',
    'token: |\nnext: 1',
    'password: >\n\nuser: app',
    'az vm create -n app -p 22',
    'oc project -p app',
    'cf push app -p ./dist',
    'oc login -u admin https://api.example.com:6443',
    'java -Dtoken.count=5 -Dpassword.file=/etc/app/pw -DskipTests=true -jar app.jar',
    'java -Djavax.net.ssl.keyStorePassword -jar app.jar',
    "ssh-keygen -t ed25519 -N '' -f deploy_key",
    'ssh-keygen -lf deploy_key.pub',
    'ipmitool -I lanplus -H bmc-1 -U admin -E power status',
    'lftp -u ops sftp://files',
    'grep -n requirepass /etc/redis/redis.conf',
    'the requirepass setting is on',
    "grep 'requirepass' /etc/redis/redis.conf",
    '`requirepass` is set in redis.conf',
    'redis-cli CONFIG GET requirepass',
    '1) "requirepass"\n2) ""',
    'redis-cli auth',
    'redis-cli ACL SETUSER app on nopass ~* +@all',
    'rabbitmqctl add_user deploy',
    'rabbitmqctl list_users && rabbitmqctl delete_user old',
    'mysqladmin -u root -p status',
    'rabbitmqadmin -u admin list queues',
    'sqlplus / as sysdba',
    'sqlplus -s /nolog @scripts/report.sql',
    'expdp directory=dp dumpfile=exp/app.dmp logfile=exp/app.log',
    'connect to the database over ssh/vpn first',
    'jdbc:oracle:thin:@db:1521/orcl',
    'cat sql/migrations/001.sql app/sql mysql a/b',
    'NAME          TYPE     DATA   AGE\ndb-password   Opaque   1      3d',
    'secret_id_ttl         0s\ntoken_policies        [default]\ntoken_renewable       true',
    'password    ****',
    'Token                  Value\n-----                  -----',
    'password    changed\ntoken       expired',
    'aws secretsmanager get-secret-value --secret-id app/database --query SecretId',
    '{"SecretId": "app/database"}',
    'a password  field',
    'see s.abcdefghijklmnopqrstuvwx and ya29.short',
    'cd /srv/s.abcdefghij0123456789abcd/x',
    'ping6 2001:4860:4860:0:0:0:0:8888 and fe80::1:2:3:4',
    'link/ether 00:1a:2b:3c:4d:5e brd ff:ff:ff:ff:ff:ff',
    'Dec  7 12:30:45 db-1 postgres[123]: ready',
    'root:x:0:0:root:/root:/bin/bash\nsudo:x:27:ops',
    'image: registry:5000/app:1.2.3',
    'db:5432:*:app:$PGPASSWORD',
    'Server=db;Database=app;Integrated Security=true;Encrypt=true',
    'Bearer: the holder of the token',
    'self.bearer = BearerToken(validator)',
    '.. _`I-D.ietf-oauth-v2-bearer`: https://tools.ietf.org/html/rfc6749',
    'docker login -u bot --password-stdin < token.txt',
    'aws ecr get-login-password | docker login -u AWS --password-stdin 1.dkr.ecr.eu-west-1.amazonaws.com',
    'echo "$GH_TOKEN" | gh auth login --with-token',
    "grep -c x <<< 'not a token'; docker login --password-stdin < t",
    'echo done || docker login --password-stdin < t',
    "mysql -e '-- just a comment' db",
  ])('%s', (text) => {
    expect(redactSecretShapes(text)).toBe(text);
  });
});

describe('the values a text sets', () => {
  it('are what the program would see: unquoted, whole', () => {
    expect(secretsIn('export DB_PASSWORD=SameStepPass66; echo "$DB_PASSWORD"')).toEqual(['SameStepPass66']);
    expect(secretsIn("export SERVICE_TOKEN='Same Step Token 74'")).toEqual(['Same Step Token 74']);
    expect(secretsIn('PGPASSWORD=Comma,Part2 psql')).toEqual(['Comma,Part2']);
    expect(secretsIn('mysql -p"Quoted Pass" db')).toEqual(['Quoted Pass']);
    // In $'…' a \t is the tab the shell will hand the step.
    expect(secretsIn("export DB_PASSWORD=$'Tab\\tPass\\x21'")).toEqual(['Tab\tPass!']);
    expect(secretsIn('https://deploy:p%40ss-word@files/')).toEqual(['p%40ss-word', 'p@ss-word']);
    expect(secretsIn("mysql '-pQuoted100' db")).toEqual(['Quoted100']);
    expect(secretsIn('aws configure set aws_session_token Tok98')).toEqual(['Tok98']);
    expect(secretsIn("htpasswd -nb admin 'Ht Pw 97'")).toEqual(['Ht Pw 97']);
    expect(secretsIn("echo 'ops:Chp 99' | chpasswd; chpasswd <<< \"ops:Here 98\"")).toEqual(['Chp 99', 'Here 98']);
    expect(secretsIn('password: |\n  Block Kw17\ntoken: >-\n  Fold\n  Kw18\n')).toEqual(['Block Kw17', 'Fold Kw18']);
  });

  it('are not references, flags or counts', () => {
    expect(secretsIn('export DB_PASSWORD=$(vault read secret/db); API_TOKEN="$X"; DEBUG_TOKEN=1; USE_AUTH=true')).toEqual([]);
  });
});

describe('cost on adversarial input', () => {
  // Each line is a megabyte built to make a backtracking pattern try every start against
  // every end. Linear passes finish in well under a second each; the test only asks that
  // they finish (the test's own timeout), and that nothing is lost on the way.
  const MB = 1_000_000;
  const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  const LINES = [
    fill('A'),
    fill('-'),
    fill('eyJ'),
    fill('a.'),
    fill('password='),
    fill('password: '),
    fill('PGPASSWORD=a,'),
    fill('"password": "'),
    fill('\\"password\\":'),
    fill("PASSWORD '"),
    fill("PASSWORD ''"),
    fill('PASSWORD $$'),
    fill('PASSWORD $a$ '),
    fill('IDENTIFIED BY '),
    fill('SET PASSWORD '),
    fill('a://'),
    fill('a://b:'),
    fill('https://x:@'),
    fill('@'),
    fill('--password '),
    fill('--password='),
    fill('-Da.password='),
    fill('-Dpassword '),
    fill('-storepass -'),
    fill('mysql -p'),
    fill('curl -u a:'),
    fill('curl -u "'),
    fill('docker login -p '),
    fill('az login -p '),
    fill(';Password=a '),
    fill(';Password=a b;'),
    fill('a:1:a:a:'),
    fill('a:1:'),
    fill(' a:1:a:a:a'),
    fill('password  '),
    fill('password  a\n'),
    fill('a  '),
    fill('sqlplus a/'),
    'sqlplus ' + fill('a/b@c '),
    fill('\nconnect a/'),
    fill('jdbc:oracle:thin:a/'),
    fill('rabbitmqctl add_user '),
    'rabbitmqctl ' + fill('add_user -a '),
    fill('mysqladmin password '),
    fill('requirepass '),
    fill('"requirepass a '),
    fill('\nrequirepass '),
    fill('CONFIG SET requirepass '),
    fill('1) "requirepass"\n2) '),
    fill('redis-cli AUTH '),
    fill('ACL SETUSER >'),
    'ACL SETUSER ' + fill('> '),
    fill('ssh-keygen -N '),
    fill('lftp -u a,'),
    fill('aws configure set aws_session_token '),
    'aws configure set ' + fill('a.'),
    fill('htpasswd -b '),
    fill('htpasswd -bC '),
    'htpasswd -b ' + fill('a '),
    fill("mysql '-p"),
    fill("echo 'a:b' | chpasswd "),
    fill('| chpasswd '),
    fill('chpasswd <<< a:'),
    fill('a ') + ' | chpasswd',
    fill('echo ') + ' | chpasswd',
    fill("'") + ' | chpasswd',
    fill('chpasswd '),
    fill('| sudo -u root chpasswd '),
    fill('chpasswd <<E\n'),
    'chpasswd <<E\n' + fill('a:b\n'),
    fill("mysql '-pa' "),
    fill('--password-stdin '),
    fill('echo a | docker login --password-stdin '),
    fill('<<< a --with-token '),
    fill('--with-token <<<'),
    fill('echo ') + ' | gh auth login --with-token',
    fill("printf '%s' "),
    fill('Authorization: '),
    fill('Cookie: '),
    fill('machine x login y password '),
    'machine ' + fill('a'),
    fill('"auth":"'),
    fill('Set-Cookie:a'),
    'Cookie: ' + fill('a'),
    fill('Bearer '),
    fill('Bearer 1'),
    fill('ghp_'),
    fill('s.a'),
    fill('ya29.'),
    fill('glpat-'),
    fill('xoxb-'),
    fill('sk_live_'),
    fill('AKIA'),
    fill('-----BEGIN '),
    fill('"'),
    fill("'"),
    fill('`'),
    fill('**Password:** '),
    fill('password: |\n'),
    fill('a: |\n  '),
    'password: |\n' + fill(' '),
    fill(' '),
    'token: >-\n' + fill('  a\n'),
    fill('\n'),
    fill('x password: '),
    `echo "${fill('password = a ')}`,
    `${fill('a')}password=b`,
  ];

  it.each(LINES.map((line, i) => [i, line.slice(0, 24), line] as const))('line %i (%s…) is redacted in one pass', (_i, _head, line) => {
    const out = redactSecretShapes(line);
    expect(out.length).toBeGreaterThan(0);
    expect(secretsIn(line.slice(0, 10_000)).length).toBeGreaterThanOrEqual(0);
  }, 60_000);
});
