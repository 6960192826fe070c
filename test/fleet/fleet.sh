#!/usr/bin/env bash
# Deckhand test fleet: SSH-reachable Debian "servers" (Docker containers running
# sshd and, optionally, their own dockerd) plus a private registry, so the
# action can be exercised end to end on one machine without internet access.
#
#   fleet.sh images                     build/cache host + app images, start registry, push app images
#   fleet.sh up NAME[:bare] ...         (re)create hosts, wait for sshd (+ inner docker), write fleet.json
#   fleet.sh down [NAME ...]            remove named hosts, or everything (hosts, network, registry)
#   fleet.sh exec NAME CMD...           docker exec -i deckhand-fleet-NAME sh -c "CMD..."
#   fleet.sh status                     refresh and print fleet.json
#
# See test/fleet/README.md for the interface and caveats.
set -euo pipefail

# ---------------------------------------------------------------------------
# Fixed settings (the interface; tests read them back from fleet.json)
# ---------------------------------------------------------------------------
STATE=${FLEET_STATE:-/var/lib/deckhand-fleet}
NET_NAME=deckhand-fleet
NET_PREFIX=172.29.77
NET_SUBNET=$NET_PREFIX.0/24
NET_GATEWAY=$NET_PREFIX.1
NET_BRIDGE=dh-fleet0
FIRST_HOST_OCTET=10
REGISTRY_PORT=5000
REGISTRY_ADDR=$NET_GATEWAY:$REGISTRY_PORT        # what the hosts use
REGISTRY_PUSH=127.0.0.1:$REGISTRY_PORT           # what the outer dockerd pushes to
REGISTRY_USER=deckhand
REGISTRY_PASSWORD=fleet-registry-pw
SUITE=bookworm
HOST_IMAGE=deckhand-host
BUSYBOX_IMAGE=deckhand-busybox:latest
APP_VERSIONS=(v1 v2 broken nohealth)
CONTAINER_PREFIX=deckhand-fleet-
FLEET_LABEL=deckhand.fleet
# Bump when the image recipes below change: cached images with another
# revision are rebuilt. The files the images are made of (host/ and images/
# next to this script) need no bump: a hash of them is a label of the images
# too (deckhand.fleet.src), so editing one rebuilds the images made of it.
IMAGE_REV=3
# The kamal-proxy test double (test/fleet/kamal-proxy/): built from this
# machine's node binary and the double's source, pushed under kamal-proxy's own
# repository name, so hosts pull <registry>/basecamp/kamal-proxy:v0.9.2. It is
# rebuilt when its source, node or IMAGE_REV change (a content label: no bump
# needed for it, and the host images other checkouts share are not rebuilt).
FLEET_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROXY_SRC=$FLEET_DIR/kamal-proxy/kamal-proxy.cjs
PROXY_LOCAL_IMAGE=deckhand-kamal-proxy:v0.9.2
PROXY_REPOSITORY=basecamp/kamal-proxy
PROXY_VERSION=v0.9.2
# Files of the host images, at their paths in the rootfs (see install_host_files),
# and of the demo and store images (one folder each).
HOST_FILES=$FLEET_DIR/host
APP_FILES=$FLEET_DIR/images

SSH_DIR=$STATE/ssh
SSH_KEY=$SSH_DIR/id_ed25519
KNOWN_HOSTS=$STATE/known_hosts
FLEET_JSON=$STATE/fleet.json
REG_DIR=$STATE/registry
REG_PIDFILE=$REG_DIR/registry.pid
LOG_DIR=$STATE/logs
BUILD_DIR=$STATE/build
DOCKERD_LOG=/var/log/deckhand-dockerd.log
DOCKERD_PIDFILE=/var/run/deckhand-dockerd.pid
OUTER_DAEMON_JSON=/etc/docker/daemon.json
UP_TIMEOUT=${FLEET_UP_TIMEOUT:-120}

# Outer-machine Debian packages this script needs.
REQUIRED_PKGS=(docker.io debootstrap docker-registry busybox-static openssh-client
  apache2-utils apt-utils dpkg-dev iproute2 iptables curl ca-certificates util-linux jq)

# Host containers cannot be --privileged here (no CAP_SYS_RESOURCE on this machine).
# shellcheck disable=SC2054  # commas inside --tmpfs options
HOST_RUN_OPTS=(--cap-add ALL --cap-drop SYS_RESOURCE
  --security-opt seccomp=unconfined --security-opt apparmor=unconfined
  --security-opt systempaths=unconfined --cgroupns=private
  --device-cgroup-rule 'a *:* rwm'
  --tmpfs /run:rw,exec,nosuid,nodev,mode=755,size=512m
  --init
  # Names resolve only inside the fleet network (hosts by NAME or container
  # name); other lookups fail within ~2s, so nothing reaches for the internet
  # (e.g. Docker Hub for an image reference without the registry prefix).
  --dns "${FLEET_HOST_DNS:-$NET_GATEWAY}" --dns-option timeout:1 --dns-option attempts:1)

export DOCKER_BUILDKIT=0   # no buildx on this machine: use the classic builder
export DEBIAN_FRONTEND=noninteractive

log() { printf 'fleet: %s\n' "$*" >&2; }
die() { printf 'fleet: ERROR: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# Run a step with its output in a log file; on failure show the tail.
run_logged() { # LOGNAME CMD...
  local name=$1; shift
  mkdir -p "$LOG_DIR"
  if ! "$@" >"$LOG_DIR/$name.log" 2>&1; then
    log "step '$name' failed; last lines of $LOG_DIR/$name.log:"
    tail -n 40 "$LOG_DIR/$name.log" >&2
    exit 1
  fi
}

lock() {
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  if ! flock -w 900 9; then die "could not take $STATE/.lock (another fleet.sh running?)"; fi
}

# ---------------------------------------------------------------------------
# Outer machine: packages, dockerd
# ---------------------------------------------------------------------------
ensure_packages() {
  local missing=() p
  for p in "${REQUIRED_PKGS[@]}"; do
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
      missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  run_logged apt-update apt-get update -q
  run_logged apt-install apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Debian's init script does `ulimit -n 1048576`, which fails without
# CAP_SYS_RESOURCE; make it best-effort so `service docker start` works too.
fix_outer_init_script() {
  local f=/etc/init.d/docker
  [ -f "$f" ] || return 0
  grep -qE '^[[:space:]]*ulimit [^|]*$' "$f" || return 0
  sed -i -E 's/^([[:space:]]*ulimit [^|]*[^|[:space:]])[[:space:]]*$/\1 2>\/dev\/null || true/' "$f" || true
}

docker_ok() { docker info >/dev/null 2>&1; }

# The outer dockerd also reaches the registry at the hosts' address (REGISTRY_ADDR, plain HTTP), so
# that an image built on this machine (the action's build on the runner) is pushed under the very
# name the hosts pull. Only 127.0.0.0/8 is insecure by default: add REGISTRY_ADDR to the
# insecure-registries of /etc/docker/daemon.json (kept otherwise) and, when dockerd already runs,
# reload it with SIGHUP (insecure-registries is reloadable; running containers are untouched).
outer_registry_insecure() {
  docker info --format '{{range .RegistryConfig.IndexConfigs}}{{.Name}} {{.Secure}}{{"\n"}}{{end}}' 2>/dev/null |
    grep -qx "$REGISTRY_ADDR false"
}

ensure_outer_daemon_json() {
  local tmp
  mkdir -p "$(dirname "$OUTER_DAEMON_JSON")"
  [ -s "$OUTER_DAEMON_JSON" ] || echo '{}' >"$OUTER_DAEMON_JSON"
  jq -e --arg r "$REGISTRY_ADDR" '(."insecure-registries" // []) | index($r)' "$OUTER_DAEMON_JSON" >/dev/null && return 0
  tmp=$(mktemp "$OUTER_DAEMON_JSON.XXXXXX")
  jq --arg r "$REGISTRY_ADDR" '."insecure-registries" = ((."insecure-registries" // []) + [$r])' \
    "$OUTER_DAEMON_JSON" >"$tmp"
  chmod 644 "$tmp"
  mv "$tmp" "$OUTER_DAEMON_JSON"
  log "added $REGISTRY_ADDR to the insecure-registries of $OUTER_DAEMON_JSON"
}

ensure_outer_registry_access() {
  ensure_outer_daemon_json
  outer_registry_insecure && return 0
  local pid i
  pid=$(cat /var/run/docker.pid 2>/dev/null || true)
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
    die "dockerd runs without /var/run/docker.pid: add $REGISTRY_ADDR to its insecure registries by hand"
  fi
  log "reloading dockerd (pid $pid) for the insecure registry $REGISTRY_ADDR"
  kill -HUP "$pid"
  for i in $(seq 1 40); do
    outer_registry_insecure && return 0
    sleep 0.25
  done
  die "dockerd did not take $REGISTRY_ADDR as an insecure registry (see its log, e.g. $DOCKERD_LOG)"
}

ensure_dockerd() {
  ensure_outer_daemon_json
  if docker_ok; then
    ensure_outer_registry_access
    return 0
  fi
  fix_outer_init_script
  local pid=""
  [ -f "$DOCKERD_PIDFILE" ] && pid=$(cat "$DOCKERD_PIDFILE" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -qa dockerd "/proc/$pid/cmdline" 2>/dev/null; then
    log "waiting for dockerd (pid $pid)"
  else
    log "starting dockerd (log $DOCKERD_LOG)"
    (
      ulimit -n 1048576 2>/dev/null || true
      cd /
      setsid nohup dockerd --pidfile /var/run/docker.pid >>"$DOCKERD_LOG" 2>&1 </dev/null 9>&- &
      echo $! >"$DOCKERD_PIDFILE"
    )
  fi
  local i
  for i in $(seq 1 120); do
    if docker_ok; then
      ensure_outer_registry_access
      return 0
    fi
    sleep 0.5
  done
  tail -n 30 "$DOCKERD_LOG" >&2 || true
  die "dockerd did not come up within 60s (see $DOCKERD_LOG)"
}

# ---------------------------------------------------------------------------
# SSH key
# ---------------------------------------------------------------------------
ensure_ssh_key() {
  mkdir -p "$SSH_DIR"
  chmod 700 "$SSH_DIR"
  if [ ! -s "$SSH_KEY" ] || [ ! -s "$SSH_KEY.pub" ]; then
    rm -f "$SSH_KEY" "$SSH_KEY.pub"
    ssh-keygen -q -t ed25519 -N '' -C deckhand-fleet -f "$SSH_KEY"
  fi
  chmod 600 "$SSH_KEY"
  chmod 644 "$SSH_KEY.pub"
}

# ---------------------------------------------------------------------------
# Host images
# ---------------------------------------------------------------------------
image_label() { docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true; } # IMAGE LABEL
image_current() { [ "${FLEET_REBUILD:-0}" != 1 ] && [ "$(image_label "$1" deckhand.fleet.rev)" = "$IMAGE_REV" ]; }

# A hash of the files under DIR (path, executable or not, content) and the
# extra words: what an image was built from. Owners, times and umask-dependent
# modes of the checkout do not count.
files_rev() { # DIR EXTRA...
  local dir=$1 f
  shift
  {
    echo "$*"
    while IFS= read -r f; do
      if [ -x "$dir/$f" ]; then echo "755 $f"; else echo "644 $f"; fi
      sha256sum <"$dir/$f"
    done < <(cd "$dir" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
  } | sha256sum | cut -c1-16
}
# The host images are made of host/ and the values substituted into it.
host_src_rev() { files_rev "$HOST_FILES" "$IMAGE_REV" "$REGISTRY_ADDR" "$NET_GATEWAY"; }
app_src_rev() { files_rev "$APP_FILES" "$IMAGE_REV"; }
# Current: IMAGE_REV as before (so checkouts that only know IMAGE_REV keep
# sharing these images) and built from the files as they are now.
src_current() { image_current "$1" && [ "$(image_label "$1" deckhand.fleet.src)" = "$2" ]; } # IMAGE REV
host_images_current() {
  local rev
  rev=$(host_src_rev)
  src_current "$HOST_IMAGE:docker" "$rev" && src_current "$HOST_IMAGE:bare" "$rev"
}

# First bookworm mirror URI from the machine's apt sources.
debian_mirror() {
  local m="" f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    m=$(awk -v suite="$SUITE" 'BEGIN { RS = ""; FS = "\n" }
      { uris = ""; suites = ""
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/)   { u = $i; sub(/^URIs:[ \t]*/, "", u); uris = u }
          if ($i ~ /^Suites:/) { s = $i; sub(/^Suites:[ \t]*/, "", s); suites = " " s " " }
        }
        if (uris != "" && index(suites, " " suite " ")) { split(uris, a, /[ \t]+/); print a[1]; exit }
      }' "$f")
    [ -n "$m" ] && break
  done
  if [ -z "$m" ] && [ -f /etc/apt/sources.list ]; then
    m=$(awk -v suite="$SUITE" '$1 == "deb" { for (i = 2; i < NF; i++) if ($i ~ /^[a-z]+:/ && $(i+1) == suite) { print $i; exit } }' /etc/apt/sources.list)
  fi
  echo "${m:-http://deb.debian.org/debian}"
}

# Copy host/ into the rootfs: host/etc/ssh/sshd_config.d/deckhand-fleet.conf
# becomes /etc/ssh/sshd_config.d/deckhand-fleet.conf, and so on. Files that are
# executable in the checkout get mode 755, the others 644, all owned by root.
# etc/docker/daemon.json is a template: it holds the registry address and the
# DNS server, which are settings at the top of this script, so the file says
# @REGISTRY_ADDR@ and @NET_GATEWAY@ and they are replaced here (host_src_rev
# hashes the values too).
install_host_files() { # ROOT
  local r=$1 f mode
  while IFS= read -r f; do
    if [ -x "$HOST_FILES/$f" ]; then mode=755; else mode=644; fi
    (umask 022 && mkdir -p "$r/$(dirname "$f")")
    install -m "$mode" -o 0 -g 0 "$HOST_FILES/$f" "$r/$f"
  done < <(cd "$HOST_FILES" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
  sed -i -e "s|@REGISTRY_ADDR@|$REGISTRY_ADDR|g" -e "s|@NET_GATEWAY@|$NET_GATEWAY|g" "$r/etc/docker/daemon.json"
  if grep -q '@[A-Z_]*@' "$r/etc/docker/daemon.json"; then die "placeholder left in etc/docker/daemon.json"; fi
}

configure_host_common() { # ROOT
  local r=$1
  # sshd: key-only root login (sshd_config.d/deckhand-fleet.conf); host keys
  # are generated per host at start (deckhand-host-entrypoint).
  rm -f "$r"/etc/ssh/ssh_host_*
  # pam_loginuid cannot always write /proc/self/loginuid in a container.
  sed -i -E 's/^(session[[:space:]]+)required([[:space:]]+pam_loginuid\.so)/\1optional\2/' "$r/etc/pam.d/sshd"
  # Non-comment "cgroup" in fstab: the docker init script then leaves the
  # (runtime-provided) cgroup mounts alone instead of trying to mount more.
  printf '# deckhand-fleet: cgroups are mounted by the container runtime\ncgroup /sys/fs/cgroup cgroup noauto 0 0\n' >>"$r/etc/fstab"
  # host/: the sshd config, the entrypoint, daemon.json, the docker init
  # script fix with its apt hook and best-effort ulimit, and policy-rc.d (no
  # init system: package installs, the docker.io one below included, do not
  # start services; `service docker start` does not consult it).
  install_host_files "$r"
  mkdir -p "$r/etc/deckhand"
  echo "$IMAGE_REV" >"$r/etc/deckhand/image-rev"
}

clean_rootfs() { # ROOT
  local r=$1
  chroot "$r" apt-get clean
  rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/*.bin "$r"/var/log/apt/* "$r"/var/log/dpkg.log \
    "$r"/var/log/bootstrap.log "$r"/tmp/* "$r"/root/.bash_history "$r/etc/resolv.conf"
  mkdir -p "$r/var/lib/apt/lists/partial"
  : >"$r/etc/hostname"
}

import_rootfs() { # ROOT IMAGE SRC_REV
  tar -C "$1" --numeric-owner -c . | docker import \
    -c "LABEL deckhand.fleet.rev=$IMAGE_REV" -c "LABEL deckhand.fleet.src=$3" \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'VOLUME /var/lib/docker' \
    -c 'ENTRYPOINT ["/usr/local/sbin/deckhand-host-entrypoint"]' \
    - "$2" >/dev/null
}

build_host_images() {
  local t0 base dock mirror rev
  t0=$(now)
  rev=$(host_src_rev)
  mirror=$(debian_mirror)
  log "building host images from debootstrap ($SUITE, $mirror)"
  rm -rf "$BUILD_DIR"
  mkdir -p "$BUILD_DIR" "$STATE/cache/debootstrap"
  base=$BUILD_DIR/rootfs-bare
  dock=$BUILD_DIR/rootfs-docker

  run_logged debootstrap debootstrap --variant=minbase \
    --include=openssh-server,iproute2,ca-certificates,procps,init-system-helpers,netbase,wget,less,xz-utils,sudo \
    --cache-dir="$STATE/cache/debootstrap" "$SUITE" "$base" "$mirror"
  chroot "$base" apt-get clean
  configure_host_common "$base"

  # Docker variant: the same rootfs plus docker.io from the machine's apt sources.
  cp -a "$base" "$dock"
  rm -f "$dock/etc/apt/sources.list"
  rm -f "$dock"/etc/apt/sources.list.d/*
  if [ -f /etc/apt/sources.list ]; then cp /etc/apt/sources.list "$dock/etc/apt/sources.list"; fi
  cp /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list "$dock/etc/apt/sources.list.d/" 2>/dev/null || true
  [ -s "$dock/etc/apt/sources.list" ] || ls "$dock"/etc/apt/sources.list.d/* >/dev/null 2>&1 ||
    echo "deb $mirror $SUITE main" >"$dock/etc/apt/sources.list"
  cp /etc/resolv.conf "$dock/etc/resolv.conf"
  run_logged chroot-apt-update chroot "$dock" apt-get update -q
  run_logged chroot-install-docker chroot "$dock" apt-get install -y -q --no-install-recommends docker.io
  chroot "$dock" /usr/local/sbin/deckhand-fix-docker-init
  grep -q deckhand-fleet "$dock/etc/init.d/docker" || die "patching /etc/init.d/docker in the image failed"

  # Bare variant: no docker, but an offline apt repository with exactly the
  # .debs that installing docker.io on this rootfs needs.
  mkdir -p "$base/srv/debs"
  cp "$dock"/var/cache/apt/archives/*.deb "$base/srv/debs/"
  (cd "$base/srv/debs" && dpkg-scanpackages -m . /dev/null >Packages 2>/dev/null && gzip -9kf Packages &&
    apt-ftparchive release . >Release)
  chmod -R a+rX "$base/srv"
  rm -f "$base/etc/apt/sources.list"
  rm -f "$base"/etc/apt/sources.list.d/*
  echo 'deb [trusted=yes] file:/srv/debs ./' >"$base/etc/apt/sources.list.d/deckhand-local.list"

  clean_rootfs "$dock"
  clean_rootfs "$base"
  run_logged import-docker import_rootfs "$dock" "$HOST_IMAGE:docker" "$rev"
  run_logged import-bare import_rootfs "$base" "$HOST_IMAGE:bare" "$rev"
  rm -rf "$BUILD_DIR"
  log "host images built in $(elapsed "$t0")"
}

# ---------------------------------------------------------------------------
# App images (local files only)
# ---------------------------------------------------------------------------
build_busybox_image() {
  local r=$BUILD_DIR/busybox a
  rm -rf "$r"
  mkdir -p "$r/bin" "$r/etc" "$r/tmp" "$r/root" "$r/www" "$r/data" "$r/var/log"
  cp /bin/busybox "$r/bin/busybox"
  for a in $(/bin/busybox --list); do
    [ "$a" = busybox ] || ln -s busybox "$r/bin/$a"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$r/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
  chmod 1777 "$r/tmp"
  tar -C "$r" --numeric-owner -c . | docker import \
    -c "LABEL deckhand.fleet.rev=$IMAGE_REV" \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'CMD ["sh"]' - "$BUSYBOX_IMAGE" >/dev/null
  rm -rf "$r"
}

# The Dockerfiles stay generated here: they are a few lines that hold
# BUSYBOX_IMAGE, IMAGE_REV, the source hash and, for demo, the per-version
# health check; as files they would be templates with nearly every line
# substituted.
build_demo_image() { # VERSION SRC_REV
  local v=$1 rev=$2 ctx=$BUILD_DIR/ctx-demo-$1 health
  rm -rf "$ctx"
  mkdir -p "$ctx/www"
  printf 'demo %s' "$v" >"$ctx/www/index.html"
  printf '%s' "$v" >"$ctx/www/version"
  # demo:broken has no /up: httpd runs but the health check always fails.
  [ "$v" = broken ] || printf 'ok' >"$ctx/www/up"
  # images/demo/demo-start says @VERSION@ where the version goes.
  sed "s|@VERSION@|$v|g" "$APP_FILES/demo/demo-start" >"$ctx/demo-start"
  chmod 755 "$ctx/demo-start"
  health='HEALTHCHECK --interval=1s --timeout=2s --retries=3 CMD wget -q -O /dev/null http://127.0.0.1/up || exit 1'
  [ "$v" = nohealth ] && health='# (no HEALTHCHECK)'
  cat >"$ctx/Dockerfile" <<EOF
FROM $BUSYBOX_IMAGE
LABEL service="demo" deckhand.fleet.rev="$IMAGE_REV" deckhand.fleet.src="$rev"
COPY www/ /www/
COPY demo-start /bin/demo-start
EXPOSE 80
$health
CMD ["/bin/demo-start"]
EOF
  docker build -q -t "demo:$v" "$ctx" >/dev/null
  rm -rf "$ctx"
}

build_store_image() { # SRC_REV
  local rev=$1 ctx=$BUILD_DIR/ctx-store
  rm -rf "$ctx"
  mkdir -p "$ctx"
  cp "$APP_FILES/store/store-start" "$ctx/store-start"
  chmod 755 "$ctx/store-start"
  cat >"$ctx/Dockerfile" <<EOF
FROM $BUSYBOX_IMAGE
LABEL service="demo-store" deckhand.fleet.rev="$IMAGE_REV" deckhand.fleet.src="$rev"
COPY store-start /bin/store-start
EXPOSE 8080
HEALTHCHECK --interval=1s --timeout=2s --retries=3 CMD wget -q -O /dev/null http://127.0.0.1:8080/boots.log || exit 1
CMD ["/bin/store-start"]
EOF
  docker build -q -t store:v1 "$ctx" >/dev/null
  rm -rf "$ctx"
}

build_app_images() {
  local t0 v built=0 rev
  t0=$(now)
  rev=$(app_src_rev)
  mkdir -p "$BUILD_DIR"
  if ! image_current "$BUSYBOX_IMAGE"; then run_logged build-busybox build_busybox_image; built=1; fi
  for v in "${APP_VERSIONS[@]}"; do
    if [ $built = 1 ] || ! src_current "demo:$v" "$rev"; then run_logged "build-demo-$v" build_demo_image "$v" "$rev"; built=1; fi
  done
  if [ $built = 1 ] || ! src_current store:v1 "$rev"; then run_logged build-store build_store_image "$rev"; built=1; fi
  [ $built = 1 ] && log "app images built in $(elapsed "$t0")"
  rmdir "$BUILD_DIR" 2>/dev/null || true
  return 0
}

# The kamal-proxy double: busybox + node (and the shared libraries ldd lists) +
# the double's script. A label records what it was built from.
proxy_src_rev() {
  { cat "$PROXY_SRC"; node --version; echo "$IMAGE_REV"; } | sha256sum | cut -c1-16
}

proxy_image_current() {
  [ "${FLEET_REBUILD:-0}" != 1 ] &&
    [ "$(docker image inspect -f '{{ index .Config.Labels "deckhand.fleet.proxy-src" }}' "$PROXY_LOCAL_IMAGE" 2>/dev/null)" = "$(proxy_src_rev)" ]
}

build_proxy_image() {
  local ctx=$BUILD_DIR/ctx-kamal-proxy node lib rev
  node=$(readlink -f "$(command -v node)") || die "node is needed to build the kamal-proxy double"
  rev=$(proxy_src_rev)
  rm -rf "$ctx"
  mkdir -p "$ctx/root/usr/local/bin" "$ctx/root/usr/local/lib/kamal-proxy" \
    "$ctx/root/home/kamal-proxy/.config/kamal-proxy" "$ctx/root/home/kamal-proxy/.apps-config"
  cp "$node" "$ctx/root/usr/local/bin/node"
  for lib in $(ldd "$node" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
    mkdir -p "$ctx/root$(dirname "$lib")"
    cp -L "$lib" "$ctx/root$lib"
  done
  cp "$PROXY_SRC" "$ctx/root/usr/local/lib/kamal-proxy/kamal-proxy.cjs"
  cat >"$ctx/root/usr/local/bin/kamal-proxy" <<'WRAPPER'
#!/bin/sh
# kamal-proxy TEST DOUBLE (see kamal-proxy.cjs), not basecamp/kamal-proxy
exec /usr/local/bin/node /usr/local/lib/kamal-proxy/kamal-proxy.cjs "$@"
WRAPPER
  chmod 755 "$ctx/root/usr/local/bin/kamal-proxy"
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $BUSYBOX_IMAGE
COPY root/ /
RUN echo 'kamal-proxy:x:1001:1001::/home/kamal-proxy:/bin/sh' >> /etc/passwd && echo 'kamal-proxy:x:1001:' >> /etc/group && chown -R 1001:1001 /home/kamal-proxy
USER kamal-proxy:kamal-proxy
LABEL org.opencontainers.image.title="kamal-proxy" deckhand.fleet.rev="$IMAGE_REV" deckhand.fleet.proxy-src="$rev" deckhand.fleet.note="test double of kamal-proxy, see test/fleet/kamal-proxy"
EXPOSE 80 443
CMD ["kamal-proxy", "run"]
DOCKERFILE
  docker build -q -t "$PROXY_LOCAL_IMAGE" "$ctx" >/dev/null
  docker run --rm "$PROXY_LOCAL_IMAGE" node -e 'process.exit(0)' || die "node does not run in the kamal-proxy double"
  rm -rf "$ctx"
}

ensure_proxy_image() {
  proxy_image_current && return 0
  mkdir -p "$BUILD_DIR"
  run_logged build-kamal-proxy build_proxy_image
  rmdir "$BUILD_DIR" 2>/dev/null || true
  log "kamal-proxy double built"
}

# ---------------------------------------------------------------------------
# Registry (Debian's docker-registry as a plain background process)
# ---------------------------------------------------------------------------
registry_pid() {
  local pid
  [ -f "$REG_PIDFILE" ] || return 1
  pid=$(cat "$REG_PIDFILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -qa docker-registry "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

registry_http_code() { curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$REGISTRY_PORT/v2/" 2>/dev/null || true; }

ensure_registry() {
  mkdir -p "$REG_DIR/data"
  if [ ! -s "$REG_DIR/htpasswd" ] || ! htpasswd -vb "$REG_DIR/htpasswd" "$REGISTRY_USER" "$REGISTRY_PASSWORD" >/dev/null 2>&1; then
    htpasswd -Bbn "$REGISTRY_USER" "$REGISTRY_PASSWORD" >"$REG_DIR/htpasswd" 2>/dev/null
  fi
  cat >"$REG_DIR/config.yml.new" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $REG_DIR/data
  delete:
    enabled: true
http:
  addr: 0.0.0.0:$REGISTRY_PORT
  secret: deckhand-fleet-test-registry
auth:
  htpasswd:
    realm: deckhand-fleet
    path: $REG_DIR/htpasswd
EOF
  mv "$REG_DIR/config.yml.new" "$REG_DIR/config.yml"
  registry_pid >/dev/null && return 0
  if [ "$(registry_http_code)" != 000 ]; then
    die "something else already listens on port $REGISTRY_PORT (not the registry from $REG_PIDFILE)"
  fi
  (
    cd /
    setsid nohup docker-registry serve "$REG_DIR/config.yml" >>"$REG_DIR/registry.log" 2>&1 </dev/null 9>&- &
    echo $! >"$REG_PIDFILE"
  )
  local i
  for i in $(seq 1 80); do
    [ "$(registry_http_code)" = 401 ] && return 0
    registry_pid >/dev/null || break
    sleep 0.25
  done
  tail -n 20 "$REG_DIR/registry.log" >&2 || true
  die "registry did not come up on :$REGISTRY_PORT (log $REG_DIR/registry.log)"
}

stop_registry() {
  local pid i
  pid=$(registry_pid) || { rm -f "$REG_PIDFILE"; return 0; }
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -f "$REG_PIDFILE"
}

push_images() {
  local dcfg=$STATE/docker-config ref id stamp tagdir name tag
  mkdir -p "$dcfg" "$REG_DIR/pushed"
  local refs=()
  for tag in "${APP_VERSIONS[@]}"; do refs+=("demo:$tag"); done
  refs+=(store:v1)
  local logged_in=0
  for ref in "${refs[@]}"; do
    name=${ref%%:*}; tag=${ref#*:}
    id=$(docker image inspect -f '{{.Id}}' "$ref")
    stamp=$REG_DIR/pushed/$name-$tag
    tagdir=$REG_DIR/data/docker/registry/v2/repositories/deckhand/$name/_manifests/tags/$tag
    if [ -d "$tagdir" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$id" ]; then continue; fi
    if [ $logged_in = 0 ]; then
      printf '%s' "$REGISTRY_PASSWORD" | DOCKER_CONFIG=$dcfg docker login "$REGISTRY_PUSH" -u "$REGISTRY_USER" --password-stdin >/dev/null
      logged_in=1
    fi
    docker tag "$ref" "$REGISTRY_PUSH/deckhand/$ref"
    DOCKER_CONFIG=$dcfg docker push "$REGISTRY_PUSH/deckhand/$ref" >/dev/null
    echo "$id" >"$stamp"
  done
  # The kamal-proxy double, under kamal-proxy's own repository and version.
  id=$(docker image inspect -f '{{.Id}}' "$PROXY_LOCAL_IMAGE")
  stamp=$REG_DIR/pushed/kamal-proxy-$PROXY_VERSION
  tagdir=$REG_DIR/data/docker/registry/v2/repositories/$PROXY_REPOSITORY/_manifests/tags/$PROXY_VERSION
  if ! [ -d "$tagdir" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$id" ]; then
    if [ $logged_in = 0 ]; then
      printf '%s' "$REGISTRY_PASSWORD" | DOCKER_CONFIG=$dcfg docker login "$REGISTRY_PUSH" -u "$REGISTRY_USER" --password-stdin >/dev/null
    fi
    docker tag "$PROXY_LOCAL_IMAGE" "$REGISTRY_PUSH/$PROXY_REPOSITORY:$PROXY_VERSION"
    DOCKER_CONFIG=$dcfg docker push "$REGISTRY_PUSH/$PROXY_REPOSITORY:$PROXY_VERSION" >/dev/null
    echo "$id" >"$stamp"
  fi
}

# ---------------------------------------------------------------------------
# images
# ---------------------------------------------------------------------------
images_ready() {
  local v rev
  rev=$(app_src_rev)
  host_images_current && image_current "$BUSYBOX_IMAGE" &&
    src_current store:v1 "$rev" && proxy_image_current || return 1
  for v in "${APP_VERSIONS[@]}"; do src_current "demo:$v" "$rev" || return 1; done
}

cmd_images() {
  local t0
  t0=$(now)
  ensure_packages
  ensure_dockerd
  ensure_ssh_key
  host_images_current || build_host_images
  build_app_images
  ensure_proxy_image
  # Drop superseded (now untagged) fleet images.
  docker image prune -f --filter "label=deckhand.fleet.rev" >/dev/null 2>&1 || true
  ensure_registry
  run_logged push push_images
  log "images ready ($(elapsed "$t0"))"
}

# ---------------------------------------------------------------------------
# Hosts
# ---------------------------------------------------------------------------
ensure_network() {
  docker network inspect "$NET_NAME" >/dev/null 2>&1 && return 0
  docker network create --driver bridge --subnet "$NET_SUBNET" --gateway "$NET_GATEWAY" \
    --label "$FLEET_LABEL=1" -o "com.docker.network.bridge.name=$NET_BRIDGE" "$NET_NAME" >/dev/null
}

# Running fleet containers: "octet name variant container" lines, sorted by IP.
fleet_hosts() {
  local ids
  ids=$(docker ps -q --filter "label=$FLEET_LABEL=1") || return 0
  [ -n "$ids" ] || return 0
  # shellcheck disable=SC2086  # $ids: one container ID per line, split on purpose
  docker inspect -f "{{ index .Config.Labels \"$FLEET_LABEL.name\" }} {{ index .Config.Labels \"$FLEET_LABEL.variant\" }} {{ .Name }} {{ with index .NetworkSettings.Networks \"$NET_NAME\" }}{{ .IPAddress }}{{ end }}" $ids |
    awk 'NF == 4 { n = split($4, o, "."); sub(/^\//, "", $3); print o[n], $1, $2, $3 }' | sort -n
}

host_keys_lines() { # CONTAINER IP
  docker exec "$1" sh -c 'cat /etc/ssh/ssh_host_*_key.pub' 2>/dev/null | awk -v ip="$2" 'NF >= 2 { print ip, $1, $2 }'
}

write_state() {
  local tmpk tmpj first=1 octet name variant cname ip docker_json
  mkdir -p "$STATE"
  tmpk=$(mktemp "$STATE/.known_hosts.XXXXXX")
  tmpj=$(mktemp "$STATE/.fleet.json.XXXXXX")
  {
    printf '{"registry": {"server": "%s", "username": "%s", "password": "%s", "pushServer": "%s"},\n' \
      "$REGISTRY_ADDR" "$REGISTRY_USER" "$REGISTRY_PASSWORD" "$REGISTRY_PUSH"
    printf ' "ssh": {"user": "root", "port": 22, "privateKeyPath": "%s", "knownHostsPath": "%s"},\n' "$SSH_KEY" "$KNOWN_HOSTS"
    printf ' "network": {"name": "%s", "subnet": "%s", "gateway": "%s"},\n' "$NET_NAME" "$NET_SUBNET" "$NET_GATEWAY"
    printf ' "hosts": ['
    while read -r octet name variant cname; do
      ip=$NET_PREFIX.$octet
      docker_json=true
      [ "$variant" = bare ] && docker_json=false
      [ $first = 1 ] || printf ','
      first=0
      printf '\n   {"name": "%s", "ip": "%s", "docker": %s, "container": "%s"}' "$name" "$ip" "$docker_json" "$cname"
      host_keys_lines "$cname" "$ip" >>"$tmpk" || true
    done < <(fleet_hosts)
    [ $first = 1 ] || printf '\n  '
    printf '],\n'
    local vs="" v
    for v in "${APP_VERSIONS[@]}"; do vs+="${vs:+, }\"$v\""; done
    printf ' "images": {"app": "deckhand/demo", "versions": [%s], "accessory": "deckhand/store:v1"}}\n' "$vs"
  } >"$tmpj"
  chmod 644 "$tmpj" "$tmpk"
  mv "$tmpk" "$KNOWN_HOSTS"
  mv "$tmpj" "$FLEET_JSON"
}

used_octets() { fleet_hosts | awk '{ print $1 }'; }

ssh_probe() { # IP KNOWN_HOSTS CMD
  ssh -i "$SSH_KEY" -o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=3 \
    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$2" -o GlobalKnownHostsFile=/dev/null \
    -o LogLevel=ERROR -n "root@$1" "$3" </dev/null
}

# Wait for one host; runs in the background, result in $dir/NAME.
wait_host() { # NAME IP VARIANT DIR DEADLINE
  local name=$1 ip=$2 variant=$3 dir=$4 deadline=$5 c=$CONTAINER_PREFIX$1 kh=$4/$1.known_hosts
  local stage="container start"
  while :; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "timed out waiting for $stage" >"$dir/$name"
      return 1
    fi
    if [ "$(docker inspect -f '{{.State.Running}}' "$c" 2>/dev/null)" != true ]; then
      echo "container $c is not running: $(docker logs --tail 20 "$c" 2>&1 | tr '\n' ' ')" >"$dir/$name"
      return 1
    fi
    case $stage in
      "container start")
        docker exec "$c" test -e /run/deckhand/entrypoint-done 2>/dev/null && stage=sshd ;;
      sshd)
        host_keys_lines "$c" "$ip" >"$kh" || true
        if [ -s "$kh" ] && ssh_probe "$ip" "$kh" true >/dev/null 2>&1; then
          if [ "$variant" = docker ]; then stage="docker info"; else echo ok >"$dir/$name"; return 0; fi
        fi ;;
      "docker info")
        if ssh_probe "$ip" "$kh" 'docker info' >/dev/null 2>&1; then echo ok >"$dir/$name"; return 0; fi ;;
    esac
    sleep 0.3
  done
}

remove_hosts() { # CONTAINER...
  [ $# -gt 0 ] || return 0
  docker rm -f -v "$@" >/dev/null 2>&1 || true
}

cmd_up() {
  [ $# -gt 0 ] || die "usage: fleet.sh up NAME[:bare] [NAME[:bare] ...]"
  local t0 spec name variant names=() variants=() seen=" "
  t0=$(now)
  for spec in "$@"; do
    name=${spec%%:*}
    variant=docker
    if [ "$spec" != "$name" ]; then
      [ "${spec#*:}" = bare ] || die "bad host spec '$spec' (NAME or NAME:bare)"
      variant=bare
    fi
    [[ $name =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?$ ]] || die "bad host name '$name' (lowercase letters, digits, dashes)"
    case $seen in *" $name "*) die "host '$name' given twice" ;; esac
    seen+="$name "
    names+=("$name"); variants+=("$variant")
  done

  ensure_packages
  ensure_dockerd
  ensure_ssh_key
  images_ready || cmd_images
  ensure_registry
  run_logged push push_images   # no-op unless the registry lost an image
  ensure_network

  # Fresh hosts: remove same-named ones (any state) first.
  local existing=() i
  for name in "${names[@]}"; do
    if docker container inspect "$CONTAINER_PREFIX$name" >/dev/null 2>&1; then existing+=("$CONTAINER_PREFIX$name"); fi
  done
  remove_hosts "${existing[@]+"${existing[@]}"}"

  # Lowest free addresses from .10 upward, in argument order.
  local used octet ips=()
  used=" $(used_octets | tr '\n' ' ') "
  octet=$FIRST_HOST_OCTET
  for name in "${names[@]}"; do
    while [[ $used == *" $octet "* ]]; do octet=$((octet + 1)); done
    [ $octet -le 254 ] || die "no free address left in $NET_SUBNET"
    ips+=("$NET_PREFIX.$octet")
    used+="$octet "
  done

  for i in "${!names[@]}"; do
    docker run -d --name "$CONTAINER_PREFIX${names[$i]}" --hostname "${names[$i]}" \
      --label "$FLEET_LABEL=1" --label "$FLEET_LABEL.name=${names[$i]}" --label "$FLEET_LABEL.variant=${variants[$i]}" \
      --network "$NET_NAME" --ip "${ips[$i]}" --network-alias "${names[$i]}" \
      "${HOST_RUN_OPTS[@]}" -v /var/lib/docker \
      -v "$SSH_KEY.pub:/etc/deckhand/authorized_keys:ro" \
      "$HOST_IMAGE:${variants[$i]}" >/dev/null
  done

  local dir deadline pids=() failed=0
  dir=$(mktemp -d)
  deadline=$(( $(date +%s) + UP_TIMEOUT ))
  for i in "${!names[@]}"; do
    wait_host "${names[$i]}" "${ips[$i]}" "${variants[$i]}" "$dir" "$deadline" &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    if ! wait "${pids[$i]}"; then
      failed=1
      log "host ${names[$i]} (${ips[$i]}) not ready: $(cat "$dir/${names[$i]}" 2>/dev/null)"
    fi
  done
  rm -rf "$dir"
  write_state
  [ $failed = 0 ] || die "fleet up failed (timeout ${UP_TIMEOUT}s; FLEET_UP_TIMEOUT to change)"
  local summary=""
  for i in "${!names[@]}"; do summary+=" ${names[$i]}=${ips[$i]}"; [ "${variants[$i]}" = bare ] && summary+="(bare)"; done
  log "up:$summary ($(elapsed "$t0"))"
}

cmd_down() {
  if ! docker_ok; then ensure_packages; ensure_dockerd; fi
  if [ $# -gt 0 ]; then
    local name cs=()
    for name in "$@"; do cs+=("$CONTAINER_PREFIX${name%%:*}"); done
    remove_hosts "${cs[@]}"
  else
    local ids
    ids=$( { docker ps -aq --filter "label=$FLEET_LABEL=1"; docker ps -aq --filter "name=$CONTAINER_PREFIX"; } | sort -u)
    # shellcheck disable=SC2086  # $ids: one container ID per line, split on purpose
    [ -z "$ids" ] || remove_hosts $ids
    if docker network inspect "$NET_NAME" >/dev/null 2>&1; then
      docker network rm "$NET_NAME" >/dev/null || log "could not remove network $NET_NAME"
    fi
    stop_registry
  fi
  write_state
}

cmd_exec() {
  [ $# -ge 2 ] || die "usage: fleet.sh exec NAME CMD..."
  local name=$1; shift
  exec docker exec -i "$CONTAINER_PREFIX$name" sh -c "$*"
}

cmd_status() {
  # Refresh from the live containers unless an up/down is running right now.
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  if flock -n 9 && docker_ok; then write_state; fi
  [ -f "$FLEET_JSON" ] || die "no $FLEET_JSON yet (run fleet.sh up)"
  cat "$FLEET_JSON"
}

main() {
  [ "$(id -u)" = 0 ] || die "must run as root"
  local cmd=${1:-}
  [ $# -gt 0 ] && shift
  case $cmd in
    images) lock; cmd_images ;;
    up) lock; cmd_up "$@" ;;
    down) lock; cmd_down "$@" ;;
    exec) cmd_exec "$@" ;;
    status) cmd_status ;;
    *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
}

main "$@"
