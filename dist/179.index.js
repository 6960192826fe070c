export const id = 179;
export const ids = [179];
export const modules = {

/***/ 8179:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

;// CONCATENATED MODULE: ./src/action/cancel.ts
class Cancellation {
    controller = new AbortController();
    received;
    handler;
    listener = (signal) => this.receive(signal);
    constructor() {
        process.on('SIGINT', this.listener);
        process.on('SIGTERM', this.listener);
    }
    /** Aborted at the first signal: the flows stop at their next step. */
    get signal() {
        return this.controller.signal;
    }
    get cancelled() {
        return this.received !== undefined;
    }
    /** What to do on the first signal; runs at once if one came before it was attached. */
    onCancel(handler) {
        this.handler = handler;
        if (this.received)
            handler(this.received);
    }
    /** The run ended without a signal: the default handlers are back. */
    dispose() {
        process.off('SIGINT', this.listener);
        process.off('SIGTERM', this.listener);
    }
    receive(signal) {
        if (this.received)
            return;
        this.received = signal;
        this.controller.abort();
        this.handler?.(signal);
    }
}

// EXTERNAL MODULE: ./src/commands/protocol.ts
var protocol = __webpack_require__(1652);
// EXTERNAL MODULE: ./src/commands/script.ts
var commands_script = __webpack_require__(8827);
// EXTERNAL MODULE: ./src/commands/lock.ts
var commands_lock = __webpack_require__(7587);
// EXTERNAL MODULE: ./src/commands/naming.ts
var naming = __webpack_require__(9488);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/config/env.ts
var config_env = __webpack_require__(8409);
// EXTERNAL MODULE: ./src/commands/shell.ts
var shell = __webpack_require__(4800);
;// CONCATENATED MODULE: ./src/commands/app.ts
// Commands for the app containers of a role on a host (Kamal's `app` commands), as exact strings.



/** Root + role env, then the env of each tag the host carries. */
function envFor(config, role, host) {
    return (0,config_env/* mergeEnv */.Q)(role.env, ...host.tags.map((t) => config.envTags[t]).filter((e) => e !== undefined));
}
/** Content of a Kamal env file: `KEY=value` lines; an empty file holds just a newline. */
function envFileContent(env, secrets) {
    const lines = env.secret.map((entry) => {
        const { name, source } = (0,config_env/* secretAlias */.j)(entry);
        return `${name}=${(0,shell/* envFileValue */.n_)(secrets.get(source) ?? '')}`;
    });
    return lines.length === 0 ? '\n' : lines.join('\n') + '\n';
}
function loggingArgs(logging) {
    if (!logging.driver && Object.keys(logging.options).length === 0)
        return ['--log-opt max-size="10m"'];
    return [
        ...(logging.driver ? [`--log-driver ${(0,shell/* kamalValue */.mH)(logging.driver)}`] : []),
        ...(0,shell/* argumentize */.Ou)('--log-opt', logging.options)
    ];
}
/** Kamal's container hostname: the host name (at most 51 characters) plus `-` and 12 hex digits. */
function containerHostname(host, hex12) {
    return `${host.replace(/\.$/, '').slice(0, 51)}-${hex12}`;
}
/** `docker run` of a new app container, argument for argument as Kamal builds it. */
function runApp({ config, role, host, version, hostnameSuffix }) {
    const name = (0,naming/* containerName */.xN)(config, role, version);
    const env = envFor(config, role, host);
    const injected = {
        KAMAL_CONTAINER_NAME: name,
        KAMAL_VERSION: version,
        KAMAL_HOST: host.address,
        ...(config.destination ? { KAMAL_DESTINATION: config.destination } : {})
    };
    return [
        'docker run --detach',
        `--restart ${(0,shell/* word */.Vm)(role.restart)}`,
        `--name ${(0,shell/* word */.Vm)(name)}`,
        '--network kamal',
        `--hostname ${(0,shell/* word */.Vm)(containerHostname(host.address, hostnameSuffix))}`,
        ...(0,shell/* argumentize */.Ou)('--env', injected),
        ...(0,shell/* argumentize */.Ou)('--env', env.clear),
        `--env-file ${(0,shell/* word */.Vm)((0,naming/* roleEnvFile */.c8)(config, role))}`,
        ...loggingArgs(role.logging),
        ...config.volumes.map((v) => `--volume ${v}`),
        ...(0,shell/* argumentize */.Ou)('--label', { service: config.service, role: role.name, destination: config.destination ?? '' }),
        ...(0,shell/* argumentize */.Ou)('--label', role.labels),
        ...(0,shell/* optionize */.Ew)(role.options),
        (0,shell/* word */.Vm)((0,naming/* imageRef */.D6)(config, version)),
        ...(role.cmd ? [role.cmd] : [])
    ].join(' ');
}
/** Container ID(s) of the container with exactly this name, in any state. */
function containerIdByName(name) {
    return `docker container ls --all --filter ${(0,shell/* quote */.hD)(`name=^${name}$`)} --quiet`;
}
function roleFilters(config, role) {
    return `--filter label=service=${(0,shell/* word */.Vm)(config.service)} --filter label=destination=${config.destination ? (0,shell/* word */.Vm)(config.destination) : ''} --filter label=role=${(0,shell/* word */.Vm)(role.name)}`;
}
/**
 * The version currently running for a role: the newest running container whose image is the one
 * tagged latest, else the newest running one of any image. The version is the name minus the prefix.
 */
function currentVersion(config, role) {
    const filters = `${roleFilters(config, role)} --filter status=running --filter status=restarting`;
    const latest = `${config.image}:${(0,naming/* latestTag */.wk)(config)}`;
    const inner = `docker ps --latest --format '\\''{{.Names}}'\\'' ${filters} --filter ancestor=$(docker image ls --filter reference=${latest} --format '\\''{{.ID}}'\\'') ; ` +
        `docker ps --latest --format '\\''{{.Names}}'\\'' ${filters}`;
    return `sh -c '${inner}' | head -1 | while read line; do echo \${line#${(0,naming/* rolePrefix */.l6)(config, role)}-}; done`;
}
/** Seconds `docker stop` waits: the role's stop_timeout, else drain_timeout for roles without the proxy. */
function stopTimeout(config, role) {
    return role.stopTimeout ?? config.stopTimeout ?? (role.proxy ? undefined : config.drainTimeout);
}
function renameContainer(from, to) {
    return `docker rename ${(0,shell/* word */.Vm)(from)} ${(0,shell/* word */.Vm)(to)}`;
}
/** Docker's view of a container's health: `healthy`/`unhealthy`/`starting`, else its state. */
const HEALTH_FORMAT = `'{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}'`;
/**
 * The image's health command as NUL-separated `docker exec` arguments (`/bin/sh -c CMD` for
 * CMD-SHELL, the list for CMD; nothing without a health check), for probing it ourselves.
 */
const HEALTH_COMMAND_ARGS = '{{if .Config.Healthcheck}}{{$t := index .Config.Healthcheck.Test 0}}{{if eq $t "CMD-SHELL"}}/bin/sh{{"\\x00"}}-c{{"\\x00"}}{{index .Config.Healthcheck.Test 1}}{{"\\x00"}}{{else if eq $t "CMD"}}{{range $i, $a := .Config.Healthcheck.Test}}{{if $i}}{{$a}}{{"\\x00"}}{{end}}{{end}}{{end}}{{end}}';
function tagLatest(config, version) {
    return `docker tag ${(0,shell/* word */.Vm)((0,naming/* imageRef */.D6)(config, version))} ${(0,shell/* word */.Vm)(`${config.image}:${(0,naming/* latestTag */.wk)(config)}`)}`;
}

;// CONCATENATED MODULE: ./src/commands/audit.ts


function auditLine(config, performer, message, tags = [], at = new Date()) {
    const time = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const fields = [time, performer, ...(config.destination ? [config.destination] : []), ...tags]
        .map((f) => `[${f}]`)
        .join(' ');
    return `mkdir -p .kamal && echo ${(0,shell/* kamalValue */.mH)(`${fields} ${message}`)} >> ${(0,naming/* auditLog */.sc)(config)}`;
}

;// CONCATENATED MODULE: ./src/commands/docker.ts



/**
 * The pull of a version and Kamal's `service` label check. Unlike Kamal there is no
 * `docker image rm` first: `docker pull` checks the tag's digest anyway, and removing the image
 * races with a concurrent deploy pulling the same tag.
 */
function pullImage(config, version) {
    const image = (0,shell/* word */.Vm)((0,naming/* imageRef */.D6)(config, version));
    return {
        pull: `docker pull ${image}`,
        checkLabel: `docker inspect -f '{{ .Config.Labels.service }}' ${image} | grep -x ${(0,shell/* word */.Vm)(config.service)} || (echo "Image ${(0,naming/* imageRef */.D6)(config, version)} is missing the 'service' label" && exit 1)`
    };
}
/**
 * Kamal's label check with all its output on stderr: a bare trailing `>&2` would bind to its
 * `|| (...)` branch only, and grep's match would land on stdout (where a lock holder is read).
 */
function checkLabelQuietly(config, version) {
    return ['{', pullImage(config, version).checkLabel, '} >&2'];
}
/** The `kamal` network; an existing one is fine (one docker call when it exists; a create that
 * loses a race with another exec on the host is fine too). */
const createNetwork = 'docker network inspect kamal > /dev/null 2>&1 || docker network create kamal > /dev/null 2>&1 || docker network inspect kamal > /dev/null';
/** Stopped containers beyond the newest `retain`, then images no container uses (keeping latest). */
function pruneContainers(config) {
    return `docker ps -q -a --filter label=service=${(0,shell/* word */.Vm)(config.service)} --filter status=created --filter status=exited --filter status=dead | tail -n +${config.retainContainers + 1} | while read container_id; do docker rm $container_id; done`;
}
function pruneImages(config) {
    const svc = (0,shell/* word */.Vm)(config.service);
    const latest = `${config.image}:${(0,naming/* latestTag */.wk)(config)}`;
    return [
        `docker image prune --force --filter label=service=${svc}`,
        `docker image ls --filter label=service=${svc} --format '{{.ID}} {{.Repository}}:{{.Tag}}' | grep -v -w "$(docker container ls -a --format '{{.Image}}\\|' --filter label=service=${svc} | tr -d '\\n')${latest}\\|${config.image}:<none>" | while read image tag; do docker rmi $tag; done`
    ];
}
/**
 * Makes sure Docker is there. When it is missing and we are root on a host with apt, installs
 * Debian's docker.io and starts it (reports `docker` = installed); otherwise reports `docker` =
 * missing, which the flow turns into a clear error naming the hosts.
 */
const ensureDocker = {
    lines: [
        'if ! command -v docker > /dev/null 2>&1; then',
        '  if [ "${EUID:-$(id -u)}" -eq 0 ] && command -v apt-get > /dev/null 2>&1; then',
        '    export DEBIAN_FRONTEND=noninteractive',
        '    apt-get update -qq > /dev/null && apt-get install -y -qq docker.io > /dev/null || exit 1',
        `    ${(0,protocol/* reportLine */.BS)('docker', 'installed')}`,
        `  else ${(0,protocol/* reportLine */.BS)('docker', 'missing')}; exit 0; fi`,
        'fi',
        'if ! docker info > /dev/null 2>&1; then',
        "  (unset GOGC; systemctl start docker || service docker start) > /dev/null 2>&1 # the daemon keeps Go's defaults",
        '  i=0; until docker info > /dev/null 2>&1; do i=$((i+1)); [ $i -gt 120 ] && { echo "docker did not start" >&2; exit 1; }; sleep 0.25; done',
        'fi',
        'mkdir -p .kamal'
    ]
};

;// CONCATENATED MODULE: ./src/commands/boot.ts






/**
 * `$OLD` := the version the role runs now (reported as `old`). A container of the new version
 * already there (a redeploy) moves aside to `<version>_replaced_<hex>`: one docker call either way
 * (Kamal first lists it by name, then renames); if it was the running one, `$OLD` follows it.
 */
function rememberCurrentVersion(config, role, version, replaced) {
    const name = (0,naming/* containerName */.xN)(config, role, version);
    return {
        lines: [
            `OLD=$( { ${currentVersion(config, role)} ; } 2> /dev/null || true)`,
            `if ${renameContainer(name, `${(0,naming/* rolePrefix */.l6)(config, role)}-${replaced}`)} > /dev/null 2>&1; then if [ "$OLD" = ${(0,shell/* word */.Vm)(version)} ]; then OLD=${(0,shell/* word */.Vm)(replaced)}; fi; fi`,
            (0,protocol/* reportLine */.BS)('old', '$OLD')
        ]
    };
}
/**
 * `runLine` (a `docker run` of container `name`). The `kamal` network exists after setup or a
 * proxy boot, so it is not checked first: only when `docker run` says it is missing is it created
 * (and the container that run left behind removed) and the run repeated. Warnings of a run that
 * worked (platform mismatch, ignored options) still reach stderr.
 */
function runCreatingNetwork(runLine, name) {
    return [
        'deckhand_run() {',
        (0,shell/* quietly */.gd)(runLine),
        '}',
        'if ! DECKHAND_ERR=$(deckhand_run 2>&1); then',
        `  case "$DECKHAND_ERR" in *"network kamal not found"*) docker rm ${(0,shell/* word */.Vm)(name)} > /dev/null 2>&1 || true; ${createNetwork}; deckhand_run ;; *) printf '%s\\n' "$DECKHAND_ERR" >&2; exit 1 ;; esac`,
        `elif [ -n "$DECKHAND_ERR" ]; then printf '%s\\n' "$DECKHAND_ERR" >&2`,
        'fi'
    ];
}
/**
 * Waits until container `name` is ready, within `deploy_timeout`: Docker says `healthy`, or (no
 * health check) `running` for `readiness_delay` seconds in a row, Kamal's rule. Every 250 ms the
 * image's own health command is also run in the container, so a deploy does not wait for Docker's
 * health-check interval (30 s by default); one passing probe counts as ready. Reports `status`.
 * A container that never gets ready is stopped and kept, its last log lines go to stderr, and the
 * script exits EXIT.bootFailed (the old version keeps running).
 */
function waitUntilReady(config, name) {
    const n = (0,shell/* word */.Vm)(name);
    return {
        lines: [
            `DEADLINE=$(( $(date +%s) + ${config.deployTimeout} )); SINCE=; READY=; STATUS=; PROBE=$(mktemp)`,
            `docker inspect --format ${(0,shell/* quote */.hD)(HEALTH_COMMAND_ARGS)} ${n} 2> /dev/null | head -c -1 > "$PROBE" || true`,
            'while :; do',
            `  if [ -s "$PROBE" ] && timeout 10 xargs -0 -a "$PROBE" docker exec ${n} > /dev/null 2>&1; then STATUS=healthy; READY=1; break; fi`,
            `  STATUS=$(docker inspect --format ${HEALTH_FORMAT} ${n} 2> /dev/null) || STATUS=missing`,
            '  NOW=$(date +%s)',
            '  if [ "$STATUS" = healthy ]; then READY=1; break; fi',
            `  if [ "$STATUS" = running ]; then SINCE=\${SINCE:-$NOW}; if [ $((NOW - SINCE)) -ge ${config.readinessDelay} ]; then READY=1; break; fi; else SINCE=; fi`,
            '  if [ "$NOW" -ge "$DEADLINE" ]; then break; fi',
            '  sleep 0.25',
            'done',
            'rm -f "$PROBE"',
            (0,protocol/* reportLine */.BS)('status', '$STATUS'),
            'if [ -z "$READY" ]; then',
            `  docker stop ${n} > /dev/null 2>&1 || true`,
            `  echo "container ${name} not ready after ${config.deployTimeout} seconds ($STATUS); it was stopped and kept for inspection. Its last log lines:" >&2`,
            `  docker logs --tail 15 ${n} 2>&1 | sed 's/^/  /' >&2 || true`,
            `  exit ${protocol/* EXIT */.dc.bootFailed}`,
            'fi'
        ],
        assumed: { status: 'healthy' }
    };
}
/**
 * Kamal's stop of the old version, which only the host knows here (`$OLD`), with the role's stop
 * timeout; `xargs -r` stops nothing when no container matches. Reports `stopped`.
 */
function stopOldVersion(config, role) {
    const t = stopTimeout(config, role);
    return `if [ -n "$OLD" ]; then docker container ls --all --filter "name=^${(0,naming/* rolePrefix */.l6)(config, role)}-$OLD\\$" --quiet | xargs -r docker stop${t === undefined ? '' : ` -t ${t}`} > /dev/null; ${(0,protocol/* reportLine */.BS)('stopped', '$OLD')}; fi`;
}
/**
 * Kamal's prune of the service's containers (keeping `retain_containers`) and images, with its
 * audit lines. It needs nothing from other hosts, so it can run in a host's boot exec; a failed
 * prune does not fail the boot.
 */
function pruneAll(config, performer) {
    return [
        '(',
        auditLine(config, performer, 'Pruned containers'),
        pruneContainers(config),
        auditLine(config, performer, 'Pruned images'),
        ...pruneImages(config).map(shell/* quietly */.gd),
        ') || echo "pruning failed" >&2'
    ];
}
/** Kamal's move of `:latest[-destination]` to the new version, with its audit line. */
function tagLatestLines(config, performer, version) {
    return [
        auditLine(config, performer, `Tagging ${(0,naming/* imageRef */.D6)(config, version)} as the latest image`),
        tagLatest(config, version)
    ];
}

// EXTERNAL MODULE: ./src/util/values.ts
var values = __webpack_require__(7656);
// EXTERNAL MODULE: ./src/flows/context.ts + 1 modules
var context = __webpack_require__(8029);
// EXTERNAL MODULE: ./src/flows/errors.ts
var errors = __webpack_require__(5438);
// EXTERNAL MODULE: ./src/transport/ssh.ts
var ssh = __webpack_require__(7171);
;// CONCATENATED MODULE: ./src/flows/hosts.ts
// Running one piece of work on many hosts: in parallel up to the pool's bound, every host
// allowed to finish, and every failure reported together (Kamal's "fail slow").



async function onHosts(ctx, hosts, fn) {
    const settled = await (0,ssh/* eachLimited */.ko)(hosts, ctx.pool.limit, fn);
    const out = new Map();
    const failures = [];
    hosts.forEach((host, i) => {
        const s = settled[i];
        if (s?.status === 'fulfilled')
            out.set(host, s.value);
        else
            failures.push({ host, error: s?.reason });
    });
    if (failures.length > 0)
        throw new errors/* HostsError */.gy(failures);
    return out;
}
/** The first failure in a form the summary shows: host, command and its last output lines. */
function describeFailure(error) {
    const first = error instanceof errors/* HostsError */.gy ? error.failures[0]?.error : error;
    const remote = first instanceof Error && first.cause instanceof errors/* RemoteCommandError */.at ? first.cause : first;
    if (remote instanceof errors/* RemoteCommandError */.at) {
        const out = (0,errors/* lastLines */.w$)(`${remote.result.stdout}\n${remote.result.stderr}`, 15);
        return { host: remote.host, command: remote.label, output: out, message: (0,values/* errorMessage */.gJ)(error) };
    }
    const host = error instanceof errors/* HostsError */.gy ? error.failures[0]?.host : undefined;
    return { host, message: (0,values/* errorMessage */.gJ)(error) };
}

// EXTERNAL MODULE: ./src/config/proxy.ts
var proxy = __webpack_require__(1574);
;// CONCATENATED MODULE: ./src/commands/proxy.ts
// kamal-proxy commands, as Kamal v2 builds them: booting the `kamal-proxy` container on a host and
// `kamal-proxy deploy`, which health-checks a new target, switches traffic to it atomically and
// drains the old one. Flags use kamal-proxy's `--key="value"` form; `true` gives a bare flag.






const PROXY_CONTAINER = 'kamal-proxy';
/** On the host (relative to the SSH user's home) and inside the proxy container. */
const PROXY_APPS_CONFIG = '.kamal/proxy/apps-config';
const CONTAINER_APPS_CONFIG = '/home/kamal-proxy/.apps-config';
const RUN_PREFIX = 'docker run --name kamal-proxy --network kamal --detach --restart unless-stopped --volume kamal-proxy-config:/home/kamal-proxy/.config/kamal-proxy --volume $PWD/.kamal/proxy/apps-config:/home/kamal-proxy/.apps-config';
/** `[registry/]repository:version`, Kamal's mapping of `proxy.run`. */
function proxyImage(run) {
    return `${run.registry ? `${run.registry}/` : ''}${run.repository}:${run.version}`;
}
function publishArgs(run) {
    if (!run.publish)
        return [];
    const binds = run.bindIps.length > 0 ? run.bindIps.map((ip) => (ip.includes(':') ? `[${ip}]` : ip)) : [undefined];
    return binds.flatMap((ip) => [
        `--publish ${(0,shell/* word */.Vm)([ip, run.httpPort, 80].filter((x) => x !== undefined).join(':'))}`,
        `--publish ${(0,shell/* word */.Vm)([ip, run.httpsPort, 443].filter((x) => x !== undefined).join(':'))}`
    ]);
}
/**
 * Starts the proxy unless it is there: `docker container start` leaves a running one alone and
 * restarts a stopped one; only when there is none is it created. Without `proxy.run`, the legacy
 * `.kamal/proxy/*` boot_config files (or Kamal's defaults) choose the options and image.
 */
function bootProxy(run) {
    if (!run)
        return `docker container start kamal-proxy || echo $(cat .kamal/proxy/options 2> /dev/null || echo "--publish 80:80 --publish 443:443 --log-opt max-size=10m") $(cat .kamal/proxy/image 2> /dev/null || echo "basecamp/kamal-proxy"):$(cat .kamal/proxy/image_version 2> /dev/null || echo "${proxy/* PROXY_MINIMUM_VERSION */.X_}") $(cat .kamal/proxy/run_command 2> /dev/null || echo "") | xargs ${RUN_PREFIX}`;
    const runCommand = [
        'kamal-proxy run',
        ...(run.metricsPort !== undefined ? [`--metrics-port ${(0,shell/* kamalValue */.mH)(String(run.metricsPort))}`] : []),
        ...(run.debug ? ['--debug'] : [])
    ];
    return [
        `docker container start kamal-proxy || ${RUN_PREFIX}`,
        ...publishArgs(run),
        `--log-opt max-size=${(0,shell/* word */.Vm)(run.logMaxSize)}`,
        ...(run.metricsPort !== undefined ? [`--expose=${run.metricsPort}`] : []),
        ...(0,shell/* optionize */.Ew)(run.options),
        (0,shell/* word */.Vm)(proxyImage(run)),
        ...runCommand
    ].join(' ');
}
/** The tag of the proxy container's image (empty when there is no proxy container). */
const proxyVersion = `docker inspect kamal-proxy --format '{{.Config.Image}}' | awk -F: '{print $NF}'`;
/**
 * Stops the script when a proxy container exists with a version tag older than the minimum
 * (Kamal's check before booting); tags that are no version (`latest`) are not judged.
 */
function proxyVersionCheck(minimum = proxy/* PROXY_MINIMUM_VERSION */.X_) {
    return [
        `DECKHAND_PV=$( { ${proxyVersion} ; } 2> /dev/null || true)`,
        `if printf '%s' "$DECKHAND_PV" | grep -Eq '^v?[0-9]+(\\.[0-9]+)*$' && [ "$(printf '%s\\n%s\\n' "\${DECKHAND_PV#v}" ${(0,shell/* word */.Vm)(minimum.replace(/^v/, ''))} | sort -V | head -1)" != ${(0,shell/* word */.Vm)(minimum.replace(/^v/, ''))} ]; then`,
        `  echo "kamal-proxy version $DECKHAND_PV is too old, run \\\`kamal proxy reboot\\\` in order to update to at least ${minimum} (or remove the old proxy on this host with \\\`docker rm -f kamal-proxy\\\` and deploy again)" >&2; exit ${protocol/* EXIT */.dc.proxyTooOld}`,
        'fi'
    ].join('\n');
}
/** Where a role's custom certificate lives: on the host, and as the proxy container sees it. */
function tlsPaths(config, name) {
    const dir = `${(0,naming/* serviceWithDestination */.IB)(config)}/tls/${name}`;
    return {
        hostDir: `${PROXY_APPS_CONFIG}/${dir}`,
        cert: `${CONTAINER_APPS_CONFIG}/${dir}/cert.pem`,
        key: `${CONTAINER_APPS_CONFIG}/${dir}/key.pem`
    };
}
const seconds = (n) => (n === undefined ? undefined : `${n}s`);
/** `docker exec kamal-proxy kamal-proxy deploy ...`, flag for flag in Kamal's order. */
function proxyDeploy({ config, proxy, service, target, tlsName, errorPages }) {
    const tls = proxy.customCertificate ? tlsPaths(config, tlsName) : undefined;
    const flags = [
        ['target', `${target}:${proxy.appPort}`],
        ['host', proxy.hosts],
        ['tls', proxy.ssl || undefined],
        ['tls-certificate-path', tls?.cert],
        ['tls-private-key-path', tls?.key],
        ['deploy-timeout', seconds(config.deployTimeout)],
        ['drain-timeout', seconds(config.drainTimeout)],
        ['health-check-interval', seconds(proxy.healthcheck.interval)],
        ['health-check-timeout', seconds(proxy.healthcheck.timeout)],
        ['health-check-path', proxy.healthcheck.path],
        ['target-timeout', seconds(proxy.responseTimeout)],
        ['buffer-requests', proxy.buffering.requests],
        ['buffer-responses', proxy.buffering.responses],
        ['buffer-memory', proxy.buffering.memory],
        ['max-request-body', proxy.buffering.maxRequestBody],
        ['max-response-body', proxy.buffering.maxResponseBody],
        ['path-prefix', proxy.pathPrefixes],
        ['strip-path-prefix', proxy.stripPathPrefix],
        ['forward-headers', proxy.forwardHeaders],
        ['tls-redirect', proxy.sslRedirect],
        ['log-request-header', proxy.logging.requestHeaders],
        ['log-response-header', proxy.logging.responseHeaders],
        ['error-pages', errorPages]
    ];
    const out = [];
    for (const [key, value] of flags) {
        for (const v of Array.isArray(value) ? value : [value]) {
            if (v === undefined)
                continue;
            out.push(v === true ? `--${key}` : `--${key}=${(0,shell/* kamalValue */.mH)(String(v))}`);
        }
    }
    return `docker exec kamal-proxy kamal-proxy deploy ${(0,shell/* word */.Vm)(service)} ${out.join(' ')}`;
}
/** The app's address as the primary role's proxy serves it: first host, https with TLS. */
function proxyUrl(config) {
    const proxy = config.roles.find((r) => r.name === config.primaryRole)?.proxyConfig;
    const host = proxy?.hosts[0];
    return proxy && host ? `${proxy.ssl ? 'https' : 'http'}://${host}` : '';
}
/**
 * Before the proxy is started on a host: the `kamal` network, Kamal's version check of a running
 * proxy, what the proxy container was (reported as `proxyWas`: `running`, `exited`..., `missing`)
 * and the apps-config directory it mounts. The start itself (`bootProxy`) may need a registry
 * login, which the flow adds.
 */
function prepareProxyBoot() {
    return {
        lines: [
            createNetwork,
            proxyVersionCheck(),
            // An absent container makes `docker inspect` print an empty line (and fail): call that missing.
            `PROXY_WAS=$(docker inspect --format '{{.State.Status}}' kamal-proxy 2> /dev/null | tr -d '\\n') || true; ${(0,protocol/* reportLine */.BS)('proxyWas', '${PROXY_WAS:-missing}')}`,
            `mkdir -p ${PROXY_APPS_CONFIG}`
        ],
        assumed: { proxyWas: 'running' }
    };
}
/**
 * Hands a new container to kamal-proxy: its ID, then `kamal-proxy deploy`, which health-checks it
 * and switches traffic atomically (reports `proxy` = switched, and `status` = healthy). When the
 * proxy refuses (the health check never passed) the old target keeps serving; the new container is
 * stopped and kept, and the script exits EXIT.bootFailed with the proxy's own message last.
 */
function switchProxyTo(t) {
    const deploy = proxyDeploy({
        config: t.config,
        proxy: t.proxy,
        service: t.service,
        target: '${DECKHAND_ID}',
        tlsName: t.tlsName
    });
    const c = (0,shell/* word */.Vm)(t.container);
    return {
        lines: [
            `DECKHAND_ID=$(${containerIdByName(t.container)})`,
            `if [ -z "$DECKHAND_ID" ]; then echo ${(0,shell/* quote */.hD)(`Failed to get endpoint for ${t.what} on ${t.host}, did the container boot?`)} >&2; exit ${protocol/* EXIT */.dc.bootFailed}; fi`,
            `if DECKHAND_OUT=$(${deploy} 2>&1); then`,
            `  ${(0,protocol/* reportLine */.BS)('proxy', 'switched')}`,
            'else',
            `  ${(0,protocol/* reportLine */.BS)('proxy', 'failed')}`,
            `  docker stop ${c} > /dev/null 2>&1 || true`,
            `  docker logs --tail 10 ${c} 2>&1 | sed 's/^/  /' >&2 || true`,
            `  echo ${(0,shell/* quote */.hD)(`kamal-proxy did not switch ${t.service} to ${t.container} on ${t.host}: the old version keeps serving; ${t.container} was stopped and kept for inspection (its last log lines are above). kamal-proxy said:`)} >&2`,
            `  printf '%s\\n' "$DECKHAND_OUT" >&2`,
            `  exit ${protocol/* EXIT */.dc.bootFailed}`,
            'fi'
        ],
        assumed: { proxy: 'switched' }
    };
}

;// CONCATENATED MODULE: ./src/flows/registry.ts

/** Registry credentials, resolved from literals or secrets (undefined without both). */
function registryCredentials(ctx, registry) {
    const resolve = (v) => v === undefined ? undefined : 'literal' in v ? v.literal : ctx.secrets.get(v.secret);
    const username = resolve(registry.username);
    const password = resolve(registry.password);
    return username !== undefined && password !== undefined ? { username, password } : undefined;
}
function addLogin(script, ctx, registry) {
    const creds = registryCredentials(ctx, registry);
    if (creds)
        script.login(registry.server ? (0,shell/* word */.Vm)(registry.server) : undefined, creds.username, creds.password);
}
/** `command` (which may pull from the registry), with a `docker login` only if it fails with the
 * host's stored credentials (see RemoteScript.withLogin); without credentials, just the command. */
function addWithLogin(script, ctx, registry, command) {
    const creds = registryCredentials(ctx, registry);
    if (creds)
        script.withLogin(registry.server ? (0,shell/* word */.Vm)(registry.server) : undefined, creds.username, creds.password, command);
    else
        script.add(command);
}

// EXTERNAL MODULE: ./src/flows/remote.ts
var remote = __webpack_require__(6871);
;// CONCATENATED MODULE: ./src/flows/proxy.ts
// kamal-proxy in the flows: boot the proxy on every proxy host (Kamal's "Ensure kamal-proxy is
// running", lib/kamal/cli/proxy.rb), and hand a new container to it in a boot script. The proxy
// health-checks the new target and switches traffic atomically; only then is the old one stopped.






/** Hosts of the proxied roles of this run (and of proxied accessories, for setup). */
function proxyHosts(ctx, withAccessories) {
    const hosts = ctx.targets.roles.filter((r) => r.proxyConfig).flatMap((r) => r.hosts.map((h) => h.address));
    if (withAccessories)
        hosts.push(...ctx.targets.accessories.filter((a) => a.proxy).flatMap((a) => a.hosts));
    return [...new Set(hosts)];
}
/** The proxy settings that decide how the proxy container starts on a host (one per host, checked at load). */
function proxyOn(ctx, host) {
    for (const r of ctx.targets.roles)
        if (r.proxyConfig && r.hosts.some((h) => h.address === host))
            return r.proxyConfig;
    for (const a of ctx.targets.accessories)
        if (a.proxy && a.hosts.includes(host))
            return a.proxy;
    return undefined;
}
/** Network, version check, `docker container start kamal-proxy || docker run ...` on every proxy host. */
async function bootProxies(ctx, hosts) {
    if (hosts.length === 0)
        return;
    const { config } = ctx;
    await ctx.reporter.group(`Ensure kamal-proxy is running on ${hosts.length} host(s)`, async () => {
        await onHosts(ctx, hosts, async (host) => {
            const run = proxyOn(ctx, host)?.run;
            const script = new commands_script/* RemoteScript */.Sq().add(prepareProxyBoot());
            // A proxy that is there only needs `docker container start`: the registry login happens
            // only when the `docker run` of a missing proxy cannot pull with the stored credentials.
            addWithLogin(script, ctx, config.registry, (0,shell/* quietly */.gd)(bootProxy(run)));
            const { report } = await (0,remote/* runRemote */.Q)(ctx.pool.get(host), script, 'boot kamal-proxy');
            const was = report.proxyWas ?? 'unknown';
            const image = run ? proxyImage(run) : 'the image of .kamal/proxy/image (default basecamp/kamal-proxy:v0.9.2)';
            ctx.reporter.info(`${host}: kamal-proxy ${was === 'running' ? 'was already running' : was === 'missing' ? `started from ${image}` : `restarted (was ${was})`}`);
        });
    });
}
/**
 * Adds to a boot script: upload a custom certificate (through stdin), then switch the proxy to the
 * new container (see `switchProxyTo`).
 */
function addProxySwitch(script, ctx, t) {
    const cert = t.proxy.customCertificate;
    if (cert) {
        const paths = tlsPaths(ctx.config, t.tlsName);
        script.writeFile(`${paths.hostDir}/cert.pem`, ctx.secrets.get(cert.certificatePem) ?? '', '644');
        script.writeFile(`${paths.hostDir}/key.pem`, ctx.secrets.get(cert.privateKeyPem) ?? '', '644');
    }
    script.add(switchProxyTo({ ...t, config: ctx.config }));
}

;// CONCATENATED MODULE: ./src/flows/report.ts
// What a run did, host by host: the action adapter turns this into outputs and the job summary.
function emptyReport(command, version) {
    return {
        command,
        version,
        hosts: [],
        dockerInstalled: [],
        boots: [],
        accessories: [],
        lock: { taken: false, released: false },
        durationSeconds: 0,
        configProblems: [],
        execCounts: {}
    };
}
/** Seconds since `started` (a Date.now() value), to a tenth, as the summary shows them. */
function secondsSince(started) {
    return Math.round((Date.now() - started) / 100) / 10;
}

;// CONCATENATED MODULE: ./src/flows/boot.ts
// The boot phase (Kamal's `app boot`, lib/kamal/cli/app.rb and cli/app/boot.rb): every role on
// every app host, in groups of `boot.limit` with `boot.wait` between them, one exec per role and
// host; roles other than the primary wait for the first healthy primary-role container.














const hex = (bytes) => (0,external_node_crypto_.randomBytes)(bytes).toString('hex');
/** Hosts split into boot groups: `boot.limit` as a number or a percentage of all hosts (at least 1). */
function bootGroups(hosts, limit, allHostsCount) {
    if (limit === undefined)
        return hosts.length ? [hosts] : [];
    const size = typeof limit === 'string' && limit.endsWith('%')
        ? Math.max(1, Math.floor((allHostsCount * parseInt(limit, 10)) / 100))
        : Math.max(1, Number(limit));
    const groups = [];
    for (let i = 0; i < hosts.length; i += size)
        groups.push(hosts.slice(i, i + size));
    return groups;
}
/**
 * With a single boot group, each host moves `:latest` at the end of its own boot exec, which saves
 * every host but the lock host the finish round trip. Kamal tags only after all groups: with one
 * group the only difference is after a failure, where the hosts that did boot the new version (and
 * keep running it, in Kamal too) have `:latest` on it. With several groups the finish step tags.
 */
function tagsInBoot(ctx) {
    return bootGroups(ctx.targets.appHosts, ctx.config.boot.limit, ctx.targets.hosts.length).length === 1;
}
/** The script that boots one role on one host, waits until it is ready and stops the old version. */
function bootScript(ctx, role, host, extras) {
    const { config, version } = ctx;
    const name = (0,naming/* containerName */.xN)(config, role, version);
    const script = new commands_script/* RemoteScript */.Sq()
        .add(rememberCurrentVersion(config, role, version, `${version}_replaced_${hex(8)}`))
        .add(auditLine(config, ctx.performer, `Booted app version ${version}`, [role.name]))
        .writeFile((0,naming/* roleEnvFile */.c8)(config, role), envFileContent(envFor(config, role, host), ctx.secrets), '600')
        .add(...runCreatingNetwork(runApp({ config, role, host, version, hostnameSuffix: hex(6) }), name));
    // Behind kamal-proxy the proxy's health check and atomic switch replace our wait.
    if (role.proxyConfig)
        addProxySwitch(script, ctx, {
            proxy: role.proxyConfig,
            service: (0,naming/* rolePrefix */.l6)(config, role),
            container: name,
            tlsName: role.name,
            what: role.name,
            host: host.address
        });
    else
        script.add(waitUntilReady(config, name));
    script.add(stopOldVersion(config, role));
    if (extras.prune)
        script.add(...pruneAll(config, ctx.performer));
    if (extras.tag)
        script.add(...tagLatestLines(config, ctx.performer, version));
    return script;
}
async function bootOne(ctx, role, host, extras) {
    const started = Date.now();
    const base = { host: host.address, role: role.name, versionBooted: ctx.version };
    try {
        const { report } = await (0,remote/* runRemote */.Q)(ctx.pool.get(host.address), bootScript(ctx, role, host, extras), `boot ${role.name} ${ctx.version}`);
        const boot = {
            ...base,
            versionStopped: report.stopped,
            health: report.status ?? (report.proxy === 'switched' ? 'healthy' : 'unknown'),
            proxy: report.proxy,
            ok: true,
            seconds: secondsSince(started)
        };
        if (report.old && ctx.report.previousVersion === undefined && role.name === ctx.config.primaryRole)
            ctx.report.previousVersion = report.old;
        ctx.reporter.info(`${host.address}: ${role.name} ${ctx.version} is ${boot.health}${boot.versionStopped ? `, stopped ${boot.versionStopped}` : ''} (${boot.seconds}s)`);
        return boot;
    }
    catch (error) {
        const report = (0,protocol/* parseReport */.MM)(error instanceof errors/* RemoteCommandError */.at ? error.result.stdout : '');
        const boot = {
            ...base,
            health: report.status ?? (report.proxy === 'failed' ? 'unhealthy (proxy)' : 'failed'),
            proxy: report.proxy,
            ok: false,
            seconds: secondsSince(started),
            error: (0,values/* errorMessage */.gJ)(error)
        };
        ctx.reporter.warning(`Failed to boot ${role.name} on ${host.address}: ${boot.error}`);
        throw new errors/* BootFailedError */.C$(boot, { cause: error });
    }
}
/**
 * Kamal's barrier: other roles wait for the first healthy primary-role container, and are not
 * booted at all when the primary role's first boot fails.
 */
class Barrier {
    passed;
    open;
    close;
    constructor(openNow) {
        this.passed = new Promise((resolve, reject) => {
            this.open = resolve;
            this.close = reject;
        });
        this.passed.catch(() => undefined);
        if (openNow)
            this.open();
    }
}
/** Boots every targeted role on every host, in groups; throws when any boot failed. */
async function bootApp(ctx) {
    const { config, targets } = ctx;
    const groups = bootGroups(targets.appHosts, config.boot.limit, targets.hosts.length);
    const primary = targets.roles.find((r) => r.name === config.primaryRole);
    const barrier = new Barrier(!primary);
    for (const [index, group] of groups.entries()) {
        (0,context/* throwIfCancelled */.d)(ctx.signal);
        const title = groups.length > 1
            ? `Boot ${ctx.version}, group ${index + 1}/${groups.length}: ${group.join(', ')}`
            : `Boot ${ctx.version} on ${group.join(', ')}`;
        await ctx.reporter.group(title, () => onHosts(ctx, group, (address) => bootHost(ctx, address, primary, barrier)));
        if (config.boot.wait > 0 && index < groups.length - 1)
            await (ctx.sleep ? ctx.sleep(config.boot.wait) : new Promise((r) => setTimeout(r, config.boot.wait * 1000)));
    }
}
/** Every targeted role on one host, one after the other; the first failure is thrown at the end. */
async function bootHost(ctx, address, primary, barrier) {
    const { config, targets } = ctx;
    const roles = targets.roles.filter((r) => r.hosts.some((h) => h.address === address));
    const failures = [];
    for (const role of roles) {
        const host = role.hosts.find((h) => h.address === address);
        if (!host)
            continue;
        (0,context/* throwIfCancelled */.d)(ctx.signal);
        if (role !== primary && !(await barrierPassed(barrier))) {
            const message = `First ${config.primaryRole} container is unhealthy, not booting ${role.name} on ${address}`;
            ctx.report.boots.push({
                host: address,
                role: role.name,
                versionBooted: ctx.version,
                health: 'not booted',
                ok: false,
                seconds: 0,
                error: message
            });
            failures.push(new Error(message));
            continue;
        }
        // The host's last role prunes once the host is done (and tags, see tagsInBoot).
        const last = roles.at(-1) === role;
        try {
            ctx.report.boots.push(await bootOne(ctx, role, host, { prune: last, tag: last && tagsInBoot(ctx) }));
            if (role === primary)
                barrier.open();
        }
        catch (error) {
            if (error instanceof errors/* BootFailedError */.C$)
                ctx.report.boots.push(error.boot);
            if (role === primary)
                barrier.close(error instanceof Error ? error : new Error((0,values/* errorMessage */.gJ)(error)));
            failures.push(error);
        }
    }
    if (failures.length > 0)
        throw failures[0];
}
async function barrierPassed(barrier) {
    try {
        await barrier.passed;
        return true;
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: ./src/flows/lock.ts
var lock = __webpack_require__(9990);
;// CONCATENATED MODULE: ./src/flows/deploy.ts
// The end of a deploy, once every boot group succeeded: move `:latest` where the boots did not
// (several boot groups), and release the deploy lock (ours only) in the lock host's same exec.









/**
 * Tags :latest on every app host unless the boots did (one round trip each); the lock host
 * releases the lock in the same exec, whether or not the tagging worked.
 */
async function finishDeploy(ctx) {
    const { config, targets } = ctx;
    const lockHost = ctx.report.lock.taken && !ctx.report.lock.released ? ctx.report.lock.host : undefined;
    const tagged = tagsInBoot(ctx);
    if (tagged && !lockHost)
        return;
    const hosts = tagged ? [] : [...targets.appHosts];
    if (lockHost && !hosts.includes(lockHost))
        hosts.push(lockHost);
    const title = tagged
        ? 'Release the deploy lock'
        : `Tag ${(0,naming/* latestTag */.wk)(config)}${lockHost ? ', release the deploy lock' : ''}`;
    await ctx.reporter.group(title, async () => {
        await onHosts(ctx, hosts, async (host) => {
            // Pruning already ran in each host's boot exec.
            const tag = tagged || !targets.appHosts.includes(host) ? [] : tagLatestLines(config, ctx.performer, ctx.version);
            if (host === lockHost)
                return releaseAfter(ctx, host, tag);
            await (0,remote/* runRemote */.Q)(ctx.pool.get(host), new commands_script/* RemoteScript */.Sq().add(...tag), 'tag latest');
        });
    });
}
async function releaseAfter(ctx, host, commands) {
    const script = new commands_script/* RemoteScript */.Sq().add((0,commands_lock/* thenReleaseIfOwner */.NF)(ctx.config, ctx.lock.token, commands));
    const result = await ctx.pool
        .get(host)
        .exec(script, `${commands.length > 0 ? 'tag latest and ' : ''}release the deploy lock`);
    const outcome = (0,lock/* reportedRelease */.bq)(result.stdout);
    if (outcome)
        (0,lock/* noteRelease */.s)(ctx, host, outcome);
    if (result.code !== 0)
        throw new errors/* RemoteCommandError */.at(host, 'tag latest', result);
}

;// CONCATENATED MODULE: ./src/flows/pull.ts
// The pull phase of a deploy (Kamal's "Pull app image...", lib/kamal/cli/build.rb `pull`): every
// app host pulls the new version, logging in only when its stored credentials do not work.











/**
 * Pulls the new version on every app host. With `lock`, the lock host's exec then takes the
 * deploy lock too (after its pull, as Kamal orders it), saving a round trip.
 */
async function pullOnAppHosts(ctx, lock) {
    const { config, version, targets } = ctx;
    const image = (0,naming/* imageRef */.D6)(config, version);
    const hosts = lock && !targets.appHosts.includes(lock.host) ? [...targets.appHosts, lock.host] : targets.appHosts;
    const title = `Pull ${image} on ${targets.appHosts.length} host(s)${lock ? ` and take the deploy lock on ${lock.host}` : ''}`;
    await ctx.reporter.group(title, async () => {
        await onHosts(ctx, hosts, async (host) => {
            const script = new commands_script/* RemoteScript */.Sq();
            const pulls = targets.appHosts.includes(host);
            if (pulls) {
                script.add(auditLine(config, ctx.performer, `Pulled image with version ${version}`));
                addWithLogin(script, ctx, config.registry, (0,shell/* quietly */.gd)(pullImage(config, version).pull));
                script.add(...checkLabelQuietly(config, version));
            }
            if (lock?.host !== host) {
                await (0,remote/* runRemote */.Q)(ctx.pool.get(host), script, `pull ${image}`);
                ctx.reporter.info(`${host}: pulled ${image}`);
                return;
            }
            script.add((0,commands_lock/* acquireOrShowHolder */.pI)(config, lock.details));
            await takeLockWith(ctx, host, script, `${pulls ? `pull ${image} and ` : ''}take the deploy lock`);
            if (pulls)
                ctx.reporter.info(`${host}: pulled ${image} and took the deploy lock ${(0,naming/* lockDir */.JK)(config)}`);
        });
    });
}
async function takeLockWith(ctx, host, script, label) {
    const result = await ctx.pool.get(host).exec(script, label);
    if (result.code === protocol/* EXIT */.dc.lockHeld)
        throw new errors/* LockHeldError */.Rk(host, result.stdout);
    if (result.code !== 0)
        throw new errors/* RemoteCommandError */.at(host, label, result);
    ctx.report.lock.taken = true;
}

;// CONCATENATED MODULE: ./src/commands/accessory.ts




/** Remote path of an uploaded accessory file: `<service>/<remote path>` under the home directory. */
function accessoryFilePath(accessory, file) {
    return `${accessory.service}/${file.remote.replace(/^\//, '')}`;
}
/** Host side of a directory mount: relative local paths live under `$PWD/<service>/`. */
function accessoryDirectoryPath(accessory, dir) {
    return dir.local.startsWith('/') ? (0,shell/* word */.Vm)(dir.local) : underPwd(`${accessory.service}/${dir.local}`);
}
/** `$PWD/` (left for the remote shell) followed by the quoted rest. */
const underPwd = (relative) => `$PWD/${(0,shell/* word */.Vm)(relative)}`;
/** `host:container[:options]`, quoted, with a relative host side under `$PWD`. */
function volumeSpec(host, container, options) {
    const rest = `${container}${options ? `:${options}` : ''}`;
    return host.startsWith('/') ? (0,shell/* word */.Vm)(`${host}:${rest}`) : underPwd(`${host}:${rest}`);
}
/** `3306` means `3306:3306`; anything else is passed as written. */
function publishArg(port) {
    return `--publish ${(0,shell/* word */.Vm)(port.includes(':') ? port : `${port}:${port}`)}`;
}
function runAccessory(config, accessory, host) {
    const volumes = [
        ...accessory.files.map((f) => volumeSpec(accessoryFilePath(accessory, f), f.remote, f.options)),
        ...accessory.directories.map((d) => volumeSpec(d.local.startsWith('/') ? d.local : `${accessory.service}/${d.local}`, d.remote, d.options)),
        ...accessory.volumes
    ];
    return [
        `docker run --name ${(0,shell/* word */.Vm)(accessory.service)} --detach --restart ${(0,shell/* word */.Vm)(accessory.restart)}`,
        `--network ${(0,shell/* word */.Vm)(accessory.network)}`,
        ...loggingArgs(accessory.logging),
        ...(accessory.port ? [publishArg(accessory.port)] : []),
        ...(0,shell/* argumentize */.Ou)('--env', { KAMAL_HOST: host }),
        ...(0,shell/* argumentize */.Ou)('--env', accessory.env.clear),
        `--env-file ${(0,shell/* word */.Vm)((0,naming/* accessoryEnvFile */.QG)(config, accessory))}`,
        ...volumes.map((v) => `--volume ${v}`),
        ...(0,shell/* argumentize */.Ou)('--label', { service: accessory.service, ...accessory.labels }),
        ...(0,shell/* optionize */.Ew)(accessory.options),
        (0,shell/* word */.Vm)(accessory.image),
        ...(accessory.cmd ? [accessory.cmd] : [])
    ].join(' ');
}
/** Any container of the accessory, in any state (Kamal skips booting when one exists). */
function accessoryExists(accessory) {
    return `docker ps -a -q --filter label=service=${(0,shell/* word */.Vm)(accessory.service)}`;
}
/** Ends the script (successfully, reporting `accessory` = exists) when a container of it is there. */
function stopIfAccessoryExists(accessory) {
    return {
        lines: [`if [ -n "$(${accessoryExists(accessory)})" ]; then ${(0,protocol/* reportLine */.BS)('accessory', 'exists')}; exit 0; fi`]
    };
}
/** `chown` of an uploaded file when the config gives an owner. */
function chownFile(accessory, file) {
    return file.owner ? [`chown ${(0,shell/* word */.Vm)(file.owner)} ${(0,shell/* word */.Vm)(accessoryFilePath(accessory, file))}`] : [];
}
function makeDirectory(accessory, dir) {
    const path = accessoryDirectoryPath(accessory, dir);
    return [
        `mkdir -p ${path}`,
        ...(dir.mode ? [`chmod ${(0,shell/* word */.Vm)(dir.mode)} ${path}`] : []),
        ...(dir.owner ? [`chown ${(0,shell/* word */.Vm)(dir.owner)} ${path}`] : [])
    ];
}

;// CONCATENATED MODULE: ./src/flows/accessory.ts
// Booting accessories (Kamal's `accessory boot`, lib/kamal/cli/accessory.rb): each on its hosts,
// unless a container of it already exists (then it is left alone, as Kamal does).














const fileKey = (acc, local) => `${acc.name}\0${local}`;
/** Boots one accessory on one host unless a container of it already exists. */
async function bootAccessory(ctx, acc, host, files) {
    const { config } = ctx;
    const script = new commands_script/* RemoteScript */.Sq();
    addLogin(script, ctx, acc.registry ?? config.registry);
    script.add(createNetwork);
    for (const dir of acc.directories)
        script.add(...makeDirectory(acc, dir));
    for (const file of acc.files) {
        script.writeFile(accessoryFilePath(acc, file), files.get(fileKey(acc, file.local)) ?? Buffer.alloc(0), file.mode ?? '755');
        script.add(...chownFile(acc, file));
    }
    script.add(stopIfAccessoryExists(acc), auditLine(config, ctx.performer, `Booted ${acc.name} accessory`));
    script.writeFile((0,naming/* accessoryEnvFile */.QG)(config, acc), envFileContent(acc.env, ctx.secrets), '600');
    script.add((0,shell/* quietly */.gd)(runAccessory(config, acc, host)));
    if (acc.proxy)
        addProxySwitch(script, ctx, {
            proxy: acc.proxy,
            service: acc.service,
            container: acc.service,
            tlsName: acc.name,
            what: `accessory ${acc.name}`,
            host
        });
    const { report } = await (0,remote/* runRemote */.Q)(ctx.pool.get(host), script, `boot accessory ${acc.name}`);
    return report.accessory === 'exists' ? 'left running' : 'booted';
}
async function bootAccessories(ctx, readLocalFile) {
    const { targets } = ctx;
    if (targets.accessories.length === 0)
        return;
    // Read every local file first: a missing one stops the run before any host is touched.
    const files = new Map();
    for (const acc of targets.accessories)
        for (const f of acc.files)
            if (!files.has(fileKey(acc, f.local)))
                files.set(fileKey(acc, f.local), readLocalFile(f.local, acc));
    await ctx.reporter.group(`Boot accessories: ${targets.accessories.map((a) => a.name).join(', ')}`, async () => {
        const hosts = [...new Set(targets.accessories.flatMap((a) => a.hosts))];
        await onHosts(ctx, hosts, async (host) => {
            for (const acc of targets.accessories.filter((a) => a.hosts.includes(host))) {
                (0,context/* throwIfCancelled */.d)(ctx.signal);
                const started = Date.now();
                try {
                    const action = await bootAccessory(ctx, acc, host, files);
                    ctx.report.accessories.push({ name: acc.name, host, action, seconds: secondsSince(started) });
                    ctx.reporter.info(action === 'booted'
                        ? `${host}: booted ${acc.name} (${acc.service})`
                        : `Skipping booting \`${acc.name}\` on ${host}, a container already exists`);
                }
                catch (error) {
                    ctx.report.accessories.push({
                        name: acc.name,
                        host,
                        action: 'failed',
                        seconds: secondsSince(started),
                        error: (0,values/* errorMessage */.gJ)(error)
                    });
                    throw error;
                }
            }
        });
    });
}

;// CONCATENATED MODULE: ./src/flows/setup.ts
// `setup` (lib/kamal/cli/main.rb `setup`): lock → make sure Docker is on every host → upload env
// files → boot kamal-proxy → boot accessories that are not there yet → deploy → release.













/** Docker on every host (installed when we are root on an apt host), `.kamal`, and the env files. */
async function prepareHosts(ctx) {
    const { config, targets } = ctx;
    const missing = [];
    await ctx.reporter.group(`Ensure Docker is installed and push env files on ${targets.hosts.length} host(s)`, async () => {
        await onHosts(ctx, targets.hosts, async (address) => {
            const script = new commands_script/* RemoteScript */.Sq().add(ensureDocker);
            for (const role of targets.roles) {
                const host = role.hosts.find((h) => h.address === address);
                if (host)
                    script.writeFile((0,naming/* roleEnvFile */.c8)(config, role), envFileContent(envFor(config, role, host), ctx.secrets), '600');
            }
            for (const acc of targets.accessories)
                if (acc.hosts.includes(address))
                    script.writeFile((0,naming/* accessoryEnvFile */.QG)(config, acc), envFileContent(acc.env, ctx.secrets), '600');
            const { report } = await (0,remote/* runRemote */.Q)(ctx.pool.get(address), script, 'ensure Docker and push env files');
            if (report.docker === 'missing')
                missing.push(address);
            else if (report.docker === 'installed') {
                ctx.report.dockerInstalled.push(address);
                ctx.reporter.info(`${address}: Docker was missing and has been installed`);
            }
        });
    });
    if (missing.length > 0)
        throw new errors/* DockerMissingError */.$u(`Docker is not installed on ${missing.join(', ')} and can't be installed automatically: that needs root (ssh.user is ${config.ssh.user}) and apt-get. Install Docker on ${missing.length > 1 ? 'those hosts' : 'that host'} by hand: https://docs.docker.com/engine/install/`);
}
/** The part of setup that runs under the lock. */
async function setupLocked(ctx, readLocalFile) {
    await prepareHosts(ctx);
    (0,context/* throwIfCancelled */.d)(ctx.signal);
    await bootProxies(ctx, proxyHosts(ctx, true));
    (0,context/* throwIfCancelled */.d)(ctx.signal);
    await bootAccessories(ctx, readLocalFile);
    (0,context/* throwIfCancelled */.d)(ctx.signal);
    await pullOnAppHosts(ctx);
    (0,context/* throwIfCancelled */.d)(ctx.signal);
    await bootApp(ctx);
    await finishDeploy(ctx);
}

;// CONCATENATED MODULE: ./src/flows/run.ts
// The locked flows as the action runs them: `deploy`, `setup`, and the manual lock commands.










/** Records where the lock will be and tells the adapter (for the post step) before it is taken. */
function announceLock(ctx, hooks) {
    const host = ctx.targets.primaryHost;
    const path = (0,naming/* lockDir */.JK)(ctx.config);
    ctx.report.lock.host = host;
    ctx.report.lock.path = path;
    hooks.beforeAcquire({ host, path, token: ctx.lock.token });
    return { host, path };
}
/** KAMAL_LOCK=true: a wrapping process holds the lock, so this run neither takes nor releases it. */
function inheritLock(ctx, hooks) {
    ctx.reporter.info('KAMAL_LOCK=true: the deploy lock is held by the calling process; not taking it again');
    hooks.afterAcquire?.();
}
/** A lock someone else holds (thrown as is, or by one host of a HostsError) is recorded for the
 * summary and becomes the error of the run; any other error stays as it is. */
function lockHeldOr(ctx, error) {
    const held = error instanceof errors/* HostsError */.gy ? error.failures.find((f) => f.error instanceof errors/* LockHeldError */.Rk)?.error : error;
    if (!(held instanceof errors/* LockHeldError */.Rk))
        return error;
    ctx.report.lock.holder = held.details.trim();
    return held;
}
/** Releases this run's lock (if it holds one) and tells the adapter once it is released. */
async function releaseAtEnd(ctx, hooks) {
    await releaseRunLock(ctx);
    if (ctx.report.lock.released)
        hooks.afterRelease();
}
async function withLock(ctx, hooks, fn) {
    if (hooks.inherited) {
        inheritLock(ctx, hooks);
        return fn();
    }
    const { host, path } = announceLock(ctx, hooks);
    try {
        await ctx.reporter.group(`Acquire the deploy lock on ${host}`, async () => {
            await (0,lock/* takeLock */.HJ)(ctx.pool.get(host), ctx.config, ctx.lock, ctx.version);
            ctx.reporter.info(`Acquired the deploy lock ${path} as ${ctx.lock.name}`);
        });
    }
    catch (error) {
        throw lockHeldOr(ctx, error);
    }
    ctx.report.lock.taken = true;
    try {
        hooks.afterAcquire?.();
        await fn();
    }
    finally {
        await releaseAtEnd(ctx, hooks);
    }
}
const releasing = new WeakMap();
/** Releases the lock this run holds (idempotent, and safe to call twice at once: the flow's
 * `finally` and a SIGINT/SIGTERM handler may both get here). */
function releaseRunLock(ctx) {
    let p = releasing.get(ctx);
    if (!p) {
        p = doRelease(ctx);
        releasing.set(ctx, p);
    }
    return p;
}
async function doRelease(ctx) {
    // `host` is set just before the lock is requested: a signal may arrive while that request is in
    // flight, so release by token even before `taken` is known (it never touches another's lock).
    const host = ctx.report.lock.host;
    if (!host || ctx.report.lock.released)
        return;
    const outcome = await (0,lock/* releaseOwnLock */.LD)(ctx.pool.get(host), ctx.config, ctx.lock);
    // Still 'absent' while our request may land later: then only the post step can be sure.
    if (outcome === 'released' || ctx.report.lock.taken)
        (0,lock/* noteRelease */.s)(ctx, host, outcome);
}
/**
 * Deploy in at most 3 round trips per host on success — pull (+ take the lock on the primary host),
 * boot (one per role: run, wait healthy, stop old), finish (tag, prune, + release the lock) — and
 * a fourth on hosts behind kamal-proxy (make sure the proxy runs).
 */
async function runDeploy(ctx, hooks) {
    if (hooks.inherited) {
        inheritLock(ctx, hooks);
        await pullOnAppHosts(ctx);
        await bootProxies(ctx, proxyHosts(ctx, false));
        await bootApp(ctx);
        return finishDeploy(ctx);
    }
    const { host } = announceLock(ctx, hooks);
    try {
        await pullOnAppHosts(ctx, { host, details: (0,lock/* lockDetails */.wN)(ctx.lock, ctx.version) });
        hooks.afterAcquire?.();
        (0,context/* throwIfCancelled */.d)(ctx.signal);
        await bootProxies(ctx, proxyHosts(ctx, false));
        (0,context/* throwIfCancelled */.d)(ctx.signal);
        await bootApp(ctx);
        await finishDeploy(ctx);
    }
    catch (error) {
        throw lockHeldOr(ctx, error);
    }
    finally {
        await releaseAtEnd(ctx, hooks);
    }
}
async function runSetup(ctx, hooks, readLocalFile) {
    await withLock(ctx, hooks, () => setupLocked(ctx, readLocalFile));
}
async function runLockStatus(ctx) {
    const details = await (0,lock/* readLock */.mF)(ctx.pool.get(ctx.targets.primaryHost), ctx.config);
    ctx.reporter.info(details ? `Deploy lock on ${ctx.targets.primaryHost}:\n${details}` : 'There is no deploy lock');
    ctx.report.lock = {
        host: ctx.targets.primaryHost,
        path: (0,naming/* lockDir */.JK)(ctx.config),
        taken: false,
        released: false,
        holder: details
    };
    return details;
}
/** A manual lock (for maintenance): it is kept after the run, for `lock-release` to remove. */
async function runLockAcquire(ctx, message) {
    const host = ctx.pool.get(ctx.targets.primaryHost);
    await (0,lock/* takeLock */.HJ)(host, ctx.config, ctx.lock, ctx.version, message || commands_lock/* AUTOMATIC_LOCK_MESSAGE */.qn);
    ctx.report.lock = { host: host.host, path: (0,naming/* lockDir */.JK)(ctx.config), taken: true, released: false };
    ctx.reporter.info(`Acquired the deploy lock on ${host.host}`);
}
async function runLockRelease(ctx) {
    const host = ctx.pool.get(ctx.targets.primaryHost);
    const holder = await (0,lock/* readLock */.mF)(host, ctx.config);
    const released = await (0,lock/* forceRelease */.TD)(host, ctx.config);
    ctx.report.lock = { host: host.host, path: (0,naming/* lockDir */.JK)(ctx.config), taken: false, released, holder };
    ctx.reporter.info(released
        ? `Released the deploy lock on ${host.host} (it was: ${holder ?? 'unreadable'})`
        : 'There is no deploy lock');
}

;// CONCATENATED MODULE: ./src/flows/plan.ts
// `plan`: the setup or deploy flow run against recording hosts, so the plan is exactly what the
// flow would send, host by host and in order, without connecting to anything. Each recorded host
// answers success with the report each command declares for a run where everything went well.



class RecordingHost {
    host;
    log;
    constructor(host, log) {
        this.host = host;
        this.log = log;
    }
    exec(cmd, label) {
        this.log.push({ host: this.host, label, command: cmd.command, stdin: cmd.stdin, carries: cmd.carries });
        return Promise.resolve({ code: 0, stdout: (0,protocol/* formatReport */.CI)(cmd.assumed), stderr: '' });
    }
}
/** Hosts one at a time, so the recorded order is the same on every run. */
class RecordingPool {
    limit = 1;
    log = [];
    hosts = new Map();
    get(host) {
        let h = this.hosts.get(host);
        if (!h)
            this.hosts.set(host, (h = new RecordingHost(host, this.log)));
        return h;
    }
}
const silentReporter = {
    group: (_title, fn) => fn(),
    info: () => undefined,
    warning: () => undefined,
    remote: () => undefined
};
const noHooks = { inherited: false, beforeAcquire: () => undefined, afterRelease: () => undefined };
/** Runs `setup` or `deploy` against recording hosts; `ctx.pool` must be a RecordingPool. */
async function recordPlan(ctx, planFor, readLocalFile) {
    // boot.wait between groups is shown as a step of the primary host instead of waited for.
    const sleep = (s) => {
        ctx.pool.log.push({
            host: ctx.targets.primaryHost,
            label: `wait ${s}s (boot.wait) before the next boot group`,
            command: `sleep ${s}`,
            carries: []
        });
        return Promise.resolve();
    };
    const planCtx = { ...ctx, sleep };
    if (planFor === 'setup')
        await runSetup(planCtx, noHooks, readLocalFile);
    else
        await runDeploy(planCtx, noHooks);
    return ctx.pool.log;
}
/** The plan per host, in the order the hosts first appear; each step is a heading and its script. */
function planByHost(log) {
    const out = new Map();
    for (const e of log) {
        const steps = out.get(e.host) ?? [];
        const stdin = (0,commands_script/* describeStdin */.Qk)(e.carries);
        steps.push(`# ${steps.length + 1}. ${e.label}${stdin ? ` ${stdin}` : ''}\n${e.command}`);
        out.set(e.host, steps);
    }
    return out;
}

;// CONCATENATED MODULE: ./src/action/commands.ts
// The action's commands, one handler each: a new command is one entry of HANDLERS.


/** Records the setup or deploy flow against recording hosts and prints it, host by host. */
const plan = async ({ core, inputs, prepared, ctx, readLocal, report }) => {
    const { planFor } = inputs;
    if (prepared.kind !== 'plan' || !(ctx.pool instanceof RecordingPool))
        throw new Error('plan needs recording hosts');
    for (const name of prepared.missingSecrets)
        core.warning(`Secret '${name}' is not defined by the secrets files nor the step's environment: a ${planFor} would stop before touching any host`);
    const byHost = planByHost(await recordPlan({ ...ctx, pool: ctx.pool }, planFor, readLocal));
    for (const [host, steps] of byHost) {
        const title = `Plan of a ${planFor} on ${host}: ${steps.length} exec${steps.length > 1 ? 's' : ''}`;
        await core.group(title, () => {
            for (const step of steps)
                core.info(`${step}\n`);
            return Promise.resolve();
        });
    }
    report.plan = {
        planFor,
        hosts: [...byHost].map(([host, steps]) => ({ host, steps })),
        missingSecrets: prepared.missingSecrets
    };
};
const HANDLERS = {
    deploy: ({ ctx, hooks }) => runDeploy(ctx, hooks),
    setup: ({ ctx, hooks, readLocal }) => runSetup(ctx, hooks, readLocal),
    plan,
    'lock-status': async ({ ctx }) => void (await runLockStatus(ctx)),
    'lock-acquire': ({ ctx, inputs }) => runLockAcquire(ctx, inputs.lockMessage ?? ''),
    'lock-release': ({ ctx }) => runLockRelease(ctx)
};

// EXTERNAL MODULE: ./src/action/inputs.ts
var inputs = __webpack_require__(1729);
// EXTERNAL MODULE: ./src/action/prepare.ts + 2 modules
var prepare = __webpack_require__(3562);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/config/erb.ts
var erb = __webpack_require__(6833);
// EXTERNAL MODULE: ./src/config/warnings.ts
var warnings = __webpack_require__(4601);
// EXTERNAL MODULE: ./src/config/errors.ts
var config_errors = __webpack_require__(7827);
;// CONCATENATED MODULE: ./src/action/core.ts



/** Log groups, messages and remote output for the flows. */
function makeReporter(core) {
    return {
        group: (title, fn) => core.group(title, async () => {
            const t = performance.now();
            try {
                return await fn();
            }
            finally {
                core.debug(`deckhand: phase "${title}" took ${(performance.now() - t).toFixed(0)} ms`);
            }
        }),
        info: (m) => core.info(m),
        warning: (m) => core.warning(m),
        remote: (host, text) => {
            // Remote output must not be able to issue workflow commands (::add-mask::, ::error:: ...).
            const token = (0,external_node_crypto_.randomBytes)(16).toString('hex');
            core.info(`::stop-commands::${token}`);
            for (const line of text.split('\n'))
                core.info(`${host}: ${line}`);
            core.info(`::${token}::`);
        }
    };
}
/** Masks every secret and every form of it that could appear in output (escaped as in env files and --env). */
function maskSecrets(core, values) {
    for (const v of values) {
        if (v.length < 4)
            continue; // masking tiny strings would blank the logs; they are not printed anyway
        for (const form of new Set([v, (0,shell/* envFileValue */.n_)(v), (0,shell/* kamalValue */.mH)(v).slice(1, -1)]))
            core.setSecret(form);
    }
}
/** The runner shows at most 10 error annotations per step, and setFailed takes one of them. */
const MAX_ANNOTATIONS = 9;
/** Each problem of the config as an annotation on its file and line (the first nine). */
function annotateConfigError(core, error, workingDirectory, repoRoot) {
    for (const p of error.problems.slice(0, MAX_ANNOTATIONS)) {
        const file = p.location ? (0,external_node_path_.relative)(repoRoot, (0,external_node_path_.resolve)(workingDirectory, p.location.file)) : undefined;
        core.error(p.keyPath ? `${p.keyPath}: ${p.message}` : p.message, {
            title: 'Invalid deploy configuration',
            file,
            startLine: p.location?.line,
            startColumn: p.location?.column
        });
    }
    const more = error.problems.length - MAX_ANNOTATIONS;
    if (more > 0)
        core.info(`${more} more configuration problem${more > 1 ? 's are' : ' is'} not annotated (the runner shows at most 10 annotations per step); all ${error.problems.length} are listed below and in the job summary`);
}

;// CONCATENATED MODULE: ./src/action/deployments.ts

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);
/** The event payload the runner wrote to GITHUB_EVENT_PATH ({} when absent or unreadable). */
function readEventPayload(env) {
    const path = env['GITHUB_EVENT_PATH'];
    if (!path)
        return {};
    try {
        return JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
    }
    catch {
        return {};
    }
}
function prHeadSha(payload) {
    if (typeof payload !== 'object' || payload === null)
        return undefined;
    const pr = payload.pull_request;
    const sha = pr?.head?.sha;
    return typeof sha === 'string' && /^[0-9a-f]{40}$/i.test(sha) ? sha : undefined;
}
/**
 * The commit to deploy and report on. On pull_request events GITHUB_SHA is the test merge commit,
 * which "Require deployments to succeed" never looks at: the PR head is what counts.
 */
function deploymentTarget(env, payload) {
    const event = env['GITHUB_EVENT_NAME'] ?? '';
    const head = PR_EVENTS.has(event) ? prHeadSha(payload) : undefined;
    const sha = head ?? env['GITHUB_SHA'] ?? '';
    if (!sha)
        throw new Error(PR_EVENTS.has(event)
            ? `no pull_request.head.sha in the ${event} event payload and no GITHUB_SHA`
            : 'GITHUB_SHA is not set');
    return { ref: sha, sha };
}
function serverUrl(env) {
    return (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, '');
}
/** The run's page (the attempt's page from the second attempt on). */
function runLogUrl(env) {
    const repo = env['GITHUB_REPOSITORY'];
    const run = env['GITHUB_RUN_ID'];
    if (!repo || !run)
        return undefined;
    const attempt = Number(env['GITHUB_RUN_ATTEMPT'] ?? '1');
    return `${serverUrl(env)}/${repo}/actions/runs/${run}${attempt > 1 ? `/attempts/${attempt}` : ''}`;
}
function commitUrl(env, sha) {
    const repo = env['GITHUB_REPOSITORY'];
    return repo && sha ? `${serverUrl(env)}/${repo}/commit/${sha}` : undefined;
}
function splitRepository(repository) {
    const m = /^([^/\s]+)\/([^/\s]+)$/.exec(repository ?? '');
    if (!m)
        throw new Error(`GITHUB_REPOSITORY '${repository ?? ''}' is not owner/name`);
    return { owner: m[1], repo: m[2] };
}
/** GitHub cuts descriptions at 140 characters. */
function description(text) {
    return text.length <= 140 ? text : `${text.slice(0, 139)}…`;
}
function httpStatus(error) {
    const s = typeof error === 'object' && error !== null ? error.status : undefined;
    return typeof s === 'number' ? s : undefined;
}
function explain(error) {
    const status = httpStatus(error);
    const message = error instanceof Error ? error.message : String(error);
    if (status === 403 || status === 404)
        return `HTTP ${status} (${message}): the token may not write deployments — give the job \`permissions: deployments: write\`; pull requests from forks only get a read-only token`;
    return status ? `HTTP ${status} (${message})` : message;
}
class GitHubDeployment {
    octokit;
    run;
    /** Undefined until created, and for good when creation failed or GitHub answered 202. */
    id;
    logUrl;
    owner;
    repo;
    /** Every call waits for the previous one, so GitHub sees the states in order. */
    chain;
    finished = false;
    constructor(octokit, run) {
        this.octokit = octokit;
        this.run = run;
        ;
        ({ owner: this.owner, repo: this.repo } = splitRepository(run.env['GITHUB_REPOSITORY']));
        this.logUrl = runLogUrl(run.env);
        this.chain = this.create();
    }
    /** Starts creating the deployment (the deploy does not wait for it). Loads Octokit only now. */
    static async start(run) {
        try {
            const { getOctokit } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(413)]).then(__webpack_require__.bind(__webpack_require__, 2413));
            const baseUrl = (run.env['GITHUB_API_URL'] || 'https://api.github.com').replace(/\/+$/, '');
            return new GitHubDeployment(getOctokit(run.inputs.token, { baseUrl }), run);
        }
        catch (error) {
            run.log.warning(`GitHub deployment not created: ${explain(error)}`);
            return undefined;
        }
    }
    async create() {
        const { inputs, target, version } = this.run;
        try {
            const res = await this.octokit.rest.repos.createDeployment({
                owner: this.owner,
                repo: this.repo,
                ref: target.ref,
                task: 'deploy',
                auto_merge: false,
                required_contexts: [],
                environment: inputs.environment,
                description: description(`Deckhand ${this.run.command} of ${version}`),
                transient_environment: inputs.transient,
                ...(inputs.production === undefined ? {} : { production_environment: inputs.production }),
                payload: { version, ...(this.run.destination ? { destination: this.run.destination } : {}) },
                request: { signal: AbortSignal.timeout(15_000) }
            });
            // 202 is GitHub's answer when it would merge first (auto_merge): a message, no deployment.
            if (!('id' in res.data)) {
                this.run.log.warning(`GitHub did not create a deployment (HTTP ${res.status}): ${res.data.message ?? 'no id in the answer'}`);
                return;
            }
            this.id = res.data.id;
            this.run.log.info(`GitHub deployment ${this.id} to environment ${inputs.environment} for ${target.sha}`);
        }
        catch (error) {
            this.run.log.warning(`GitHub deployment not created: ${explain(error)}`);
        }
    }
    status(state, text, timeoutMs) {
        this.chain = this.chain.then(async () => {
            if (this.id === undefined)
                return;
            const url = this.run.inputs.environmentUrl;
            try {
                await this.octokit.rest.repos.createDeploymentStatus({
                    owner: this.owner,
                    repo: this.repo,
                    deployment_id: this.id,
                    state,
                    description: description(text),
                    ...(this.logUrl ? { log_url: this.logUrl } : {}),
                    ...(url ? { environment_url: url } : {}),
                    request: { signal: AbortSignal.timeout(timeoutMs) }
                });
            }
            catch (error) {
                this.run.log.warning(`Could not set GitHub deployment ${this.id} to ${state}: ${explain(error)}`);
            }
        });
        return this.chain;
    }
    /** The deploy lock is held: the deploy is really under way. */
    inProgress() {
        if (!this.finished)
            void this.status('in_progress', `Deploying ${this.run.version}`, 15_000);
    }
    /** The last state (once); waits for every earlier call. `timeoutMs` bounds each pending call. */
    async finish(state, text, timeoutMs = 15_000) {
        if (this.finished)
            return this.chain;
        this.finished = true;
        await this.status(state, text, timeoutMs);
    }
}

;// CONCATENATED MODULE: ./src/action/summary.ts
/** Per role, the versions stopped on its hosts (in host order, each once), for roles that had one. */
function previousVersionsByRole(boots) {
    const byRole = new Map();
    for (const b of boots) {
        const list = byRole.get(b.role) ?? [];
        if (b.versionStopped && !list.includes(b.versionStopped))
            list.push(b.versionStopped);
        byRole.set(b.role, list);
    }
    return [...byRole].filter(([, versions]) => versions.length > 0);
}
const code = (s) => `<code>${escapeHtml(s)}</code>`;
function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
const cell = (s) => (s === undefined || s === '' ? '–' : escapeHtml(String(s)));
function table(header, rows) {
    const head = `<tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
    const body = rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('');
    return `<table>${head}${body}</table>\n`;
}
/** The previous version: per role when the roles ran different ones, else the primary role's (the output). */
function previousText(report) {
    const previous = previousVersionsByRole(report.boots);
    const distinct = [...new Set(previous.flatMap(([, v]) => v))];
    if (distinct.length > 1)
        return previous.map(([role, v]) => `${escapeHtml(role)} ${v.map(code).join(', ')}`).join(', ');
    const one = report.previousVersion ?? distinct[0];
    return one ? code(one) : undefined;
}
/** The line of facts under the title: version, commit, previous version, deployment, hosts, time. */
function facts(report, { commit, deployment }) {
    const short = commit ? code(commit.sha.slice(0, 7)) : '';
    const previous = previousText(report);
    const items = [
        `<b>Version</b> ${code(report.version || '–')}`,
        ...(commit ? [`<b>Commit</b> ${commit.url ? `<a href="${escapeHtml(commit.url)}">${short}</a>` : short}`] : []),
        ...(previous ? [`<b>Previous</b> ${previous}`] : []),
        ...(deployment ? [`<b>GitHub deployment</b> ${deployment.id} to ${code(deployment.environment)}`] : []),
        `<b>Hosts</b> ${report.hosts.length}`,
        `<b>Time</b> ${report.durationSeconds.toFixed(1)} s`
    ];
    return `<p>${items.join(' · ')}</p>\n`;
}
function failure(f) {
    const where = `${f.host ? ` on ${escapeHtml(f.host)}` : ''}${f.command ? ` running <code>${escapeHtml(f.command)}</code>` : ''}`;
    const detail = f.output ?? (f.message.includes('\n') ? f.message : undefined);
    return `<p><b>Failed${where}</b>: ${escapeHtml(f.message.split('\n')[0] ?? '')}</p>\n${detail ? `<pre>${escapeHtml(detail)}</pre>\n` : ''}`;
}
function configProblems(problems) {
    const n = problems.length;
    const items = problems.map((p) => `<li>${p.where ? `<code>${escapeHtml(p.where)}</code> ` : ''}${escapeHtml(p.message)}</li>\n`);
    return `<p><b>${n} problem${n > 1 ? 's' : ''} in the deploy configuration</b></p>\n<ul>\n${items.join('')}</ul>\n`;
}
function summary_plan({ planFor, hosts, missingSecrets }) {
    const parts = [
        `<p>What a <code>${escapeHtml(planFor)}</code> would run, host by host and in order (nothing was connected to; secrets travel only on stdin and are not shown).</p>\n`
    ];
    if (missingSecrets.length > 0)
        parts.push(`<p>⚠️ Secrets not defined yet: ${missingSecrets.map((m) => `<code>${escapeHtml(m)}</code>`).join(', ')}</p>\n`);
    for (const h of hosts)
        parts.push(`<details><summary>${escapeHtml(h.host)}: ${h.steps.length} exec${h.steps.length > 1 ? 's' : ''}</summary>\n\n<pre>${escapeHtml(h.steps.join('\n\n'))}</pre>\n</details>\n`);
    return parts.join('');
}
function boots(report) {
    // The Proxy column (kamal-proxy's result) only when some role runs behind the proxy.
    const proxied = report.boots.some((b) => b.proxy !== undefined);
    return table(['Host', 'Role', 'Booted', 'Stopped', 'Health', ...(proxied ? ['Proxy'] : []), 'Seconds'], report.boots.map((b) => [
        b.host,
        b.role,
        b.ok ? b.versionBooted : `${b.versionBooted} (failed)`,
        b.versionStopped,
        b.health,
        ...(proxied ? [b.proxy] : []),
        b.seconds.toFixed(1)
    ]));
}
function summary_lock(l) {
    if (!l.host)
        return '';
    const state = l.taken
        ? l.released
            ? 'taken and released'
            : '<b>taken and still held</b>'
        : l.holder
            ? 'held by someone else'
            : l.released
                ? 'released'
                : 'not taken';
    const line = `<p><b>Lock</b> <code>${escapeHtml(l.path ?? '')}</code> on ${escapeHtml(l.host)}: ${state}</p>\n`;
    return l.holder ? `${line}<pre>${escapeHtml(l.holder)}</pre>\n` : line;
}
function renderSummary(report, title, extra = {}) {
    const parts = [`<h2>${report.failure ? '❌' : '✅'} ${escapeHtml(title)}</h2>\n`, facts(report, extra)];
    if (report.failure)
        parts.push(failure(report.failure));
    if (report.configProblems.length > 0)
        parts.push(configProblems(report.configProblems));
    if (report.plan)
        parts.push(summary_plan(report.plan));
    if (report.boots.length > 0)
        parts.push(boots(report));
    if (report.accessories.length > 0)
        parts.push(table(['Accessory', 'Host', 'Result', 'Seconds'], report.accessories.map((a) => [a.name, a.host, a.action, a.seconds.toFixed(1)])));
    if (report.dockerInstalled.length > 0)
        parts.push(`<p>Docker installed on: ${escapeHtml(report.dockerInstalled.join(', '))}</p>\n`);
    parts.push(summary_lock(report.lock));
    const counts = Object.entries(report.execCounts);
    if (counts.length > 0)
        parts.push(`<details><summary>SSH commands per host</summary>\n\n${table(['Host', 'Commands'], counts)}</details>\n`);
    return parts.join('');
}

;// CONCATENATED MODULE: ./src/action/publish.ts
// What a finished run leaves for the workflow: step outputs and the job summary.





const TITLES = {
    setup: 'Setup',
    deploy: 'Deploy',
    plan: 'Plan',
    'lock-status': 'Lock status',
    'lock-acquire': 'Lock acquire',
    'lock-release': 'Lock release'
};
/** Records a failure in the report: every config problem with its place, or the failed host and command. */
function recordFailure(report, failure) {
    if (failure instanceof config_errors/* ConfigError */.x) {
        report.configProblems = failure.problems.map((p) => ({
            where: p.location ? `${p.location.file}:${p.location.line}:${p.location.column}` : undefined,
            message: p.keyPath ? `${p.keyPath}: ${p.message}` : p.message
        }));
        const n = failure.problems.length;
        report.failure = { message: `the deploy configuration has ${n} problem${n > 1 ? 's' : ''}` };
    }
    else
        report.failure = describeFailure(failure);
}
function summaryTitle(report, config) {
    const app = config ? ` of ${config.service}${config.destination ? ` (${config.destination})` : ''}` : '';
    return `${TITLES[report.command] ?? report.command}${app}${report.version ? ` ${report.version}` : ''}`;
}
/** Sets every output and writes the job summary (a summary that cannot be written is a warning). */
async function publish(core, report, config, extra) {
    core.setOutput('version', report.version);
    core.setOutput('previous-version', report.previousVersion ?? '');
    core.setOutput('hosts', JSON.stringify(report.hosts));
    core.setOutput('duration', report.durationSeconds.toFixed(1));
    core.setOutput('deployment-id', extra.deployment === undefined ? '' : String(extra.deployment.id));
    core.setOutput('url', config ? proxyUrl(config) : '');
    try {
        await core.summary.addRaw(renderSummary(report, summaryTitle(report, config), extra)).write();
    }
    catch (e) {
        core.warning(`Could not write the job summary: ${(0,values/* errorMessage */.gJ)(e)}`);
    }
}

// EXTERNAL MODULE: ./src/action/state.ts
var state = __webpack_require__(3175);
;// CONCATENATED MODULE: ./src/action/step.ts
// One run of the action's main step: it starts the flows' context from a prepared run, and ends
// the run — outputs, summary, the GitHub deployment's last state — once, whichever way it ends
// (done, failed, or cancelled by the runner).
















/** The commit of the run: the PR head on pull_request events (GITHUB_SHA is the test merge there). */
function commitOf(env) {
    try {
        const { sha } = deploymentTarget(env, readEventPayload(env));
        return { sha, url: commitUrl(env, sha) };
    }
    catch {
        return undefined;
    }
}
const DEPLOYING = ['setup', 'deploy'];
class Step {
    core;
    env;
    prepared;
    started;
    cancellation;
    report;
    ctx;
    deployment;
    commit;
    constructor(core, env, prepared, started, cancellation) {
        this.core = core;
        this.env = env;
        this.prepared = prepared;
        this.started = started;
        this.cancellation = cancellation;
        this.report = prepared.ok
            ? emptyReport(prepared.inputs.command, prepared.inputs.version)
            : emptyReport(prepared.command, prepared.version);
    }
    /** A run that could not start: its config problems annotated, and the error to fail with. */
    failedEarly(error, workingDirectory) {
        if (error instanceof config_errors/* ConfigError */.x && workingDirectory)
            annotateConfigError(this.core, error, workingDirectory, this.env['GITHUB_WORKSPACE'] ?? process.cwd());
        return error;
    }
    /** The flows' context for a prepared run (and the GitHub deployment, when asked for). */
    async begin(prepared) {
        const { core, env, report } = this;
        const { inputs, config } = prepared;
        report.hosts = prepared.hosts;
        this.commit = commitOf(env);
        if (DEPLOYING.includes(inputs.command) && inputs.deployment.enabled)
            await this.startDeployment(prepared);
        // A plan holds only <NAME> placeholders, nothing to mask.
        if (prepared.kind === 'remote')
            maskSecrets(core, prepared.secrets.values());
        for (const line of (0,warnings/* configWarnings */.O$)(config))
            core.warning(line);
        const ctx = {
            config,
            targets: prepared.targets,
            version: inputs.version,
            performer: env['GITHUB_ACTOR'] ?? 'deckhand',
            secrets: prepared.secrets,
            pool: prepared.kind === 'plan' ? new RecordingPool() : (0,remote/* sshHostPool */.L)(prepared.pool),
            reporter: prepared.kind === 'plan' ? silentReporter : makeReporter(core),
            lock: this.lockIdentity(),
            // The plan's flow pretends every step succeeded: keep that out of the real report.
            report: prepared.kind === 'plan' ? emptyReport(report.command, report.version) : report,
            signal: this.cancellation.signal
        };
        this.ctx = ctx;
        return { core, inputs, prepared, ctx, hooks: this.lockHooks(), readLocal: this.localFiles(prepared), report };
    }
    lockIdentity() {
        const { env } = this;
        const run = `${env['GITHUB_RUN_ID'] ?? 'local'}/${env['GITHUB_RUN_ATTEMPT'] ?? '1'}`;
        return {
            name: `Deckhand ${env['GITHUB_REPOSITORY'] ?? 'local'} run ${run} by ${env['GITHUB_ACTOR'] ?? 'unknown'}`,
            token: `deckhand-${run.replace('/', '-')}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`
        };
    }
    lockHooks() {
        return {
            inherited: this.env['KAMAL_LOCK'] === 'true',
            beforeAcquire: (info) => this.core.saveState(state/* STATE */.c.lock, JSON.stringify(info)),
            afterAcquire: () => this.deployment?.inProgress(),
            afterRelease: () => this.core.saveState(state/* STATE */.c.lockReleased, 'true')
        };
    }
    /** Accessory files as uploaded: read from the working directory, ERB files rendered. */
    localFiles(prepared) {
        return (path, accessory) => {
            let content;
            try {
                content = (0,external_node_fs_.readFileSync)((0,external_node_path_.resolve)(prepared.workingDirectory, path));
            }
            catch (error) {
                throw new Error(`Missing file: ${path}`, { cause: error });
            }
            return (0,erb/* renderAccessoryFile */.dd)(path, content, accessory, prepared.secrets, this.env);
        };
    }
    /** start() only loads Octokit; the creation runs while the hosts pull the image. */
    async startDeployment(prepared) {
        const { inputs, config } = prepared;
        if (!this.commit) {
            this.core.warning('GitHub deployment not created: no commit SHA (GITHUB_SHA, or pull_request.head.sha in the event payload)');
            return;
        }
        // The app's address defaults to the `url` output (the proxy host).
        const environmentUrl = inputs.deployment.environmentUrl ?? (proxyUrl(config) || undefined);
        this.deployment = await GitHubDeployment.start({
            log: this.core,
            inputs: { ...inputs.deployment, environmentUrl },
            target: { ref: this.commit.sha, sha: this.commit.sha },
            version: inputs.version,
            command: inputs.command,
            destination: config.destination,
            env: this.env
        });
    }
    /** Ends the run: duration, failure, the deployment's last state, outputs and summary. */
    async finish(failure, cancelled = false) {
        const { core, report } = this;
        report.durationSeconds = (Date.now() - this.started) / 1000;
        if (this.prepared.ok && this.prepared.kind === 'remote') {
            const pool = this.prepared.pool;
            report.execCounts = pool.execCounts();
            const first = pool.firstConnectMs();
            if (first !== undefined)
                core.debug(`deckhand: first SSH connection started ${first.toFixed(0)} ms after process start`);
            core.debug(`deckhand: SSH commands per host ${JSON.stringify(report.execCounts)}`);
        }
        if (failure)
            recordFailure(report, failure);
        if (this.deployment) {
            const state = cancelled ? 'error' : failure ? 'failure' : 'success';
            const reason = report.failure?.message.split('\n')[0] ?? '';
            const text = cancelled
                ? `Deploy of ${report.version} ${reason}`
                : failure
                    ? `Failed: ${reason}`
                    : `Deployed ${report.version}`;
            // Cancelled: the runner kills us 7.5 s after SIGINT, and our own budget is 5 s.
            await this.deployment.finish(state, text, cancelled ? 2500 : 15_000);
        }
        const deployment = this.deployment?.id === undefined
            ? undefined
            : { id: this.deployment.id, environment: this.prepared.ok ? this.prepared.inputs.deployment.environment : '' };
        await publish(core, report, this.prepared.ok ? this.prepared.config : undefined, {
            commit: this.commit,
            deployment
        });
    }
    /** A failed run: ended as above, then the step marked failed with every problem. */
    async fail(error) {
        await this.finish(error);
        this.core.setFailed(error instanceof config_errors/* ConfigError */.x ? error.problems.map(config_errors/* formatProblem */.V).join('\n') : (0,values/* errorMessage */.gJ)(error));
    }
    /**
     * The runner cancelled the run: release our lock within a few seconds, end the run and exit; the
     * post step is the safety net if even that is cut short.
     */
    cancel(signal) {
        const { core, ctx } = this;
        core.warning(`Received ${signal}: stopping and releasing the deploy lock`);
        const timer = setTimeout(() => process.exit(1), 5000);
        const release = ctx
            ? releaseRunLock(ctx).then(() => {
                if (ctx.report.lock.released)
                    core.saveState(state/* STATE */.c.lockReleased, 'true');
            })
            : Promise.resolve();
        void release
            .catch((e) => core.error(`Could not release the deploy lock: ${(0,values/* errorMessage */.gJ)(e)}`))
            .then(() => this.finish(new Error(`cancelled by ${signal}`), true))
            .finally(() => {
            clearTimeout(timer);
            this.close();
            process.exit(1);
        });
    }
    close() {
        if (this.prepared.ok && this.prepared.kind === 'remote')
            this.prepared.pool.closeAll();
    }
}

;// CONCATENATED MODULE: ./src/action/main.ts
// The action's main step: inputs → config and secrets (checked before any host is touched) →
// connections → the command's handler → outputs and job summary. The only layer that knows @actions/*.





async function main(env = process.env) {
    const started = Date.now();
    // Signal handlers first: a cancel even during start-up ends the run our way.
    const cancellation = new Cancellation();
    const prepared = (0,prepare/* prepare */.i)(env);
    // Loaded once the connections are under way (see prepare.ts).
    const core = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(421)]).then(__webpack_require__.bind(__webpack_require__, 6421));
    const token = (0,inputs/* getInput */.V4)(env, 'github-token');
    if (token)
        core.setSecret(token);
    const step = new Step(core, env, prepared, started, cancellation);
    cancellation.onCancel((signal) => step.cancel(signal));
    try {
        if (!prepared.ok)
            throw step.failedEarly(prepared.error, prepared.workingDirectory);
        const run = await step.begin(prepared);
        await HANDLERS[prepared.inputs.command](run);
        if (!cancellation.cancelled)
            await step.finish();
    }
    catch (error) {
        if (!cancellation.cancelled)
            await step.fail(error);
    }
    finally {
        if (!cancellation.cancelled) {
            step.close();
            cancellation.dispose();
        }
    }
}


/***/ })

};
