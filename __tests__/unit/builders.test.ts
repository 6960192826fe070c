// Every builder of a remote line, against its exact text (the shell each sends, character for
// character). The fragments with logic are also run for real in fragments.test.ts.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { chownFile, stopIfAccessoryExists } from '../../src/commands/accessory.js'
import {
  listContainers,
  bootStep,
  cancelHandling,
  forgetProbe,
  lockAndList,
  probeFrom,
  afterSwitch,
  rememberCurrentVersion,
  runCreatingNetwork,
  stopRunScripts,
  stopRunScriptsAndWait,
  stopStaleContainers,
  tagLatestLines,
  waitUntilReady
} from '../../src/commands/boot.js'
import { checkLabelAndProbe, ensureDocker, inspectImage } from '../../src/commands/docker.js'
import { forceRelease, readLock, releaseIfOwnerAtEnd, thenReleaseIfOwner } from '../../src/commands/lock.js'
import { formatReport, parseReport, reportLine, withoutReport } from '../../src/commands/protocol.js'
import { prepareProxyBoot, switchProxyTo, waitForProxy } from '../../src/commands/proxy.js'
import { proxyDeployRunning, staleContainers } from '../../src/commands/manage.js'
import { parseConfigText } from '../../src/config/load.js'

const config = parseConfigText(
  `service: myapp
image: user/myapp
servers:
  web:
    hosts: [192.168.0.1]
  job:
    hosts: [192.168.0.3]
    proxy: false
proxy:
  host: app.example.com
  app_port: 3000
registry: { username: user, password: [PW] }
builder: { arch: amd64 }
accessories:
  db:
    image: postgres:16
    host: 192.168.0.4
    files:
      - { local: a.conf, remote: /etc/a.conf, owner: "999:999" }
`,
  'config/deploy.yml',
  undefined,
  {}
)
const [web, job] = config.roles
const db = config.accessories[0]!
/** Audit lines carry the time of day. */
const timeless = (lines: readonly string[]) =>
  lines.map((l) => l.replace(/\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\]/, '[<time>]'))

test('the report protocol: one line format out, typed facts back, report lines hidden from people', () => {
  assert.equal(reportLine('old', '$OLD'), 'echo "DECKHAND_OLD=$OLD"')
  assert.deepEqual(
    parseReport('x\nDECKHAND_OLD=v1\nDECKHAND_STATUS=\nDECKHAND_UNKNOWN=1\nDECKHAND_PROXY_WAS=running\n'),
    { old: 'v1', proxyWas: 'running' }
  )
  assert.equal(
    formatReport({ lock: 'released', status: 'healthy' }),
    'DECKHAND_LOCK=released\nDECKHAND_STATUS=healthy\n'
  )
  assert.equal(withoutReport('a\nDECKHAND_OLD=v1\nb'), 'a\nb')
})

test('boot pieces: current version, the run with its network retry, the readiness wait, prune and tag', () => {
  assert.deepEqual(listContainers(config, web!, 'v2').lines, [
    `DECKHAND_PS=$(docker ps --all --format '{{.ID}}={{.Names}}|{{.State}}|{{.Image}}|{{.Label "service"}}|{{.Label "destination"}}|{{.Label "role"}}')`,
    'DECKHAND_RUNNING=; DECKHAND_SERVICE=; DECKHAND_SAME=',
    'while IFS= read -r l; do',
    '  n=${l%%|*}; l=${l#*|}; s=${l%%|*}; l=${l#*|}; i=${l%%|*}; l=${l#*|}',
    '  if [ "${n#*=}" = myapp-web-v2 ]; then DECKHAND_SAME=1; fi',
    '  if [ "${l%%|*}" = myapp ]; then DECKHAND_SERVICE="$DECKHAND_SERVICE ${n%%=*},$s,$i"; fi',
    `  if [ "$l" = 'myapp||web' ]; then case $s in running|restarting) DECKHAND_RUNNING="$DECKHAND_RUNNING $n" ;; esac; fi`,
    'done <<EOF',
    '$DECKHAND_PS',
    'EOF'
  ])
  // The current version from that listing; Kamal's `ancestor` query only when several run.
  assert.deepEqual(rememberCurrentVersion(config, web!, 'v2', 'v2_replaced_00ff').lines, [
    'set -- $DECKHAND_RUNNING',
    "DECKHAND_CURRENT=${1:-}; if [ $# -gt 1 ]; then DECKHAND_LATEST=$(docker ps --latest --filter label=service=myapp --filter label=destination= --filter label=role=web --filter status=running --filter status=restarting --filter ancestor=user/myapp:latest --format '{{.ID}}={{.Names}}' 2> /dev/null) || DECKHAND_LATEST=; DECKHAND_CURRENT=${DECKHAND_LATEST:-$1}; fi",
    'DECKHAND_OLD_ID=${DECKHAND_CURRENT%%=*}; OLD=${DECKHAND_CURRENT#*=}; OLD=${OLD#myapp-web-}',
    'if [ -n "$DECKHAND_SAME" ]; then docker rename myapp-web-v2 myapp-web-v2_replaced_00ff; if [ "$OLD" = v2 ]; then OLD=v2_replaced_00ff; fi; fi',
    'echo "DECKHAND_OLD=$OLD"'
  ])
  assert.deepEqual(runCreatingNetwork('docker run x', 'myapp-web-v2'), [
    'deckhand_run() {',
    'docker run x > /dev/null',
    '}',
    'if ! DECKHAND_ERR=$(deckhand_run 2>&1); then',
    '  case "$DECKHAND_ERR" in *"network kamal not found"*) docker rm myapp-web-v2 > /dev/null 2>&1 || true; docker network inspect kamal > /dev/null 2>&1 || docker network create kamal > /dev/null 2>&1 || docker network inspect kamal > /dev/null; deckhand_run ;; *) printf \'%s\\n\' "$DECKHAND_ERR" >&2; exit 1 ;; esac',
    'elif [ -n "$DECKHAND_ERR" ]; then printf \'%s\\n\' "$DECKHAND_ERR" >&2',
    'fi'
  ])
  const wait = waitUntilReady(config, 'myapp-job-v2')
  assert.deepEqual(wait.lines, [
    'DEADLINE=$(( $(date +%s) + 30 )); SINCE=; READY=; STATUS=; PROBE=',
    'while [ -z "$READY" ]; do',
    '  [ -n "$PROBE" ] || PROBE=$(mktemp)',
    '  docker inspect --format \'{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}{{"\\n"}}{{if .Config.Healthcheck}}{{$t := index .Config.Healthcheck.Test 0}}{{if eq $t "CMD-SHELL"}}/bin/sh{{"\\x00"}}-c{{"\\x00"}}{{index .Config.Healthcheck.Test 1}}{{"\\x00"}}{{else if eq $t "CMD"}}{{range $i, $a := .Config.Healthcheck.Test}}{{if $i}}{{$a}}{{"\\x00"}}{{end}}{{end}}{{end}}{{end}}\' myapp-job-v2 > "$PROBE" 2> /dev/null || : > "$PROBE"',
    '  STATUS=$(head -n 1 "$PROBE"); STATUS=${STATUS:-missing}; NOW=$(date +%s)',
    '  if [ "$STATUS" = healthy ]; then READY=1; break; fi',
    '  if [ "$STATUS" = starting ] && tail -n +2 "$PROBE" | head -c -1 | xargs -0 timeout 10 docker exec myapp-job-v2 > /dev/null 2>&1; then STATUS=healthy; READY=1; break; fi',
    '  if [ "$STATUS" = running ]; then SINCE=${SINCE:-$NOW}; if [ $((NOW - SINCE)) -ge 7 ]; then READY=1; break; fi; else SINCE=; fi',
    '  if [ "$NOW" -ge "$DEADLINE" ]; then break; fi',
    '  sleep 0.25',
    'done',
    'rm -f ${PROBE:+"$PROBE"}',
    'echo "DECKHAND_STATUS=$STATUS"',
    'if [ -z "$READY" ]; then',
    '  docker stop myapp-job-v2 > /dev/null 2>&1 || true',
    '  echo "container myapp-job-v2 not ready after 30 seconds ($STATUS); it was stopped and kept for inspection. Its last log lines:" >&2',
    "  docker logs --tail 15 myapp-job-v2 2>&1 | sed 's/^/  /' >&2 || true",
    '  exit 70',
    'fi'
  ])
  assert.deepEqual(wait.assumed, { status: 'healthy' })
  // Without a tag or a prune, the old version's stop alone, in the foreground.
  const job = config.roles.find((r) => r.name === 'job')!
  assert.deepEqual(afterSwitch(config, job, { prune: false, tag: false, performer: 'octocat', version: 'v2' }), [
    'if [ -n "$DECKHAND_OLD_ID" ] && docker stop -t 30 "$DECKHAND_OLD_ID" > /dev/null; then echo "DECKHAND_STOPPED=$OLD"; fi'
  ])
  // Kamal's tag and prune while the old container stops: the prune's containers and images from
  // the boot's listing, its state-changing lines Kamal's; the image listing while the old one
  // stops, Kamal's dangling-image prune (and the listing again) after, only when it shows an
  // untagged image.
  assert.deepEqual(
    timeless(afterSwitch(config, job, { prune: true, tag: true, performer: 'octocat', version: 'v2' })),
    [
      'DECKHAND_RM=; DECKHAND_RM_LATER=; DECKHAND_RM_LATER_IMAGE=; DECKHAND_IN_USE=; DECKHAND_IMAGES=; i=0; j=0',
      'for r in $DECKHAND_SERVICE; do',
      '  c=${r%%,*}; r=${r#*,}; s=${r%%,*}; r=${r#*,}',
      '  case " $DECKHAND_STALE_STOPPED " in *" $c "*) s=exited ;; esac',
      '  if [ "$c" = "$DECKHAND_OLD_ID" ]; then s=stopping; fi',
      '  case $s in',
      '    created|exited|dead) i=$((i + 1)); j=$((j + 1)); if [ $j -gt 5 ]; then DECKHAND_RM="$DECKHAND_RM $c"; continue; elif [ $i -gt 5 ]; then DECKHAND_RM_LATER=$c; DECKHAND_RM_LATER_IMAGE=$r; continue; fi ;;',
      '    stopping) i=$((i + 1)); if [ $i -gt 5 ]; then DECKHAND_RM_LATER=$c; DECKHAND_RM_LATER_IMAGE=$r; continue; fi ;;',
      '  esac',
      '  DECKHAND_IN_USE="${DECKHAND_IN_USE}$r\\|"',
      'done',
      'DECKHAND_IN_USE="${DECKHAND_IN_USE}user/myapp:v2\\|"',
      'DECKHAND_STOPPING=; if [ -n "$DECKHAND_OLD_ID" ]; then docker stop -t 30 "$DECKHAND_OLD_ID" > /dev/null & DECKHAND_STOPPING=$!; fi',
      // The audit lines without Kamal's `mkdir -p .kamal`: a boot exec made it first (cancelHandling).
      'echo "[<time>] [octocat] Tagging user/myapp:v2 as the latest image" >> .kamal/myapp-audit.log',
      'docker tag user/myapp:v2 user/myapp:latest',
      'if [ -n "$DECKHAND_RM$DECKHAND_RM_LATER" ]; then {',
      'echo "[<time>] [octocat] Pruned containers" >> .kamal/myapp-audit.log',
      'for container_id in $DECKHAND_RM; do docker rm $container_id; done',
      'echo "[<time>] [octocat] Pruned images" >> .kamal/myapp-audit.log',
      "DECKHAND_IMAGES=$(docker image ls --filter label=service=myapp --format '{{.ID}} {{.Repository}}:{{.Tag}}')",
      '} || echo "pruning failed" >&2; fi',
      'DECKHAND_OLD_STOPPED=; if [ -n "$DECKHAND_STOPPING" ] && wait "$DECKHAND_STOPPING"; then DECKHAND_OLD_STOPPED=1; echo "DECKHAND_STOPPED=$OLD"; fi',
      'if [ -n "$DECKHAND_RM$DECKHAND_RM_LATER" ]; then {',
      'if [ -z "$DECKHAND_RM_LATER" ]; then :; elif [ -n "$DECKHAND_OLD_STOPPED" ]; then docker rm $DECKHAND_RM_LATER; else DECKHAND_IN_USE="${DECKHAND_IN_USE}$DECKHAND_RM_LATER_IMAGE\\|"; fi',
      "case $DECKHAND_IMAGES in *':<none>'*)",
      'docker image prune --force --filter label=service=myapp > /dev/null',
      "DECKHAND_IMAGES=$(docker image ls --filter label=service=myapp --format '{{.ID}} {{.Repository}}:{{.Tag}}')",
      ';; esac',
      'if [ -n "$DECKHAND_IMAGES" ]; then printf \'%s\\n\' "$DECKHAND_IMAGES" | grep -v -w "${DECKHAND_IN_USE}user/myapp:latest\\|user/myapp:<none>" | while read image tag; do docker rmi $tag; done > /dev/null; fi',
      '} || echo "pruning failed" >&2; fi'
    ]
  )
  assert.deepEqual(timeless(tagLatestLines(config, 'octocat', 'v2')), [
    'mkdir -p .kamal && echo "[<time>] [octocat] Tagging user/myapp:v2 as the latest image" >> .kamal/myapp-audit.log',
    'docker tag user/myapp:v2 user/myapp:latest'
  ])
  assert.deepEqual(timeless(tagLatestLines(config, 'octocat', 'v2', { kamalDirMade: true })), [
    'echo "[<time>] [octocat] Tagging user/myapp:v2 as the latest image" >> .kamal/myapp-audit.log',
    'docker tag user/myapp:v2 user/myapp:latest'
  ])
})

test('convergence pieces: the stale stop, the boot steps, the cancel handling and the stop of a run’s scripts', () => {
  const job = config.roles.find((r) => r.name === 'job')!
  // Every running container of the role but the current one, in one `docker stop` with the role's timeout.
  assert.deepEqual(stopStaleContainers(config, job).lines, [
    'DECKHAND_STALE=; DECKHAND_STALE_IDS=; DECKHAND_STALE_STOPPED=',
    'for DECKHAND_C in $DECKHAND_RUNNING; do if [ "$DECKHAND_C" != "$DECKHAND_CURRENT" ]; then DECKHAND_STALE_IDS="$DECKHAND_STALE_IDS ${DECKHAND_C%%=*}"; DECKHAND_C=${DECKHAND_C#*=}; DECKHAND_STALE="$DECKHAND_STALE ${DECKHAND_C#myapp-job-}"; fi; done',
    'if [ -n "$DECKHAND_STALE_IDS" ]; then docker stop -t 30 $DECKHAND_STALE_IDS > /dev/null && DECKHAND_STALE_STOPPED=$DECKHAND_STALE_IDS || echo "could not stop every stale container of job" >&2; echo "DECKHAND_STALE=${DECKHAND_STALE# }"; fi'
  ])
  assert.equal(bootStep('switched'), 'DECKHAND_STEP=switched')
  const handling = (proxyService?: string) =>
    cancelHandling(config, proxyService ? web! : job, {
      token: 'deckhand-1-1-ab12',
      container: proxyService ? 'myapp-web-v2' : 'myapp-job-v2',
      version: 'v2',
      proxyService
    }).lines
  const common = (container: string, proxied: string[]) => [
    'mkdir -p .kamal; DECKHAND_STEP=start; DECKHAND_WATCH=; DECKHAND_PIDFILE=.kamal/deckhand-deckhand-1-1-ab12-$$.pid; echo $$ > "$DECKHAND_PIDFILE"',
    'deckhand_settle() {',
    "  trap '' TERM INT HUP PIPE",
    '  set +e; : > "$DECKHAND_PIDFILE.settling"; [ -z "$DECKHAND_WATCH" ] || kill "$DECKHAND_WATCH" 2> /dev/null; DECKHAND_WATCH=',
    '  if [ "$DECKHAND_STEP" = run ]; then',
    `    docker stop -t 3 ${container} > /dev/null 2>&1`,
    ...proxied,
    '  fi',
    '  case "$DECKHAND_STEP" in switched|done) [ -z "$DECKHAND_OLD_ID" ] || docker stop -t 3 "$DECKHAND_OLD_ID" > /dev/null 2>&1; echo "DECKHAND_RUNS=v2" ;; run) echo "DECKHAND_RUNS=$OLD" ;; esac',
    '  echo "DECKHAND_SETTLED=$DECKHAND_STEP"',
    '}',
    "trap 'deckhand_settle; exit 76' TERM INT HUP PIPE",
    `trap 'DECKHAND_RC=$?; case $DECKHAND_RC in 0|70|76|75) ;; *) deckhand_settle ;; esac; rm -f "$DECKHAND_PIDFILE" "$DECKHAND_PIDFILE.settling"; [ -z "$DECKHAND_WATCH" ] || kill "$DECKHAND_WATCH" 2> /dev/null' EXIT`,
    'if [ "$PPID" -gt 1 ]; then',
    '  ( while kill -0 "$PPID" 2> /dev/null || [ -e "/proc/$PPID" ]; do sleep 1; done; kill -TERM 0 ) < /dev/null > /dev/null 2>&1 &',
    '  DECKHAND_WATCH=$!',
    'fi'
  ]
  assert.deepEqual(handling(), common('myapp-job-v2', []))
  assert.deepEqual(
    handling('myapp-web'),
    common('myapp-web-v2', [
      '    if docker exec kamal-proxy kamal-proxy list 2> /dev/null | grep -Eq "^myapp-web[[:space:]].*[[:space:]]$DECKHAND_ID:"; then docker start myapp-web-v2 > /dev/null 2>&1; DECKHAND_STEP=switched; fi'
    ])
  )
  assert.equal(
    stopRunScriptsAndWait('deckhand-1-1-ab12', 15),
    [
      'for f in .kamal/deckhand-deckhand-1-1-ab12-*.pid; do if [ -f "$f" ] && [ ! -e "$f.settling" ]; then kill -TERM "-$(cat "$f")" 2> /dev/null || true; fi; done',
      'i=0; while [ $i -lt 75 ] && [ -n "$(ls .kamal/deckhand-deckhand-1-1-ab12-*.pid 2> /dev/null)" ]; do sleep 0.2; i=$((i + 1)); done',
      'ls .kamal/deckhand-deckhand-1-1-ab12-*.pid 2> /dev/null && exit 1 || true'
    ].join('\n')
  )
  assert.equal(
    stopRunScripts('deckhand-1-1-ab12'),
    'for f in .kamal/deckhand-deckhand-1-1-ab12-*.pid; do if [ -f "$f" ] && [ ! -e "$f.settling" ]; then kill -TERM "-$(cat "$f")" 2> /dev/null || true; fi; done'
  )
})

test('proxy pieces: prepare the boot (network, version check, what was there), switch to a new target', () => {
  const boot = prepareProxyBoot()
  assert.deepEqual(boot.lines, [
    'docker network inspect kamal > /dev/null 2>&1 || docker network create kamal > /dev/null 2>&1 || docker network inspect kamal > /dev/null',
    "DECKHAND_PV=$( { docker inspect kamal-proxy --format '{{.Config.Image}}' | awk -F: '{print $NF}' ; } 2> /dev/null || true)\nif printf '%s' \"$DECKHAND_PV\" | grep -Eq '^v?[0-9]+(\\.[0-9]+)*$' && [ \"$(printf '%s\\n%s\\n' \"${DECKHAND_PV#v}\" 0.9.2 | sort -V | head -1)\" != 0.9.2 ]; then\n  echo \"kamal-proxy version $DECKHAND_PV is too old, run \\`kamal proxy reboot\\` in order to update to at least v0.9.2 (or remove the old proxy on this host with \\`docker rm -f kamal-proxy\\` and deploy again)\" >&2; exit 71\nfi",
    "PROXY_WAS=$(docker inspect --format '{{.State.Status}}' kamal-proxy 2> /dev/null | tr -d '\\n') || true; echo \"DECKHAND_PROXY_WAS=${PROXY_WAS:-missing}\"",
    'mkdir -p .kamal/proxy/apps-config'
  ])
  assert.deepEqual(boot.assumed, { proxyWas: 'running' })
  const sw = switchProxyTo({
    config,
    proxy: web!.proxyConfig!,
    service: 'myapp-web',
    container: 'myapp-web-v2',
    tlsName: 'web',
    what: 'web',
    host: '192.168.0.1'
  })
  assert.deepEqual(sw.lines, [
    "DECKHAND_ID=$(docker container ls --all --filter 'name=^myapp-web-v2$' --quiet)",
    'if [ -z "$DECKHAND_ID" ]; then echo \'Failed to get endpoint for web on 192.168.0.1, did the container boot?\' >&2; exit 70; fi',
    'if DECKHAND_OUT=$(docker exec kamal-proxy kamal-proxy deploy myapp-web --target="${DECKHAND_ID}:3000" --host="app.example.com" --deploy-timeout="30s" --drain-timeout="30s" --buffer-requests --buffer-responses --log-request-header="Cache-Control" --log-request-header="Last-Modified" --log-request-header="User-Agent" 2>&1); then',
    '  echo "DECKHAND_PROXY=switched"',
    'else',
    '  echo "DECKHAND_PROXY=failed"',
    '  docker stop myapp-web-v2 > /dev/null 2>&1 || true',
    "  docker logs --tail 10 myapp-web-v2 2>&1 | sed 's/^/  /' >&2 || true",
    "  echo 'kamal-proxy did not switch myapp-web to myapp-web-v2 on 192.168.0.1: the old version keeps serving; myapp-web-v2 was stopped and kept for inspection (its last log lines are above). kamal-proxy said:' >&2",
    '  printf \'%s\\n\' "$DECKHAND_OUT" >&2',
    '  exit 70',
    'fi'
  ])
  assert.deepEqual(sw.assumed, { proxy: 'switched' })
})

test('accessory, lock, label and Docker pieces', () => {
  assert.deepEqual(stopIfAccessoryExists(db).lines, [
    'if [ -n "$(docker ps -a -q --filter label=service=myapp-db)" ]; then echo "DECKHAND_ACCESSORY=exists"; exit 0; fi'
  ])
  assert.deepEqual(chownFile(db, db.files[0]!), ['chown 999:999 myapp-db/etc/a.conf'])
  assert.deepEqual(chownFile(db, { ...db.files[0]!, owner: undefined }), [])
  assert.deepEqual(thenReleaseIfOwner(config, 'tok', ['docker tag a b']).lines, [
    'set +e',
    '(',
    'set -e',
    'docker tag a b',
    ')',
    'RC=$?',
    'if [ ! -d .kamal/lock-myapp ]; then echo "DECKHAND_LOCK=absent"; elif base64 -d < .kamal/lock-myapp/details | grep -qF \'tok\'; then rm .kamal/lock-myapp/details && rm -r .kamal/lock-myapp && echo "DECKHAND_LOCK=released"; else echo "DECKHAND_LOCK=not ours"; fi',
    'exit $RC'
  ])
  assert.equal(
    forceRelease(config).command,
    'if [ -d .kamal/lock-myapp ]; then rm .kamal/lock-myapp/details && rm -r .kamal/lock-myapp && echo "DECKHAND_LOCK=released"; else echo "DECKHAND_LOCK=absent"; fi'
  )
  assert.equal(
    readLock(config).command,
    'stat .kamal/lock-myapp > /dev/null && cat .kamal/lock-myapp/details | base64 -d 2> /dev/null || true'
  )
  assert.deepEqual(releaseIfOwnerAtEnd(config, 'tok'), {
    lines: [
      '{ if [ ! -d .kamal/lock-myapp ]; then echo "DECKHAND_LOCK=absent"; elif base64 -d < .kamal/lock-myapp/details | grep -qF \'tok\'; then rm .kamal/lock-myapp/details && rm -r .kamal/lock-myapp && echo "DECKHAND_LOCK=released"; else echo "DECKHAND_LOCK=not ours"; fi ; } || echo "could not release the deploy lock here" >&2'
    ],
    assumed: { lock: 'released' }
  })
  // Kamal's label check (pullImage().checkLabel: same grep, message and exit) from an inspect that
  // also gives the image's health check, reported as the early probe.
  assert.deepEqual(checkLabelAndProbe(config, 'v2'), {
    lines: [
      `DECKHAND_IMAGE_FILE=$(mktemp); docker inspect -f '{{ .Config.Labels.service }}{{"\\n"}}{{with .Config.Healthcheck}}{{if .Test}}{{printf "%d %d %d" .Interval .StartPeriod .Retries}}{{end}}{{end}}{{"\\n"}}{{with .Config.Healthcheck}}{{if .Test}}{{$t := index .Test 0}}{{if eq $t "CMD-SHELL"}}{{if eq (len .Test) 2}}/bin/sh{{"\\x00"}}-c{{"\\x00"}}{{index .Test 1}}{{"\\x00"}}{{end}}{{else if eq $t "CMD"}}{{range $i, $a := .Test}}{{if $i}}{{$a}}{{"\\x00"}}{{end}}{{end}}{{end}}{{end}}{{end}}' user/myapp:v2 > "$DECKHAND_IMAGE_FILE" || : > "$DECKHAND_IMAGE_FILE"`,
      `{ DECKHAND_LABEL=; IFS= read -r DECKHAND_LABEL < "$DECKHAND_IMAGE_FILE" || :; [ "$DECKHAND_LABEL" = myapp ] || (echo "Image user/myapp:v2 is missing the 'service' label" && exit 1); } >&2 || { rm -f "$DECKHAND_IMAGE_FILE"; exit 1; }`,
      `DECKHAND_PROBE_NS=$(awk 'NR == 2 && NF == 3 { i = $1 > 0 ? $1 : 30000000000; r = $3 > 0 ? $3 : 3; w = $2 > 0 ? $2 + (r - 1) * i : r * i; printf "%.0f", w < 9007199254740991 ? w : 9007199254740991 }' "$DECKHAND_IMAGE_FILE")`,
      `DECKHAND_PROBE_ARGS=$(mktemp); tail -n +3 "$DECKHAND_IMAGE_FILE" | head -c -1 > "$DECKHAND_PROBE_ARGS"; rm -f "$DECKHAND_IMAGE_FILE"`,
      `[ -s "$DECKHAND_PROBE_ARGS" ] || DECKHAND_PROBE_NS=`,
      `if [ -n "$DECKHAND_PROBE_NS" ]; then echo "DECKHAND_PROBE=$DECKHAND_PROBE_NS $(base64 -w 0 < "$DECKHAND_PROBE_ARGS")"; fi; rm -f "$DECKHAND_PROBE_ARGS"`
    ],
    assumed: { probe: '90000000000 L2Jpbi9zaAAtYwA8dGhlIGhlYWx0aCBjb21tYW5kIG9mIHRoZSBpbWFnZT4A' }
  })
  assert.deepEqual(ensureDocker.lines, [
    'if ! command -v docker > /dev/null 2>&1; then',
    '  if [ "${EUID:-$(id -u)}" -eq 0 ] && command -v apt-get > /dev/null 2>&1; then',
    '    export DEBIAN_FRONTEND=noninteractive',
    '    apt-get update -qq > /dev/null && apt-get install -y -qq docker.io > /dev/null || exit 1',
    '    echo "DECKHAND_DOCKER=installed"',
    '  else echo "DECKHAND_DOCKER=missing"; exit 0; fi',
    'fi',
    'if ! docker info > /dev/null 2>&1; then',
    "  (unset GOGC; systemctl start docker || service docker start) > /dev/null 2>&1 # the daemon keeps Go's defaults",
    '  i=0; until docker info > /dev/null 2>&1; do i=$((i+1)); [ $i -gt 120 ] && { echo "docker did not start" >&2; exit 1; }; sleep 0.25; done',
    'fi',
    'mkdir -p .kamal'
  ])
})

test('console fragments: stale containers, proxy hand-over of a running container, the wait for a rebooted proxy', () => {
  const current = (r: string) =>
    `sh -c 'docker ps --latest --format '\\''{{.Names}}'\\'' --filter label=service=myapp --filter label=destination= --filter label=role=${r} --filter status=running --filter status=restarting --filter ancestor=$(docker image ls --filter reference=user/myapp:latest --format '\\''{{.ID}}'\\'') ; docker ps --latest --format '\\''{{.Names}}'\\'' --filter label=service=myapp --filter label=destination= --filter label=role=${r} --filter status=running --filter status=restarting' | head -1 | while read line; do echo \${line#myapp-${r}-}; done`
  assert.deepEqual(staleContainers(config, job!, true), [
    `DECKHAND_CURRENT=$( { ${current('job')} ; } 2> /dev/null || true)`,
    'for DECKHAND_STALE in $( { docker ps --filter label=service=myapp --filter label=destination= --filter label=role=job --format "{{.Names}}" | while read line; do echo ${line#myapp-job-}; done ; } 2> /dev/null || true); do',
    '  if [ "$DECKHAND_STALE" = "$DECKHAND_CURRENT" ]; then continue; fi',
    '  echo "Stopping stale container for role job with version $DECKHAND_STALE"; docker container ls --all --filter "name=^myapp-job-$DECKHAND_STALE\\$" --quiet | xargs docker stop -t 30 || true',
    'done'
  ])
  assert.deepEqual(proxyDeployRunning(config, web!, web!.proxyConfig!, '192.168.0.1'), [
    `DECKHAND_VERSION=$( { ${current('web')} ; } 2> /dev/null || true)`,
    'DECKHAND_ID=$(docker container ls --all --filter "name=^myapp-web-$DECKHAND_VERSION\\$" --quiet)',
    `if [ -z "$DECKHAND_ID" ]; then echo 'Failed to get endpoint for web on 192.168.0.1, did the container boot?' >&2; exit 70; fi`,
    'docker exec kamal-proxy kamal-proxy deploy myapp-web --target="${DECKHAND_ID}:3000" --host="app.example.com" --deploy-timeout="30s" --drain-timeout="30s" --buffer-requests --buffer-responses --log-request-header="Cache-Control" --log-request-header="Last-Modified" --log-request-header="User-Agent"'
  ])
  assert.equal(
    waitForProxy,
    'i=0; until docker exec kamal-proxy kamal-proxy list > /dev/null 2>&1; do i=$((i+1)); if [ $i -gt 120 ]; then echo "kamal-proxy does not answer after its reboot" >&2; exit 1; fi; sleep 0.25; done'
  )
})

test('a deploy in one exec: the image inspected in the background, the lock, the listing under it, the label check and the early probe', () => {
  assert.equal(
    inspectImage(config, 'v2', { background: true }),
    `DECKHAND_IMAGE_FILE=$(mktemp); docker inspect -f '{{ .Config.Labels.service }}{{"\\n"}}{{with .Config.Healthcheck}}{{if .Test}}{{printf "%d %d %d" .Interval .StartPeriod .Retries}}{{end}}{{end}}{{"\\n"}}{{with .Config.Healthcheck}}{{if .Test}}{{$t := index .Test 0}}{{if eq $t "CMD-SHELL"}}{{if eq (len .Test) 2}}/bin/sh{{"\\x00"}}-c{{"\\x00"}}{{index .Test 1}}{{"\\x00"}}{{end}}{{else if eq $t "CMD"}}{{range $i, $a := .Test}}{{if $i}}{{$a}}{{"\\x00"}}{{end}}{{end}}{{end}}{{end}}{{end}}' user/myapp:v2 > "$DECKHAND_IMAGE_FILE" & DECKHAND_INSPECT=$!`
  )
  const details = {
    lockedBy: 'Deckhand [tok-1]',
    at: new Date('2026-06-18T10:00:00Z'),
    version: 'v2',
    message: 'Automatic deploy lock'
  }
  assert.deepEqual(lockAndList(config, 'v2', details, 'tok-1'), {
    lines: [
      `DECKHAND_LOCKED=; if { mkdir .kamal/lock-myapp && echo "TG9ja2VkIGJ5OiBEZWNraGFuZCBbdG9rLTFdIGF0IDIwMjYtMDYtMThUMTA6
MDA6MDBaClZlcnNpb246IHYyCk1lc3NhZ2U6IEF1dG9tYXRpYyBkZXBsb3kg
bG9jaw==
" > .kamal/lock-myapp/details ; } 2> /dev/null; then DECKHAND_LOCKED=1; DECKHAND_PS=$(docker ps --all --format '{{.ID}}={{.Names}}|{{.State}}|{{.Image}}|{{.Label "service"}}|{{.Label "destination"}}|{{.Label "role"}}'); fi`,
      `wait "$DECKHAND_INSPECT" || : > "$DECKHAND_IMAGE_FILE"`,
      `{ DECKHAND_LABEL=; IFS= read -r DECKHAND_LABEL < "$DECKHAND_IMAGE_FILE" || :; [ "$DECKHAND_LABEL" = myapp ] || (echo "Image user/myapp:v2 is missing the 'service' label" && exit 1); } >&2 || { rm -f "$DECKHAND_IMAGE_FILE"; if [ -n "$DECKHAND_LOCKED" ]; then if [ ! -d .kamal/lock-myapp ]; then echo "DECKHAND_LOCK=absent"; elif base64 -d < .kamal/lock-myapp/details | grep -qF 'tok-1'; then rm .kamal/lock-myapp/details && rm -r .kamal/lock-myapp && echo "DECKHAND_LOCK=released"; else echo "DECKHAND_LOCK=not ours"; fi; fi; exit 1; }`,
      `DECKHAND_PROBE_NS=$(awk 'NR == 2 && NF == 3 { i = $1 > 0 ? $1 : 30000000000; r = $3 > 0 ? $3 : 3; w = $2 > 0 ? $2 + (r - 1) * i : r * i; printf "%.0f", w < 9007199254740991 ? w : 9007199254740991 }' "$DECKHAND_IMAGE_FILE")`,
      `DECKHAND_PROBE_ARGS=$(mktemp); tail -n +3 "$DECKHAND_IMAGE_FILE" | head -c -1 > "$DECKHAND_PROBE_ARGS"; rm -f "$DECKHAND_IMAGE_FILE"`,
      `[ -s "$DECKHAND_PROBE_ARGS" ] || DECKHAND_PROBE_NS=`,
      `if [ -z "$DECKHAND_LOCKED" ]; then if [ -n "$DECKHAND_PROBE_NS" ]; then echo "DECKHAND_PROBE=$DECKHAND_PROBE_NS $(base64 -w 0 < "$DECKHAND_PROBE_ARGS")"; fi; rm -f "$DECKHAND_PROBE_ARGS"; { stat .kamal/lock-myapp > /dev/null && cat .kamal/lock-myapp/details | base64 -d ; } || true; echo; exit 75; fi`,
      `echo "DECKHAND_BOOT=started"`
    ],
    assumed: { boot: 'started' }
  })
  // Two execs: the boot gets the probe the pull reported.
  assert.equal(
    probeFrom({ args: ['/bin/sh', '-c', 'wget -q -O /dev/null http://127.0.0.1/up || exit 1'], withinNs: 3e9 }),
    `DECKHAND_PROBE_NS=3000000000; DECKHAND_PROBE_ARGS=$(mktemp); printf '%s\\0' /bin/sh -c 'wget -q -O /dev/null http://127.0.0.1/up || exit 1' > "$DECKHAND_PROBE_ARGS"`
  )
  assert.equal(forgetProbe, `rm -f "$DECKHAND_PROBE_ARGS"`)
})
