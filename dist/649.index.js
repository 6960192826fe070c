export const id = 649;
export const ids = [649];
export const modules = {

/***/ 4649:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// UNUSED EXPORTS: makeReporter

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/config/proxy.ts
var proxy = __webpack_require__(1574);
// EXTERNAL MODULE: ./src/commands/naming.ts
var naming = __webpack_require__(9488);
// EXTERNAL MODULE: ./src/commands/shell.ts
var shell = __webpack_require__(4800);
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
        `  echo "kamal-proxy version $DECKHAND_PV is too old, run \\\`kamal proxy reboot\\\` in order to update to at least ${minimum} (or remove the old proxy on this host with \\\`docker rm -f kamal-proxy\\\` and deploy again)" >&2; exit 71`,
        'fi'
    ].join('\n');
}
/** Where a role's custom certificate lives: on the host, and as the proxy container sees it. */
function tlsPaths(config, name) {
    const dir = `${(0,naming/* serviceWithDestination */.IB)(config)}/tls/${name}`;
    return { hostDir: `${PROXY_APPS_CONFIG}/${dir}`, cert: `${CONTAINER_APPS_CONFIG}/${dir}/cert.pem`, key: `${CONTAINER_APPS_CONFIG}/${dir}/key.pem` };
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

// EXTERNAL MODULE: ./src/config/erb.ts
var erb = __webpack_require__(6833);
// EXTERNAL MODULE: ./src/config/source.ts
var source = __webpack_require__(9397);
// EXTERNAL MODULE: ./src/config/load.ts + 1 modules
var load = __webpack_require__(9827);
// EXTERNAL MODULE: ./src/transport/ssh.ts
var ssh = __webpack_require__(7171);
;// CONCATENATED MODULE: ./src/flows/hosts.ts
// Running one piece of work on many hosts: in parallel up to the pool's bound, every host
// allowed to finish, and every failure reported together (Kamal's "fail slow").

class HostsError extends Error {
    failures;
    constructor(failures) {
        super(failures.length === 1
            ? errorMessage(failures[0]?.error)
            : `Failures on ${failures.length} hosts:\n${failures.map((f) => `- ${errorMessage(f.error)}`).join('\n')}`);
        this.failures = failures;
        this.name = 'HostsError';
    }
}
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}
async function onHosts(ctx, hosts, fn) {
    const settled = await (0,ssh/* eachLimited */.ko)(hosts, ctx.pool.limit, fn);
    const out = new Map();
    const failures = [];
    settled.forEach((s, i) => {
        const host = hosts[i];
        if (s.status === 'fulfilled')
            out.set(host, s.value);
        else
            failures.push({ host, error: s.reason });
    });
    if (failures.length > 0)
        throw new HostsError(failures);
    return out;
}
/** The first failure in a form the summary shows: host, command and its last output lines. */
function describeFailure(error) {
    const first = error instanceof HostsError ? error.failures[0]?.error : error;
    if (first instanceof ssh/* RemoteCommandError */.at) {
        const out = (0,ssh/* lastLines */.w$)(`${first.result.stdout}\n${first.result.stderr}`, 15);
        return { host: first.host, command: first.label, output: out, message: errorMessage(error) };
    }
    const host = error instanceof HostsError ? error.failures[0]?.host : undefined;
    return { host, message: errorMessage(error) };
}

;// CONCATENATED MODULE: ./src/flows/report.ts
// What a run did, host by host: the action adapter turns this into outputs and the job summary.
function emptyReport(command, version) {
    return { command, version, hosts: [], dockerInstalled: [], boots: [], accessories: [], lock: { taken: false, released: false }, durationSeconds: 0, configProblems: [], execCounts: {} };
}
/** Seconds since `started` (a Date.now() value), to a tenth, as the summary shows them. */
function secondsSince(started) {
    return Math.round((Date.now() - started) / 100) / 10;
}

// EXTERNAL MODULE: ./src/commands/lock.ts
var commands_lock = __webpack_require__(7587);
// EXTERNAL MODULE: ./src/flows/context.ts
var context = __webpack_require__(4018);
;// CONCATENATED MODULE: ./src/commands/audit.ts


function auditLine(config, performer, message, tags = [], at = new Date()) {
    const time = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const fields = [time, performer, ...(config.destination ? [config.destination] : []), ...tags].map((f) => `[${f}]`).join(' ');
    return `mkdir -p .kamal && echo ${(0,shell/* kamalValue */.mH)(`${fields} ${message}`)} >> ${(0,naming/* auditLog */.sc)(config)}`;
}

// EXTERNAL MODULE: ./src/config/secrets.ts
var config_secrets = __webpack_require__(8019);
;// CONCATENATED MODULE: ./src/commands/app.ts
// Commands for the app containers of a role on a host (Kamal's `app` commands), as exact strings.




/** Root + role env, then the env of each tag the host carries. */
function envFor(config, role, host) {
    return (0,load/* mergeEnv */.Qw)(role.env, ...host.tags.map((t) => config.envTags[t]).filter((e) => e !== undefined));
}
/** Content of a Kamal env file: `KEY=value` lines; an empty file holds just a newline. */
function envFileContent(env, secrets) {
    const lines = env.secret.map((entry) => {
        const { name, source } = (0,config_secrets/* secretAlias */.jO)(entry);
        return `${name}=${(0,shell/* envFileValue */.n_)(secrets.get(source) ?? '')}`;
    });
    return lines.length === 0 ? '\n' : lines.join('\n') + '\n';
}
function loggingArgs(logging) {
    if (!logging.driver && Object.keys(logging.options).length === 0)
        return ['--log-opt max-size="10m"'];
    return [...(logging.driver ? [`--log-driver ${(0,shell/* kamalValue */.mH)(logging.driver)}`] : []), ...(0,shell/* argumentize */.Ou)('--log-opt', logging.options)];
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
function stopContainer(config, role, version) {
    const t = stopTimeout(config, role);
    return `${containerIdByName(containerName(config, role, version))} | xargs docker stop${t === undefined ? '' : ` -t ${t}`}`;
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
function containerHealth(name) {
    return `${containerIdByName(name)} | xargs docker inspect --format ${HEALTH_FORMAT}`;
}
function tagLatest(config, version) {
    return `docker tag ${(0,shell/* word */.Vm)((0,naming/* imageRef */.D6)(config, version))} ${(0,shell/* word */.Vm)(`${config.image}:${(0,naming/* latestTag */.wk)(config)}`)}`;
}

;// CONCATENATED MODULE: ./src/commands/docker.ts


/** Kamal pulls afresh: removes a same-tag image first (may fail), pulls, checks the `service` label. */
function pullImage(config, version) {
    const image = (0,shell/* word */.Vm)((0,naming/* imageRef */.D6)(config, version));
    return {
        remove: `docker image rm --force ${image}`,
        pull: `docker pull ${image}`,
        checkLabel: `docker inspect -f '{{ .Config.Labels.service }}' ${image} | grep -x ${(0,shell/* word */.Vm)(config.service)} || (echo "Image ${(0,naming/* imageRef */.D6)(config, version)} is missing the 'service' label" && exit 1)`
    };
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
 * Makes sure Docker is there. When it is missing and we are root on a host with apt, install
 * Debian's docker.io and start it; otherwise print a marker the flow turns into a clear error.
 */
const ensureDocker = [
    'if ! command -v docker > /dev/null 2>&1; then',
    '  if [ "${EUID:-$(id -u)}" -eq 0 ] && command -v apt-get > /dev/null 2>&1; then',
    '    echo "deckhand: installing docker.io" >&2',
    '    export DEBIAN_FRONTEND=noninteractive',
    '    apt-get update -qq > /dev/null && apt-get install -y -qq docker.io > /dev/null || exit 1',
    '  else echo DECKHAND_NO_DOCKER; exit 0; fi',
    'fi',
    'if ! docker info > /dev/null 2>&1; then',
    "  (unset GOGC; systemctl start docker || service docker start) > /dev/null 2>&1 # the daemon keeps Go's defaults",
    '  i=0; until docker info > /dev/null 2>&1; do i=$((i+1)); [ $i -gt 120 ] && { echo "docker did not start" >&2; exit 1; }; sleep 0.25; done',
    'fi',
    'mkdir -p .kamal'
].join('\n');

;// CONCATENATED MODULE: ./src/commands/script.ts
// Several commands sent as one exec (one round trip), with secret material fed through stdin:
// each file travels as one base64 line that the script reads with the shell's `read` builtin,
// so no secret is ever part of a command line that `ps` could show.

/** `docker login` reading the base64 user name and password that the script read from stdin. */
const loginLine = (server) => `printf '%s' "$DECKHAND_P" | base64 -d | docker login${server ? ` ${server}` : ''} -u "$(printf '%s' "$DECKHAND_U" | base64 -d)" --password-stdin > /dev/null`;
class RemoteScript {
    // Each docker CLI call is a short-lived Go program that allocates most of its memory while it
    // starts; with Go's default GOGC=100 that start-up runs several garbage collections. GOGC=400
    // (heap up to 5× the live data, a few MB for the CLI) cut its CPU by 10–15% per call on the test
    // hosts: a deploy sends ~17 calls per host, all of them competing with the running app.
    lines = ['set -e', 'export GOGC=400'];
    input = [];
    /** A command that must succeed. */
    add(...commands) {
        this.lines.push(...commands);
        return this;
    }
    /** Writes `content` to `path` (through a temp file, so a reader never sees half a file) with `mode`. */
    writeFile(path, content, mode) {
        const dir = (0,shell/* word */.Vm)(path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.');
        const [file, tmp] = [(0,shell/* word */.Vm)(path), (0,shell/* word */.Vm)(`${path}.deckhand-tmp`)];
        this.input.push(Buffer.from(content).toString('base64'));
        this.lines.push(`mkdir -p ${dir}`, `IFS= read -r DECKHAND_FILE; (umask 077 && printf '%s' "$DECKHAND_FILE" | base64 -d > ${tmp}) && chmod ${(0,shell/* word */.Vm)(mode)} ${tmp} && mv -f ${tmp} ${file}`);
        return this;
    }
    /** `docker login` with the user name and password read from stdin into shell variables. */
    login(server, username, password) {
        this.input.push(Buffer.from(username).toString('base64'), Buffer.from(password).toString('base64'));
        this.lines.push('IFS= read -r DECKHAND_U; IFS= read -r DECKHAND_P', loginLine(server), 'unset DECKHAND_U DECKHAND_P');
        return this;
    }
    /**
     * Runs `command` (one line, e.g. a `docker pull`); only when it fails, logs in to the registry with
     * the user name and password from stdin and runs it once more. Where the host's stored credentials
     * still work (every deploy after the first) this saves a `docker login` — a CLI start and a
     * registry round trip per host; rotated or missing credentials cost one failed attempt.
     */
    withLogin(server, username, password, command) {
        this.input.push(Buffer.from(username).toString('base64'), Buffer.from(password).toString('base64'));
        this.lines.push('IFS= read -r DECKHAND_U; IFS= read -r DECKHAND_P', 'deckhand_attempt() {', command, '}', 'if ! deckhand_attempt 2> /dev/null; then', loginLine(server), 'deckhand_attempt', 'fi', 'unset DECKHAND_U DECKHAND_P');
        return this;
    }
    get command() {
        return this.lines.join('\n');
    }
    get stdin() {
        return this.input.length > 0 ? this.input.join('\n') + '\n' : undefined;
    }
}

// EXTERNAL MODULE: ./src/flows/lock.ts
var flows_lock = __webpack_require__(9990);
;// CONCATENATED MODULE: ./src/flows/proxy.ts
// kamal-proxy in the flows: boot the proxy on every proxy host (Kamal's "Ensure kamal-proxy is
// running"), and the part of a boot script that hands a new container to the proxy. The proxy
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
            const script = new RemoteScript().add(createNetwork, proxyVersionCheck(), 
            // An absent container makes `docker inspect` print an empty line (and fail): call that missing.
            `PROXY_WAS=$(docker inspect --format '{{.State.Status}}' kamal-proxy 2> /dev/null | tr -d '\\n') || true; echo "DECKHAND_PROXY_WAS=\${PROXY_WAS:-missing}"`, 'mkdir -p .kamal/proxy/apps-config');
            // A proxy that is there only needs `docker container start`: the registry login happens
            // only when the `docker run` of a missing proxy cannot pull with the stored credentials.
            addWithLogin(script, ctx, config.registry, `${bootProxy(run)} > /dev/null`);
            const result = await ctx.pool.get(host).run(script.command, 'boot kamal-proxy', { stdin: script.stdin });
            const was = marker(result.stdout, 'DECKHAND_PROXY_WAS') ?? 'unknown';
            const image = run ? proxyImage(run) : 'the image of .kamal/proxy/image (default basecamp/kamal-proxy:v0.9.2)';
            ctx.reporter.info(`${host}: kamal-proxy ${was === 'running' ? 'was already running' : was === 'missing' ? `started from ${image}` : `restarted (was ${was})`}`);
        });
    });
}
/**
 * Adds to a boot script: find the new container's ID, upload a custom certificate (through
 * stdin), `kamal-proxy deploy`. When the proxy refuses (the health check never passed) the old
 * target keeps serving; the new container is stopped and kept, and the script fails with the
 * proxy's own message on its last lines. Prints DECKHAND_PROXY=switched|failed.
 */
function addProxyDeploy(script, ctx, t) {
    const { config } = ctx;
    const cert = t.proxy.customCertificate;
    if (cert) {
        const paths = tlsPaths(config, t.name);
        script.writeFile(`${paths.hostDir}/cert.pem`, ctx.secrets.get(cert.certificatePem) ?? '', '644');
        script.writeFile(`${paths.hostDir}/key.pem`, ctx.secrets.get(cert.privateKeyPem) ?? '', '644');
    }
    const deploy = proxyDeploy({ config, proxy: t.proxy, service: t.service, target: '${DECKHAND_ID}', tlsName: t.name });
    script.add(`DECKHAND_ID=$(${containerIdByName(t.container)})`, `if [ -z "$DECKHAND_ID" ]; then echo ${(0,shell/* quote */.hD)(`Failed to get endpoint for ${t.what} on ${t.host}, did the container boot?`)} >&2; exit 70; fi`, `if DECKHAND_OUT=$(${deploy} 2>&1); then`, '  echo "DECKHAND_PROXY=switched"', 'else', '  echo "DECKHAND_PROXY=failed"', `  docker stop ${(0,shell/* word */.Vm)(t.container)} > /dev/null 2>&1 || true`, `  docker logs --tail 10 ${(0,shell/* word */.Vm)(t.container)} 2>&1 | sed 's/^/  /' >&2 || true`, `  echo ${(0,shell/* quote */.hD)(`kamal-proxy did not switch ${t.service} to ${t.container} on ${t.host}: the old version keeps serving; ${t.container} was stopped and kept for inspection (its last log lines are above). kamal-proxy said:`)} >&2`, `  printf '%s\\n' "$DECKHAND_OUT" >&2`, '  exit 70', 'fi');
}

;// CONCATENATED MODULE: ./src/flows/deploy.ts
// `deploy`: log in and pull on every app host, take the lock, boot the new version role by role
// and host by host (rolling, in groups of boot.limit), wait until each new container is healthy,
// only then stop the old one, prune; tag :latest, release. Round trips per app host: pull (1),
// one boot per role (1 each: boot + health wait + stop old (+ prune, last role)), finish (1).














const hex = (bytes) => (0,external_node_crypto_.randomBytes)(bytes).toString('hex');
/** Registry credentials, resolved from literals or secrets. */
function registryCredentials(ctx, registry) {
    const resolve = (v) => (v === undefined ? undefined : 'literal' in v ? v.literal : ctx.secrets.get(v.secret));
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
/**
 * Log in and pull the new version on every app host. With `lock`, the primary host's exec then
 * takes the deploy lock too (after its pull, as Kamal orders it), saving a round trip.
 */
async function pullOnAppHosts(ctx, lock) {
    const { config, version } = ctx;
    const hosts = lock && !ctx.targets.appHosts.includes(lock.host) ? [...ctx.targets.appHosts, lock.host] : ctx.targets.appHosts;
    await ctx.reporter.group(`Pull ${(0,naming/* imageRef */.D6)(config, version)} on ${ctx.targets.appHosts.length} host(s)${lock ? ` and take the deploy lock on ${lock.host}` : ''}`, async () => {
        await onHosts(ctx, hosts, async (host) => {
            const takesLock = lock?.host === host;
            if (!ctx.targets.appHosts.includes(host)) {
                await takeLockOn(ctx, host, new RemoteScript());
                return;
            }
            const script = new RemoteScript().add('mkdir -p .kamal', auditLine(config, ctx.performer, `Pulled image with version ${version}`));
            const pull = pullImage(config, version);
            // Unlike Kamal, no `docker image rm` first: `docker pull` checks the tag's digest anyway, and
            // removing the image races with a concurrent deploy pulling the same tag. And `docker login`
            // only when the pull fails with the host's stored credentials (see RemoteScript.withLogin).
            addWithLogin(script, ctx, config.registry, `${pull.pull} > /dev/null`);
            // All of Kamal's label check to stderr: a bare `>&2` would bind to its `|| (...)` branch only,
            // and grep's match would land on stdout, where the lock holder's details are read.
            script.add('{', pull.checkLabel, '} >&2');
            if (takesLock) {
                await takeLockOn(ctx, host, script);
                ctx.reporter.info(`${host}: pulled ${(0,naming/* imageRef */.D6)(config, version)} and took the deploy lock ${(0,naming/* lockDir */.JK)(config)}`);
                return;
            }
            await ctx.pool.get(host).run(script.command, `pull ${(0,naming/* imageRef */.D6)(config, version)}`, { stdin: script.stdin });
            ctx.reporter.info(`${host}: pulled ${(0,naming/* imageRef */.D6)(config, version)}`);
        });
    });
    async function takeLockOn(ctx, host, script) {
        script.add((0,commands_lock/* acquireOrShowHolder */.pI)(ctx.config, lock.details));
        const result = await ctx.pool.get(host).exec(script.command, { stdin: script.stdin, label: `${ctx.targets.appHosts.includes(host) ? `pull ${(0,naming/* imageRef */.D6)(ctx.config, ctx.version)} and ` : ''}take the deploy lock` });
        if (result.code === commands_lock/* LOCK_HELD_EXIT */.LV)
            throw new flows_lock/* LockHeldError */.Rk(host, result.stdout);
        if (result.code !== 0)
            throw new ssh/* RemoteCommandError */.at(host, `pull ${(0,naming/* imageRef */.D6)(ctx.config, ctx.version)} and take the deploy lock`, result);
        ctx.report.lock.taken = true;
    }
}
/** Hosts split into boot groups: `boot.limit` as a number or a percentage of all hosts (at least 1). */
function bootGroups(hosts, limit, allHostsCount) {
    if (limit === undefined)
        return hosts.length ? [hosts] : [];
    const size = typeof limit === 'string' && limit.endsWith('%') ? Math.max(1, Math.floor((allHostsCount * parseInt(limit, 10)) / 100)) : Math.max(1, Number(limit));
    const groups = [];
    for (let i = 0; i < hosts.length; i += size)
        groups.push(hosts.slice(i, i + size));
    return groups;
}
/** The remote script that boots one role on one host, waits for health and stops the old version. */
function bootScript(ctx, role, host, prune = false, tag = false) {
    const { config, version } = ctx;
    const name = (0,naming/* containerName */.xN)(config, role, version);
    const replaced = `${version}_replaced_${hex(8)}`;
    const prefix = (0,naming/* rolePrefix */.l6)(config, role);
    const t = stopTimeout(config, role);
    const env = envFor(config, role, host);
    const script = new RemoteScript().add(`OLD=$( { ${currentVersion(config, role)} ; } 2> /dev/null || true)`, 
    // A container of this version already there (a redeploy) moves aside: one docker call either
    // way (Kamal first lists it by name, then renames).
    `if ${renameContainer(name, `${prefix}-${replaced}`)} > /dev/null 2>&1; then if [ "$OLD" = ${(0,shell/* word */.Vm)(version)} ]; then OLD=${(0,shell/* word */.Vm)(replaced)}; fi; fi`, 'echo "DECKHAND_OLD=$OLD"', auditLine(config, ctx.performer, `Booted app version ${version}`, [role.name]));
    script.writeFile((0,naming/* roleEnvFile */.c8)(config, role), envFileContent(env, ctx.secrets), '600');
    script.add(
    // The `kamal` network exists after setup or a proxy boot; only when `docker run` says it is
    // missing is it created (and the container that run left behind removed) and the run repeated,
    // instead of a network check on every deploy.
    'deckhand_run() {', `${runApp({ config, role, host, version, hostnameSuffix: hex(6) })} > /dev/null`, '}', 'if ! DECKHAND_ERR=$(deckhand_run 2>&1); then', `  case "$DECKHAND_ERR" in *"network kamal not found"*) docker rm ${(0,shell/* word */.Vm)(name)} > /dev/null 2>&1 || true; ${createNetwork}; deckhand_run ;; *) printf '%s\\n' "$DECKHAND_ERR" >&2; exit 1 ;; esac`, 
    // A run that worked may still have warned (platform mismatch, ignored options): pass that on.
    `elif [ -n "$DECKHAND_ERR" ]; then printf '%s\\n' "$DECKHAND_ERR" >&2`, 'fi');
    if (role.proxyConfig) {
        // Behind kamal-proxy: the proxy's health check and atomic switch replace the wait loop below.
        addProxyDeploy(script, ctx, { proxy: role.proxyConfig, service: prefix, container: name, name: role.name, what: role.name, host: host.address });
        script.add('echo "DECKHAND_STATUS=healthy"');
    }
    else
        script.add(
        // Poll Docker's view often: healthy ends the wait at once; without a health check, `running`
        // for readiness_delay seconds counts as ready (Kamal's rule), all within deploy_timeout.
        // While Docker still says `starting`, run the image's own health command ourselves every
        // 250 ms, instead of waiting for Docker's health-check interval (30 s by default).
        `DEADLINE=$(( $(date +%s) + ${config.deployTimeout} )); SINCE=; READY=; STATUS=; PROBE=$(mktemp)`, `docker inspect --format ${(0,shell/* quote */.hD)(HEALTH_COMMAND_ARGS)} ${(0,shell/* word */.Vm)(name)} 2> /dev/null | head -c -1 > "$PROBE" || true`, 'while :; do', `  if [ -s "$PROBE" ] && timeout 10 xargs -0 -a "$PROBE" docker exec ${(0,shell/* word */.Vm)(name)} > /dev/null 2>&1; then STATUS=healthy; READY=1; break; fi`, `  STATUS=$(docker inspect --format ${HEALTH_FORMAT} ${(0,shell/* word */.Vm)(name)} 2> /dev/null) || STATUS=missing`, '  NOW=$(date +%s)', '  if [ "$STATUS" = healthy ]; then READY=1; break; fi', `  if [ "$STATUS" = running ]; then SINCE=\${SINCE:-$NOW}; if [ $((NOW - SINCE)) -ge ${config.readinessDelay} ]; then READY=1; break; fi; else SINCE=; fi`, '  if [ "$NOW" -ge "$DEADLINE" ]; then break; fi', '  sleep 0.25', 'done', 'rm -f "$PROBE"', 'echo "DECKHAND_STATUS=$STATUS"', 'if [ -z "$READY" ]; then', `  docker stop ${(0,shell/* word */.Vm)(name)} > /dev/null 2>&1 || true`, `  echo "container ${name} not ready after ${config.deployTimeout} seconds ($STATUS); it was stopped and kept for inspection. Its last log lines:" >&2`, `  docker logs --tail 15 ${(0,shell/* word */.Vm)(name)} 2>&1 | sed 's/^/  /' >&2 || true`, '  exit 70', 'fi');
    script.add(
    // Kamal's stop of the old version (which only the host knows here: $OLD); `xargs -r` stops
    // nothing when no container matches.
    `if [ -n "$OLD" ]; then docker container ls --all --filter "name=^${prefix}-$OLD\\$" --quiet | xargs -r docker stop${t === undefined ? '' : ` -t ${t}`} > /dev/null; echo "DECKHAND_STOPPED=$OLD"; fi`, ...(prune
        ? // Pruning needs nothing from other hosts, so it runs here, while they are still booting,
            // rather than in the finish round trip (a failed prune does not fail the boot).
            ['(', auditLine(config, ctx.performer, 'Pruned containers'), pruneContainers(config), auditLine(config, ctx.performer, 'Pruned images'), ...pruneImages(config).map((c) => `${c} > /dev/null`), ') || echo "pruning failed" >&2']
        : []), ...(tag ? tagLatestCommands(ctx) : []));
    return { script, name };
}
/** The value a remote script printed as `KEY=value` on a line of its own (empty counts as none). */
function marker(output, key) {
    const m = new RegExp(`^${key}=(.*)$`, 'm').exec(output);
    return m?.[1] || undefined;
}
async function bootOne(ctx, role, host, prune, tag) {
    const started = Date.now();
    const { script } = bootScript(ctx, role, host, prune, tag);
    try {
        const result = await ctx.pool.get(host.address).run(script.command, `boot ${role.name} ${ctx.version}`, { stdin: script.stdin });
        const boot = {
            host: host.address,
            role: role.name,
            versionBooted: ctx.version,
            versionStopped: marker(result.stdout, 'DECKHAND_STOPPED'),
            health: marker(result.stdout, 'DECKHAND_STATUS') ?? 'unknown',
            proxy: marker(result.stdout, 'DECKHAND_PROXY'),
            ok: true,
            seconds: secondsSince(started)
        };
        const old = marker(result.stdout, 'DECKHAND_OLD');
        if (old && ctx.report.previousVersion === undefined && role.name === ctx.config.primaryRole)
            ctx.report.previousVersion = old;
        ctx.reporter.info(`${host.address}: ${role.name} ${ctx.version} is ${boot.health}${boot.versionStopped ? `, stopped ${boot.versionStopped}` : ''} (${boot.seconds}s)`);
        return boot;
    }
    catch (error) {
        const out = error instanceof ssh/* RemoteCommandError */.at ? error.result.stdout : '';
        const boot = {
            host: host.address,
            role: role.name,
            versionBooted: ctx.version,
            health: marker(out, 'DECKHAND_STATUS') ?? (marker(out, 'DECKHAND_PROXY') === 'failed' ? 'unhealthy (proxy)' : 'failed'),
            proxy: marker(out, 'DECKHAND_PROXY'),
            ok: false,
            seconds: secondsSince(started),
            error: errorMessage(error)
        };
        ctx.reporter.warning(`Failed to boot ${role.name} on ${host.address}: ${boot.error}`);
        throw Object.assign(error instanceof Error ? error : new Error(String(error)), { boot });
    }
}
/** Boots every targeted role on every host, in groups; throws when any boot failed. */
async function bootApp(ctx) {
    const { config, targets } = ctx;
    const groups = bootGroups(targets.appHosts, config.boot.limit, targets.hosts.length);
    const primary = targets.roles.find((r) => r.name === config.primaryRole);
    // Other roles wait for the first healthy primary-role container; if it fails they do not boot.
    let openBarrier;
    let closeBarrier;
    const barrier = new Promise((resolve, reject) => {
        openBarrier = resolve;
        closeBarrier = reject;
    });
    barrier.catch(() => undefined);
    if (!primary)
        openBarrier();
    for (const [index, group] of groups.entries()) {
        (0,context/* throwIfCancelled */.dZ)(ctx.signal);
        const title = groups.length > 1 ? `Boot ${ctx.version}, group ${index + 1}/${groups.length}: ${group.join(', ')}` : `Boot ${ctx.version} on ${group.join(', ')}`;
        await ctx.reporter.group(title, async () => {
            await onHosts(ctx, group, async (address) => {
                const failures = [];
                for (const role of targets.roles) {
                    const host = role.hosts.find((h) => h.address === address);
                    if (!host)
                        continue;
                    (0,context/* throwIfCancelled */.dZ)(ctx.signal);
                    if (role !== primary) {
                        try {
                            await barrier;
                        }
                        catch {
                            const err = new Error(`First ${config.primaryRole} container is unhealthy, not booting ${role.name} on ${address}`);
                            ctx.report.boots.push({ host: address, role: role.name, versionBooted: ctx.version, health: 'not booted', ok: false, seconds: 0, error: err.message });
                            failures.push(err);
                            continue;
                        }
                    }
                    try {
                        // The host's last role prunes once the host is done (and tags, see tagsInBoot).
                        const last = targets.roles.filter((r) => r.hosts.some((h) => h.address === address)).at(-1) === role;
                        const boot = await bootOne(ctx, role, host, last, last && tagsInBoot(ctx));
                        ctx.report.boots.push(boot);
                        if (role === primary)
                            openBarrier();
                    }
                    catch (error) {
                        const boot = error.boot;
                        if (boot)
                            ctx.report.boots.push(boot);
                        if (role === primary)
                            closeBarrier(error);
                        failures.push(error);
                    }
                }
                if (failures.length > 0)
                    throw failures[0];
            });
        });
        if (config.boot.wait > 0 && index < groups.length - 1)
            await (ctx.sleep ? ctx.sleep(config.boot.wait) : new Promise((r) => setTimeout(r, config.boot.wait * 1000)));
    }
}
/** Kamal's move of `:latest` (an audit line and `docker tag`). */
function tagLatestCommands(ctx) {
    return [auditLine(ctx.config, ctx.performer, `Tagging ${(0,naming/* imageRef */.D6)(ctx.config, ctx.version)} as the latest image`), tagLatest(ctx.config, ctx.version)];
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
/**
 * After every group succeeded: tag :latest, one round trip per app host; the lock host
 * releases the lock (ours only) in the same exec, whether or not the tagging worked.
 */
async function finishDeploy(ctx) {
    const { config } = ctx;
    const lockHost = ctx.report.lock.taken && !ctx.report.lock.released ? ctx.report.lock.host : undefined;
    const tagged = tagsInBoot(ctx);
    if (tagged && !lockHost)
        return;
    const hosts = tagged ? [lockHost] : lockHost && !ctx.targets.appHosts.includes(lockHost) ? [...ctx.targets.appHosts, lockHost] : ctx.targets.appHosts;
    await ctx.reporter.group(tagged ? 'Release the deploy lock' : `Tag ${(0,naming/* latestTag */.wk)(config)}${lockHost ? ', release the deploy lock' : ''}`, async () => {
        await onHosts(ctx, hosts, async (host) => {
            if (tagged || !ctx.targets.appHosts.includes(host))
                return releaseWith(host, []);
            // Pruning already ran in each host's boot exec.
            const commands = tagLatestCommands(ctx);
            if (host === lockHost)
                return releaseWith(host, commands);
            await ctx.pool.get(host).run(new RemoteScript().add(...commands).command, 'tag latest');
        });
    });
    async function releaseWith(host, commands) {
        const script = new RemoteScript().add('set +e', '(', 'set -e', ...commands, ')', 'RC=$?', `echo "DECKHAND_LOCK=$(${(0,commands_lock/* releaseIfOwner */.AH)(config, ctx.lock.token)})"`, 'exit $RC');
        const result = await ctx.pool.get(host).exec(script.command, { label: `${commands.length > 0 ? 'tag latest and ' : ''}release the deploy lock` });
        const outcome = marker(result.stdout, 'DECKHAND_LOCK');
        if (outcome)
            (0,flows_lock/* noteRelease */.s)(ctx, host, outcome);
        if (result.code !== 0)
            throw new ssh/* RemoteCommandError */.at(host, 'tag latest', result);
    }
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
function makeDirectory(accessory, dir) {
    const path = accessoryDirectoryPath(accessory, dir);
    return [
        `mkdir -p ${path}`,
        ...(dir.mode ? [`chmod ${(0,shell/* word */.Vm)(dir.mode)} ${path}`] : []),
        ...(dir.owner ? [`chown ${(0,shell/* word */.Vm)(dir.owner)} ${path}`] : [])
    ];
}

;// CONCATENATED MODULE: ./src/flows/setup.ts
// `setup` (the seed's flow): lock → make sure Docker is on every host → upload env files →
// boot accessories that are not there yet → deploy → release.












class DockerMissingError extends Error {
}
/** Docker on every host (installed when we are root on an apt host), `.kamal`, and the env files. */
async function prepareHosts(ctx) {
    const { config, targets } = ctx;
    const missing = [];
    await ctx.reporter.group(`Ensure Docker is installed and push env files on ${targets.hosts.length} host(s)`, async () => {
        await onHosts(ctx, targets.hosts, async (address) => {
            const script = new RemoteScript().add(ensureDocker);
            for (const role of targets.roles) {
                const host = role.hosts.find((h) => h.address === address);
                if (host)
                    script.writeFile((0,naming/* roleEnvFile */.c8)(config, role), envFileContent(envFor(config, role, host), ctx.secrets), '600');
            }
            for (const acc of targets.accessories)
                if (acc.hosts.includes(address))
                    script.writeFile((0,naming/* accessoryEnvFile */.QG)(config, acc), envFileContent(acc.env, ctx.secrets), '600');
            const result = await ctx.pool.get(address).run(script.command, 'ensure Docker and push env files', { stdin: script.stdin });
            if (result.stdout.includes('DECKHAND_NO_DOCKER'))
                missing.push(address);
            else if (result.stderr.includes('deckhand: installing docker.io')) {
                ctx.report.dockerInstalled.push(address);
                ctx.reporter.info(`${address}: Docker was missing and has been installed`);
            }
        });
    });
    if (missing.length > 0)
        throw new DockerMissingError(`Docker is not installed on ${missing.join(', ')} and can't be installed automatically: that needs root (ssh.user is ${config.ssh.user}) and apt-get. Install Docker on ${missing.length > 1 ? 'those hosts' : 'that host'} by hand: https://docs.docker.com/engine/install/`);
}
/** Boots one accessory on one host unless a container of it already exists (then it is left alone). */
async function bootAccessory(ctx, acc, host, files) {
    const { config } = ctx;
    const script = new RemoteScript();
    addLogin(script, ctx, acc.registry ?? config.registry);
    script.add(createNetwork);
    for (const dir of acc.directories)
        script.add(...makeDirectory(acc, dir));
    for (const file of acc.files) {
        script.writeFile(accessoryFilePath(acc, file), files.get(fileKey(acc, file.local)) ?? Buffer.alloc(0), file.mode ?? '755');
        if (file.owner)
            script.add(`chown ${(0,shell/* word */.Vm)(file.owner)} ${(0,shell/* word */.Vm)(accessoryFilePath(acc, file))}`);
    }
    script.add(`if [ -n "$(${accessoryExists(acc)})" ]; then echo DECKHAND_EXISTS; exit 0; fi`, auditLine(config, ctx.performer, `Booted ${acc.name} accessory`));
    script.writeFile((0,naming/* accessoryEnvFile */.QG)(config, acc), envFileContent(acc.env, ctx.secrets), '600');
    script.add(`${runAccessory(config, acc, host)} > /dev/null`);
    if (acc.proxy)
        addProxyDeploy(script, ctx, { proxy: acc.proxy, service: acc.service, container: acc.service, name: acc.name, what: `accessory ${acc.name}`, host });
    const result = await ctx.pool.get(host).run(script.command, `boot accessory ${acc.name}`, { stdin: script.stdin });
    return result.stdout.includes('DECKHAND_EXISTS') ? 'left running' : 'booted';
}
const fileKey = (acc, local) => `${acc.name}\0${local}`;
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
                (0,context/* throwIfCancelled */.dZ)(ctx.signal);
                const started = Date.now();
                try {
                    const action = await bootAccessory(ctx, acc, host, files);
                    ctx.report.accessories.push({ name: acc.name, host, action, seconds: secondsSince(started) });
                    ctx.reporter.info(action === 'booted' ? `${host}: booted ${acc.name} (${acc.service})` : `Skipping booting \`${acc.name}\` on ${host}, a container already exists`);
                }
                catch (error) {
                    ctx.report.accessories.push({ name: acc.name, host, action: 'failed', seconds: secondsSince(started), error: errorMessage(error) });
                    throw error;
                }
            }
        });
    });
}
/** The part of setup that runs under the lock. */
async function setupLocked(ctx, readLocalFile) {
    await prepareHosts(ctx);
    (0,context/* throwIfCancelled */.dZ)(ctx.signal);
    await bootProxies(ctx, proxyHosts(ctx, true));
    (0,context/* throwIfCancelled */.dZ)(ctx.signal);
    await bootAccessories(ctx, readLocalFile);
    (0,context/* throwIfCancelled */.dZ)(ctx.signal);
    await pullOnAppHosts(ctx);
    (0,context/* throwIfCancelled */.dZ)(ctx.signal);
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
    const held = error instanceof HostsError ? error.failures.find((f) => f.error instanceof flows_lock/* LockHeldError */.Rk)?.error : error;
    if (!(held instanceof flows_lock/* LockHeldError */.Rk))
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
            await (0,flows_lock/* takeLock */.HJ)(ctx.pool.get(host), ctx.config, ctx.lock, ctx.version);
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
    const outcome = await (0,flows_lock/* releaseOwnLock */.LD)(ctx.pool.get(host), ctx.config, ctx.lock);
    // Still 'absent' while our request may land later: then only the post step can be sure.
    if (outcome === 'released' || ctx.report.lock.taken)
        (0,flows_lock/* noteRelease */.s)(ctx, host, outcome);
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
        await pullOnAppHosts(ctx, { host, details: (0,flows_lock/* lockDetails */.wN)(ctx.lock, ctx.version) });
        hooks.afterAcquire?.();
        (0,context/* throwIfCancelled */.dZ)(ctx.signal);
        await bootProxies(ctx, proxyHosts(ctx, false));
        (0,context/* throwIfCancelled */.dZ)(ctx.signal);
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
    const details = await (0,flows_lock/* readLock */.mF)(ctx.pool.get(ctx.targets.primaryHost), ctx.config);
    ctx.reporter.info(details ? `Deploy lock on ${ctx.targets.primaryHost}:\n${details}` : 'There is no deploy lock');
    ctx.report.lock = { host: ctx.targets.primaryHost, path: (0,naming/* lockDir */.JK)(ctx.config), taken: false, released: false, holder: details };
    return details;
}
/** A manual lock (for maintenance): it is kept after the run, for `lock-release` to remove. */
async function runLockAcquire(ctx, message) {
    const host = ctx.pool.get(ctx.targets.primaryHost);
    await (0,flows_lock/* takeLock */.HJ)(host, ctx.config, ctx.lock, ctx.version, message || commands_lock/* AUTOMATIC_LOCK_MESSAGE */.qn);
    ctx.report.lock = { host: host.host, path: (0,naming/* lockDir */.JK)(ctx.config), taken: true, released: false };
    ctx.reporter.info(`Acquired the deploy lock on ${host.host}`);
}
async function runLockRelease(ctx) {
    const host = ctx.pool.get(ctx.targets.primaryHost);
    const holder = await (0,flows_lock/* readLock */.mF)(host, ctx.config);
    const released = await (0,flows_lock/* forceRelease */.TD)(host, ctx.config);
    ctx.report.lock = { host: host.host, path: (0,naming/* lockDir */.JK)(ctx.config), taken: false, released, holder };
    ctx.reporter.info(released ? `Released the deploy lock on ${host.host} (it was: ${holder ?? 'unreadable'})` : 'There is no deploy lock');
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
        throw new Error(PR_EVENTS.has(event) ? `no pull_request.head.sha in the ${event} event payload and no GITHUB_SHA` : 'GITHUB_SHA is not set');
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

// EXTERNAL MODULE: ./src/action/prepare.ts
var prepare = __webpack_require__(1957);
;// CONCATENATED MODULE: ./src/flows/plan.ts
// `plan`: the setup or deploy flow run against recording hosts, so the plan is exactly what the
// flow would send, host by host and in order, without connecting to anything. Each recorded host
// answers success, with the markers the flows read, as if every step went well.


/** What a recorded host answers: success, the new container healthy, the lock ours and released. */
function answer(command) {
    let stdout = '';
    if (command.includes('DECKHAND_LOCK='))
        stdout = 'DECKHAND_LOCK=released\n';
    else if (command.includes('DECKHAND_STATUS='))
        stdout = 'DECKHAND_STATUS=healthy\n';
    else if (command.includes('echo released'))
        stdout = 'released\n';
    return { code: 0, stdout, stderr: '' };
}
class RecordingHost {
    host;
    log;
    constructor(host, log) {
        this.host = host;
        this.log = log;
    }
    async exec(command, opts = {}) {
        this.log.push({ host: this.host, label: opts.label, command, stdin: opts.stdin });
        return answer(command);
    }
    async run(command, label, opts = {}) {
        this.log.push({ host: this.host, label, command, stdin: opts.stdin });
        const result = answer(command);
        if (result.code !== 0)
            throw new ssh/* RemoteCommandError */.at(this.host, label, result);
        return result;
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
    const planCtx = { ...ctx, sleep: async (s) => void ctx.pool.log.push({ host: ctx.targets.primaryHost, label: `wait ${s}s (boot.wait) before the next boot group`, command: `sleep ${s}` }) };
    if (planFor === 'setup')
        await runSetup(planCtx, noHooks, readLocalFile);
    else
        await runDeploy(planCtx, noHooks);
    return ctx.pool.log;
}
/** What travels on stdin, named but never shown: the files it writes and the logins it feeds. */
function describeStdin(command) {
    const files = [...command.matchAll(/base64 -d > ('[^']*'|\S+)\)/g)].map((m) => m[1].replace(/^'|'$/g, '').replace(/\.deckhand-tmp$/, ''));
    const logins = [...command.matchAll(/read -r DECKHAND_U;/g)].length;
    const parts = [
        ...(files.length > 0 ? [`${files.length} file${files.length > 1 ? 's' : ''} (${files.join(', ')})`] : []),
        ...(logins > 0 ? [logins > 1 ? `${logins} registry logins` : 'registry login'] : [])
    ];
    return parts.length > 0 ? `(stdin: ${parts.join(', ')})` : undefined;
}
/** The plan per host, in the order the hosts first appear; each step is a heading and its script. */
function planByHost(log) {
    const out = new Map();
    for (const e of log) {
        const steps = out.get(e.host) ?? [];
        const stdin = e.stdin === undefined ? undefined : describeStdin(e.command);
        steps.push(`# ${steps.length + 1}. ${e.label ?? 'exec'}${stdin ? ` ${stdin}` : ''}\n${e.command}`);
        out.set(e.host, steps);
    }
    return out;
}

// EXTERNAL MODULE: ./src/action/state.ts
var state = __webpack_require__(3175);
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
function renderSummary(report, title, extra = {}) {
    const ok = !report.failure;
    const parts = [];
    parts.push(`<h2>${ok ? '✅' : '❌'} ${escapeHtml(title)}</h2>\n`);
    const { commit, deployment } = extra;
    const short = commit ? code(commit.sha.slice(0, 7)) : '';
    // Per role when the roles ran different versions before; else the primary role's, as the output.
    const previous = previousVersionsByRole(report.boots);
    const distinct = new Set(previous.flatMap(([, v]) => v));
    const previousText = distinct.size > 1
        ? previous.map(([role, v]) => `${escapeHtml(role)} ${v.map(code).join(', ')}`).join(', ')
        : report.previousVersion
            ? code(report.previousVersion)
            : distinct.size === 1
                ? code([...distinct][0])
                : undefined;
    const facts = [
        `<b>Version</b> ${code(report.version || '–')}`,
        ...(commit ? [`<b>Commit</b> ${commit.url ? `<a href="${escapeHtml(commit.url)}">${short}</a>` : short}`] : []),
        ...(previousText ? [`<b>Previous</b> ${previousText}`] : []),
        ...(deployment ? [`<b>GitHub deployment</b> ${deployment.id} to ${code(deployment.environment)}`] : []),
        `<b>Hosts</b> ${report.hosts.length}`,
        `<b>Time</b> ${report.durationSeconds.toFixed(1)} s`
    ];
    parts.push(`<p>${facts.join(' · ')}</p>\n`);
    if (report.failure) {
        const f = report.failure;
        parts.push(`<p><b>Failed${f.host ? ` on ${escapeHtml(f.host)}` : ''}${f.command ? ` running <code>${escapeHtml(f.command)}</code>` : ''}</b>: ${escapeHtml(f.message.split('\n')[0] ?? '')}</p>\n`);
        const detail = f.output ?? (f.message.includes('\n') ? f.message : undefined);
        if (detail)
            parts.push(`<pre>${escapeHtml(detail)}</pre>\n`);
    }
    if (report.configProblems.length > 0) {
        const n = report.configProblems.length;
        parts.push(`<p><b>${n} problem${n > 1 ? 's' : ''} in the deploy configuration</b></p>\n<ul>\n`);
        for (const p of report.configProblems)
            parts.push(`<li>${p.where ? `<code>${escapeHtml(p.where)}</code> ` : ''}${escapeHtml(p.message)}</li>\n`);
        parts.push('</ul>\n');
    }
    if (report.plan) {
        const { planFor, hosts, missingSecrets } = report.plan;
        parts.push(`<p>What a <code>${escapeHtml(planFor)}</code> would run, host by host and in order (nothing was connected to; secrets travel only on stdin and are not shown).</p>\n`);
        if (missingSecrets.length > 0)
            parts.push(`<p>⚠️ Secrets not defined yet: ${missingSecrets.map((m) => `<code>${escapeHtml(m)}</code>`).join(', ')}</p>\n`);
        for (const h of hosts)
            parts.push(`<details><summary>${escapeHtml(h.host)}: ${h.steps.length} exec${h.steps.length > 1 ? 's' : ''}</summary>\n\n<pre>${escapeHtml(h.steps.join('\n\n'))}</pre>\n</details>\n`);
    }
    if (report.boots.length > 0) {
        // The Proxy column (kamal-proxy's result) only when some role runs behind the proxy.
        const proxied = report.boots.some((b) => b.proxy !== undefined);
        parts.push(table(['Host', 'Role', 'Booted', 'Stopped', 'Health', ...(proxied ? ['Proxy'] : []), 'Seconds'], report.boots.map((b) => [
            b.host,
            b.role,
            b.ok ? b.versionBooted : `${b.versionBooted} (failed)`,
            b.versionStopped,
            b.health,
            ...(proxied ? [b.proxy] : []),
            b.seconds.toFixed(1)
        ])));
    }
    if (report.accessories.length > 0) {
        parts.push(table(['Accessory', 'Host', 'Result', 'Seconds'], report.accessories.map((a) => [a.name, a.host, a.action, a.seconds.toFixed(1)])));
    }
    if (report.dockerInstalled.length > 0)
        parts.push(`<p>Docker installed on: ${escapeHtml(report.dockerInstalled.join(', '))}</p>\n`);
    const l = report.lock;
    if (l.host) {
        const state = l.taken ? (l.released ? 'taken and released' : '<b>taken and still held</b>') : l.holder ? 'held by someone else' : l.released ? 'released' : 'not taken';
        parts.push(`<p><b>Lock</b> <code>${escapeHtml(l.path ?? '')}</code> on ${escapeHtml(l.host)}: ${state}</p>\n`);
        if (l.holder)
            parts.push(`<pre>${escapeHtml(l.holder)}</pre>\n`);
    }
    const counts = Object.entries(report.execCounts);
    if (counts.length > 0)
        parts.push(`<details><summary>SSH commands per host</summary>\n\n${table(['Host', 'Commands'], counts)}</details>\n`);
    return parts.join('');
}

;// CONCATENATED MODULE: ./src/action/main.ts
















/** Loaded in `main` once the connections are under way (see prepare.ts). */
let core;
function makeReporter() {
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
function maskSecrets(values) {
    for (const v of values) {
        if (v.length < 4)
            continue; // masking tiny strings would blank the logs; they are not printed anyway
        for (const form of new Set([v, (0,shell/* envFileValue */.n_)(v), (0,shell/* kamalValue */.mH)(v).slice(1, -1)]))
            core.setSecret(form);
    }
}
/** The runner shows at most 10 error annotations per step, and setFailed takes one of them. */
const MAX_ANNOTATIONS = 9;
function annotateConfigError(error, workingDirectory, repoRoot) {
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
/** Every problem for the job summary, with the file and line as a person opens them. */
function summaryProblems(error) {
    return error.problems.map((p) => ({
        where: p.location ? `${p.location.file}:${p.location.line}:${p.location.column}` : undefined,
        message: p.keyPath ? `${p.keyPath}: ${p.message}` : p.message
    }));
}
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
const TITLES = {
    setup: 'Setup',
    deploy: 'Deploy',
    plan: 'Plan',
    'lock-status': 'Lock status',
    'lock-acquire': 'Lock acquire',
    'lock-release': 'Lock release'
};
async function main(env = process.env) {
    const started = Date.now();
    const repoRoot = env['GITHUB_WORKSPACE'] ?? process.cwd();
    const early = (0,prepare/* prepare */.i)(env);
    core = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(421)]).then(__webpack_require__.bind(__webpack_require__, 6421));
    if (early.inputs?.deployment.token)
        core.setSecret(early.inputs.deployment.token);
    let report = emptyReport(early.inputs?.command ?? (env['INPUT_COMMAND'] || 'deploy'), early.inputs?.version ?? '');
    let config;
    let inputs;
    let pool;
    const abort = new AbortController();
    let ctx;
    let deployment;
    let commit;
    const finish = async (failure, cancelled = false) => {
        report.durationSeconds = (Date.now() - started) / 1000;
        if (pool) {
            report.execCounts = pool.execCounts();
            const first = pool.firstConnectMs();
            if (first !== undefined)
                core.debug(`deckhand: first SSH connection started ${first.toFixed(0)} ms after process start`);
            core.debug(`deckhand: SSH commands per host ${JSON.stringify(report.execCounts)}`);
        }
        if (failure instanceof source/* ConfigError */.xL) {
            report.configProblems = summaryProblems(failure);
            report.failure = { message: `the deploy configuration has ${failure.problems.length} problem${failure.problems.length > 1 ? 's' : ''}` };
        }
        else if (failure)
            report.failure = describeFailure(failure);
        if (deployment) {
            const state = cancelled ? 'error' : failure ? 'failure' : 'success';
            const reason = report.failure?.message.split('\n')[0] ?? '';
            const text = cancelled ? `Deploy of ${report.version} ${reason}` : failure ? `Failed: ${reason}` : `Deployed ${report.version}`;
            // Cancelled: the runner kills us 7.5 s after SIGINT, and our own budget is 5 s.
            await deployment.finish(state, text, cancelled ? 2500 : 15_000);
        }
        core.setOutput('version', report.version);
        core.setOutput('previous-version', report.previousVersion ?? '');
        core.setOutput('hosts', JSON.stringify(report.hosts));
        core.setOutput('duration', report.durationSeconds.toFixed(1));
        core.setOutput('deployment-id', deployment?.id === undefined ? '' : String(deployment.id));
        core.setOutput('url', config ? proxyUrl(config) : '');
        const title = `${TITLES[report.command] ?? report.command}${config ? ` of ${config.service}${config.destination ? ` (${config.destination})` : ''}` : ''}${report.version ? ` ${report.version}` : ''}`;
        const extra = {
            commit,
            deployment: deployment?.id === undefined ? undefined : { id: deployment.id, environment: inputs?.deployment.environment ?? '' }
        };
        try {
            await core.summary.addRaw(renderSummary(report, title, extra)).write();
        }
        catch (e) {
            core.warning(`Could not write the job summary: ${e instanceof Error ? e.message : String(e)}`);
        }
    };
    // Cancellation: the runner sends SIGINT, then SIGTERM 7.5 s later, then kills. Release our lock
    // within a few seconds and exit; the post step is the safety net if even that is cut short.
    let stopping = false;
    const onSignal = (signal) => {
        if (stopping)
            return;
        stopping = true;
        core.warning(`Received ${signal}: stopping and releasing the deploy lock`);
        abort.abort();
        const timer = setTimeout(() => process.exit(1), 5000);
        const release = ctx
            ? releaseRunLock(ctx).then(() => {
                if (ctx?.report.lock.released)
                    core.saveState(state/* STATE */.c.lockReleased, 'true');
            })
            : Promise.resolve();
        release
            .catch((e) => core.error(`Could not release the deploy lock: ${e instanceof Error ? e.message : String(e)}`))
            .then(() => finish(new Error(`cancelled by ${signal}`), true))
            .finally(() => {
            clearTimeout(timer);
            pool?.closeAll();
            process.exit(1);
        });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
        pool = early.pool;
        if (early.error) {
            if (early.error instanceof source/* ConfigError */.xL && early.workingDirectory)
                annotateConfigError(early.error, early.workingDirectory, repoRoot);
            throw early.error;
        }
        inputs = early.inputs;
        config = early.config;
        const targets = early.targets;
        const workingDirectory = early.workingDirectory;
        const secrets = early.secrets;
        report.hosts = early.hosts ?? [];
        const deploying = inputs.command === 'setup' || inputs.command === 'deploy';
        commit = commitOf(env);
        if (deploying && inputs.deployment.enabled) {
            // start() only loads Octokit; the creation runs while the hosts pull the image. The app's
            // address defaults to the `url` output (the proxy host).
            if (commit)
                deployment = await GitHubDeployment.start({ log: core, inputs: { ...inputs.deployment, environmentUrl: inputs.deployment.environmentUrl ?? (proxyUrl(config) || undefined) }, target: { ref: commit.sha, sha: commit.sha }, version: inputs.version, command: inputs.command, destination: config.destination, env });
            else
                core.warning('GitHub deployment not created: no commit SHA (GITHUB_SHA, or pull_request.head.sha in the event payload)');
        }
        const recording = inputs.command === 'plan' ? new RecordingPool() : undefined;
        // A plan holds only <NAME> placeholders, nothing to mask.
        if (!recording)
            maskSecrets(secrets.values());
        for (const line of (0,load/* configWarnings */.O$)(config))
            core.warning(line);
        const repo = env['GITHUB_REPOSITORY'] ?? 'local';
        const token = `deckhand-${env['GITHUB_RUN_ID'] ?? 'local'}-${env['GITHUB_RUN_ATTEMPT'] ?? '1'}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
        ctx = {
            config,
            targets,
            version: inputs.version,
            performer: env['GITHUB_ACTOR'] ?? 'deckhand',
            secrets,
            pool: recording ?? pool,
            reporter: recording ? silentReporter : makeReporter(),
            lock: { name: `Deckhand ${repo} run ${env['GITHUB_RUN_ID'] ?? 'local'}/${env['GITHUB_RUN_ATTEMPT'] ?? '1'} by ${env['GITHUB_ACTOR'] ?? 'unknown'}`, token },
            // The plan's flow pretends every step succeeded: keep that out of the real report.
            report: recording ? emptyReport(report.command, report.version) : report,
            signal: abort.signal
        };
        const hooks = {
            inherited: env['KAMAL_LOCK'] === 'true',
            beforeAcquire: (info) => core.saveState(state/* STATE */.c.lock, JSON.stringify(info)),
            afterAcquire: () => deployment?.inProgress(),
            afterRelease: () => core.saveState(state/* STATE */.c.lockReleased, 'true')
        };
        const readLocal = (path, accessory) => {
            let content;
            try {
                content = (0,external_node_fs_.readFileSync)((0,external_node_path_.resolve)(workingDirectory, path));
            }
            catch {
                throw new Error(`Missing file: ${path}`);
            }
            return (0,erb/* renderAccessoryFile */.dd)(path, content, accessory, secrets, env);
        };
        switch (inputs.command) {
            case 'deploy':
                await runDeploy(ctx, hooks);
                break;
            case 'setup':
                await runSetup(ctx, hooks, readLocal);
                break;
            case 'plan': {
                const planFor = inputs.planFor;
                for (const name of early.missingSecrets ?? [])
                    core.warning(`Secret '${name}' is not defined by the secrets files nor the step's environment: a ${planFor} would stop before touching any host`);
                const log = await recordPlan({ ...ctx, pool: recording }, planFor, readLocal);
                const byHost = planByHost(log);
                for (const [host, steps] of byHost) {
                    await core.group(`Plan of a ${planFor} on ${host}: ${steps.length} exec${steps.length > 1 ? 's' : ''}`, async () => {
                        for (const step of steps)
                            core.info(`${step}\n`);
                    });
                }
                report.plan = { planFor, hosts: [...byHost].map(([host, steps]) => ({ host, steps })), missingSecrets: early.missingSecrets ?? [] };
                break;
            }
            case 'lock-status':
                await runLockStatus(ctx);
                break;
            case 'lock-acquire':
                await runLockAcquire(ctx, inputs.lockMessage ?? '');
                break;
            case 'lock-release':
                await runLockRelease(ctx);
                break;
        }
        if (stopping)
            return;
        await finish();
    }
    catch (error) {
        if (stopping)
            return;
        await finish(error);
        const message = error instanceof source/* ConfigError */.xL ? error.problems.map(source/* formatProblem */.Vw).join('\n') : error instanceof Error ? error.message : String(error);
        core.setFailed(message);
    }
    finally {
        if (!stopping) {
            pool?.closeAll();
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
        }
    }
}


/***/ })

};
