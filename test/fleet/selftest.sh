#!/usr/bin/env bash
# Checks the test fleet itself (not the action): images, hosts, SSH with strict
# host keys, registry login/pull over HTTP+basic auth, health checks of the demo
# images, the accessory, and the offline Docker install on a bare host.
#
#   test/fleet/selftest.sh            uses hosts fst-d1, fst-d2, fst-b1 (removed at the end)
#   FLEET_SELFTEST_KEEP=1 ...         leave those hosts up
#   FLEET_SELFTEST_DOWN=1 ...         full `fleet.sh down` at the end (network, registry too)
#
# Prints one line per check and a closing "N passed, N failed" line.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
F=$HERE/fleet.sh
D1=fst-d1 D2=fst-d2 B1=fst-b1
pass=0 fail=0

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

check() { # NAME CMD...
  local name=$1 t0 out
  shift
  t0=$(now)
  if out=$("$@" 2>&1); then
    pass=$((pass + 1))
    printf 'ok    %-58s %s\n' "$name" "$(secs "$t0")"
  else
    fail=$((fail + 1))
    printf 'FAIL  %-58s %s\n' "$name" "$(secs "$t0")"
    printf '%s\n' "$out" | tail -n 25 | sed 's/^/      /'
  fi
}

json() { node -e 'const j=JSON.parse(require("fs").readFileSync(0,"utf8")); const v=(new Function("j","return "+process.argv[1]))(j); console.log(typeof v==="string"?v:JSON.stringify(v))' "$1" </var/lib/deckhand-fleet/fleet.json; }
ip_of() { json "j.hosts.find(h => h.name === '$1').ip"; }

sshh() { # IP CMD
  local key kh
  key=$(json j.ssh.privateKeyPath) kh=$(json j.ssh.knownHostsPath)
  ssh -i "$key" -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes \
    -o UserKnownHostsFile="$kh" -o GlobalKnownHostsFile=/dev/null -o ConnectTimeout=5 "root@$1" "$2" </dev/null
}

# wait_for SECONDS CMD... : retry CMD every 0.25s
wait_for() {
  local end=$(( $(date +%s) + $1 ))
  shift
  until "$@"; do
    [ "$(date +%s)" -lt "$end" ] || return 1
    sleep 0.25
  done
}

REG=""
login_cmd() { echo "echo '$(json j.registry.password)' | docker login $REG -u $(json j.registry.username) --password-stdin"; }

t_images() { "$F" images; }
t_up() { "$F" up "$D1" "$D2" "$B1:bare"; }
t_fleet_json() {
  local ip
  for h in "$D1" "$D2" "$B1"; do
    if ! ip=$(ip_of "$h") || [ -z "$ip" ]; then echo "no ip for $h"; return 1; fi
  done
  [ "$(json "j.hosts.find(h => h.name === '$B1').docker")" = false ] || { echo "$B1 should have docker:false"; return 1; }
  for h in "$D1" "$D2" "$B1"; do
    grep -q "^$(ip_of "$h") ssh-ed25519 " "$(json j.ssh.knownHostsPath)" || { echo "no known_hosts line for $h"; return 1; }
  done
  [ "$(json j.registry.server)" = 172.29.77.1:5000 ] || { echo "registry $(json j.registry.server)"; return 1; }
}
t_ssh_docker_info() { sshh "$(ip_of "$D1")" 'docker info --format "{{.ServerVersion}} {{.Driver}}"' | tee /dev/stderr | grep -q overlay2; }
t_bad_password() { ! sshh "$(ip_of "$D1")" "echo wrong | docker login $REG -u deckhand --password-stdin"; }
t_pull_run_v1() {
  sshh "$(ip_of "$D1")" "$(login_cmd) && docker pull -q $REG/deckhand/demo:v1 && docker run -d --name web-v1 -p 8081:80 $REG/deckhand/demo:v1" &&
    wait_for 15 sh -c "[ \"\$(curl -s -m 2 http://$(ip_of "$D1"):8081/)\" = 'demo v1' ]"
}
health_is() { # IP CONTAINER STATUS
  [ "$(sshh "$1" "docker inspect -f '{{.State.Status}}/{{if .State.Health}}{{.State.Health.Status}}{{end}}' $2")" = "$3" ]
}
t_v1_healthy() { wait_for 15 health_is "$(ip_of "$D1")" web-v1 running/healthy; }
t_labels() { [ "$(sshh "$(ip_of "$D1")" "docker inspect -f '{{index .Config.Labels \"service\"}}' web-v1")" = demo ]; }
t_broken_unhealthy() {
  sshh "$(ip_of "$D1")" "docker run -d --name web-broken $REG/deckhand/demo:broken" >/dev/null &&
    wait_for 20 health_is "$(ip_of "$D1")" web-broken running/unhealthy
}
t_nohealth() {
  sshh "$(ip_of "$D1")" "docker run -d --name web-nh -p 8083:80 $REG/deckhand/demo:nohealth" >/dev/null &&
    wait_for 10 sh -c "[ \"\$(curl -s -m 2 http://$(ip_of "$D1"):8083/version)\" = nohealth ]" &&
    health_is "$(ip_of "$D1")" web-nh running/
}
t_stop_fast() { sshh "$(ip_of "$D1")" 'docker stop -t 10 web-v1 >/dev/null && docker inspect -f "{{.State.ExitCode}}" web-v1' | grep -qx 0; }
t_store() {
  local ip
  ip=$(ip_of "$D2")
  sshh "$ip" "$(login_cmd) >/dev/null 2>&1 && docker run -d --name store -p 8080:8080 -v /srv/store:/data $REG/deckhand/store:v1" >/dev/null &&
    wait_for 15 health_is "$ip" store running/healthy &&
    sshh "$ip" 'docker restart -t 5 store >/dev/null' &&
    wait_for 15 sh -c "[ \"\$(curl -s -m 2 http://$ip:8080/boots.log | grep -c '^boot ')\" = 2 ]" &&
    [ "$(sshh "$ip" "docker inspect -f '{{index .Config.Labels \"service\"}}' store")" = demo-store ]
}
t_bare_has_no_docker() { sshh "$(ip_of "$B1")" '! command -v docker && ! command -v dockerd'; }
t_bare_install() {
  sshh "$(ip_of "$B1")" 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io && service docker start && docker info --format "{{.ServerVersion}} {{.Driver}}"'
}
t_bare_pull_run() {
  sshh "$(ip_of "$B1")" "$(login_cmd) && docker run -d --name web -p 80:80 $REG/deckhand/demo:v2" &&
    wait_for 15 sh -c "[ \"\$(curl -s -m 2 http://$(ip_of "$B1")/)\" = 'demo v2' ]" &&
    wait_for 15 health_is "$(ip_of "$B1")" web running/healthy
}
t_exec() { [ "$("$F" exec "$D1" 'hostname; exit 0')" = "$D1" ] && { "$F" exec "$D1" 'exit 7'; [ $? = 7 ]; }; }
t_down_one() { "$F" down "$D2" && [ "$(json "j.hosts.filter(h => h.name === '$D2').length")" = 0 ]; }

check "fleet.sh images" t_images
check "fleet.sh up $D1 $D2 $B1:bare" t_up
if [ $fail -eq 0 ]; then
  REG=$(json j.registry.server)
  check "fleet.json + known_hosts" t_fleet_json
  check "ssh (strict host keys) docker info on $D1" t_ssh_docker_info
  check "registry rejects a wrong password" t_bad_password
  check "login + pull + run demo:v1, served from outside" t_pull_run_v1
  check "demo:v1 becomes healthy" t_v1_healthy
  check "demo:v1 has label service=demo" t_labels
  check "demo:broken is running but unhealthy" t_broken_unhealthy
  check "demo:nohealth runs without a health status" t_nohealth
  check "docker stop of the app is quick and clean" t_stop_fast
  check "store:v1 healthy, boots.log grows on restart" t_store
  check "bare host has no docker" t_bare_has_no_docker
  check "bare host: offline apt install + service docker start" t_bare_install
  check "bare host: login + pull + run demo:v2" t_bare_pull_run
  check "fleet.sh exec (output and exit code)" t_exec
  check "fleet.sh down $D2" t_down_one
fi
if [ "${FLEET_SELFTEST_DOWN:-0}" = 1 ]; then
  check "fleet.sh down" "$F" down
elif [ "${FLEET_SELFTEST_KEEP:-0}" != 1 ]; then
  check "fleet.sh down $D1 $B1" "$F" down "$D1" "$B1"
fi
echo "fleet selftest: $pass passed, $fail failed"
[ $fail -eq 0 ]
