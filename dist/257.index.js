export const id = 257;
export const ids = [257];
export const modules = {

/***/ 9257:
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

// EXTERNAL MODULE: ./src/commands/naming.ts
var naming = __webpack_require__(9488);
// EXTERNAL MODULE: ./src/flows/accessory.ts
var accessory = __webpack_require__(4371);
// EXTERNAL MODULE: ./src/flows/app.ts
var app = __webpack_require__(4938);
// EXTERNAL MODULE: ./src/flows/context.ts + 1 modules
var context = __webpack_require__(8029);
// EXTERNAL MODULE: ./src/flows/inspect.ts
var inspect = __webpack_require__(9741);
// EXTERNAL MODULE: ./src/commands/protocol.ts
var protocol = __webpack_require__(1652);
// EXTERNAL MODULE: ./src/commands/script.ts
var commands_script = __webpack_require__(8827);
// EXTERNAL MODULE: ./src/commands/lock.ts
var commands_lock = __webpack_require__(7587);
// EXTERNAL MODULE: ./src/flows/boot.ts
var boot = __webpack_require__(4673);
// EXTERNAL MODULE: ./src/flows/deploy.ts
var deploy = __webpack_require__(2690);
// EXTERNAL MODULE: ./src/flows/errors.ts
var errors = __webpack_require__(5438);
// EXTERNAL MODULE: ./src/flows/lock.ts
var lock = __webpack_require__(9990);
// EXTERNAL MODULE: ./src/flows/proxy.ts
var proxy = __webpack_require__(3049);
// EXTERNAL MODULE: ./src/commands/audit.ts
var audit = __webpack_require__(6689);
// EXTERNAL MODULE: ./src/commands/docker.ts
var docker = __webpack_require__(1420);
// EXTERNAL MODULE: ./src/commands/shell.ts
var shell = __webpack_require__(4800);
// EXTERNAL MODULE: ./src/flows/hosts.ts
var flows_hosts = __webpack_require__(7730);
// EXTERNAL MODULE: ./src/flows/registry.ts
var registry = __webpack_require__(5942);
// EXTERNAL MODULE: ./src/flows/remote.ts
var remote = __webpack_require__(6871);
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
        await (0,flows_hosts/* onHosts */.D)(ctx, hosts, async (host) => {
            const script = new commands_script/* RemoteScript */.Sq();
            const pulls = targets.appHosts.includes(host);
            if (pulls) {
                script.add((0,audit/* auditLine */.k)(config, ctx.performer, `Pulled image with version ${version}`));
                (0,registry/* addWithLogin */.rZ)(script, ctx, config.registry, (0,shell/* quietly */.gd)((0,docker/* pullImage */.ZP)(config, version).pull));
                script.add(...(0,docker/* checkLabelQuietly */._H)(config, version));
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

// EXTERNAL MODULE: ./src/commands/app.ts
var commands_app = __webpack_require__(1413);
;// CONCATENATED MODULE: ./src/flows/setup.ts
// `setup` (lib/kamal/cli/main.rb `setup`): lock → make sure Docker is on every host → upload env
// files → boot kamal-proxy → boot accessories that are not there yet → deploy → release.













/**
 * Docker on every host (installed when we are root on an apt host), `.kamal`, and the env files
 * (without `envFiles`: Kamal's `server bootstrap`).
 */
async function prepareHosts(ctx, envFiles = true) {
    const { config, targets } = ctx;
    const missing = [];
    await ctx.reporter.group(`Ensure Docker is installed${envFiles ? ' and push env files' : ''} on ${targets.hosts.length} host(s)`, async () => {
        await (0,flows_hosts/* onHosts */.D)(ctx, targets.hosts, async (address) => {
            const script = new commands_script/* RemoteScript */.Sq().add(docker/* ensureDocker */.Jp);
            for (const role of envFiles ? targets.roles : []) {
                const host = role.hosts.find((h) => h.address === address);
                if (host)
                    script.writeFile((0,naming/* roleEnvFile */.c8)(config, role), (0,commands_app/* envFileContent */.hF)((0,commands_app/* envFor */.vs)(config, role, host), ctx.secrets), '600');
            }
            for (const acc of envFiles ? targets.accessories : [])
                if (acc.hosts.includes(address))
                    script.writeFile((0,naming/* accessoryEnvFile */.QG)(config, acc), (0,commands_app/* envFileContent */.hF)(acc.env, ctx.secrets), '600');
            const { report } = await (0,remote/* runRemote */.Q)(ctx.pool.get(address), script, envFiles ? 'ensure Docker and push env files' : 'ensure Docker');
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
    (0,context/* throwIfCancelled */.dZ)(ctx.signal);
    await (0,proxy/* bootProxies */.LA)(ctx, (0,proxy/* proxyHosts */.mF)(ctx, true));
    (0,context/* throwIfCancelled */.dZ)(ctx.signal);
    await (0,accessory/* bootAccessories */.zH)(ctx, readLocalFile);
    (0,context/* throwIfCancelled */.dZ)(ctx.signal);
    await pullOnAppHosts(ctx);
    (0,context/* throwIfCancelled */.dZ)(ctx.signal);
    await (0,boot/* bootApp */.k3)(ctx);
    await (0,deploy/* finishDeploy */.D)(ctx);
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
async function run_runDeploy(ctx, hooks) {
    if (hooks.inherited) {
        inheritLock(ctx, hooks);
        await pullOnAppHosts(ctx);
        await (0,proxy/* bootProxies */.LA)(ctx, (0,proxy/* proxyHosts */.mF)(ctx, false));
        await (0,boot/* bootApp */.k3)(ctx);
        return (0,deploy/* finishDeploy */.D)(ctx);
    }
    const { host } = announceLock(ctx, hooks);
    try {
        await pullOnAppHosts(ctx, { host, details: (0,lock/* lockDetails */.wN)(ctx.lock, ctx.version) });
        hooks.afterAcquire?.();
        (0,context/* throwIfCancelled */.dZ)(ctx.signal);
        await (0,proxy/* bootProxies */.LA)(ctx, (0,proxy/* proxyHosts */.mF)(ctx, false));
        (0,context/* throwIfCancelled */.dZ)(ctx.signal);
        await (0,boot/* bootApp */.k3)(ctx);
        await (0,deploy/* finishDeploy */.D)(ctx);
    }
    catch (error) {
        throw lockHeldOr(ctx, error);
    }
    finally {
        await releaseAtEnd(ctx, hooks);
    }
}
async function run_runSetup(ctx, hooks, readLocalFile) {
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
/** Lock hooks of a plan: nothing is saved for a post step (no lock is ever taken). */
const noHooks = { inherited: false, beforeAcquire: () => undefined, afterRelease: () => undefined };
/** Runs `setup` or `deploy` against recording hosts; `ctx.pool` must be a RecordingPool. */
async function recordPlan(ctx, planFor, readLocalFile) {
    return recordFlow(ctx, (planCtx) => planFor === 'setup' ? runSetup(planCtx, noHooks, readLocalFile) : runDeploy(planCtx, noHooks));
}
/** Runs any flow against recording hosts (`ctx.pool` must be a RecordingPool) and returns what it sent. */
async function recordFlow(ctx, flow) {
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
    await flow({ ...ctx, sleep });
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

// EXTERNAL MODULE: ./src/flows/prune.ts
var prune = __webpack_require__(3385);
// EXTERNAL MODULE: ./src/flows/remove.ts
var remove = __webpack_require__(5009);
// EXTERNAL MODULE: ./src/action/kamal/grammar.ts
var grammar = __webpack_require__(8306);
// EXTERNAL MODULE: ./src/action/kamal/words.ts
var words = __webpack_require__(3057);
;// CONCATENATED MODULE: ./src/action/commands.ts













/** The handler runs under the deploy lock (Kamal's `modify(lock: true)`). */
const locked = (fn) => (run) => withLock(run.ctx, run.hooks, () => fn(run));
const commands_text = (line, name) => {
    const v = line.options[name];
    return typeof v === 'string' ? v : undefined;
};
const count = (line, name) => {
    const v = commands_text(line, name);
    return v === undefined ? undefined : Number(v);
};
const flag = (line, name) => line.options[name] === true;
/** `-n/--lines`, `--since`, `-g/--grep`, `--grep-options`, `-T`, `--container-id` of a logs command. */
function logOptions(line) {
    const grepOptions = commands_text(line, 'grep-options');
    return {
        timestamps: !flag(line, 'skip-timestamps'),
        since: commands_text(line, 'since'),
        lines: count(line, 'lines'),
        grep: commands_text(line, 'grep'),
        grepOptions: grepOptions === undefined ? undefined : (0,words/* splitWords */.yM)(grepOptions),
        containerId: commands_text(line, 'container-id')
    };
}
const named = ({ ctx, inputs }) => (0,context/* accessoriesNamed */.Y)(ctx.targets, inputs.line.args[0]);
/** Runs the planned command's handler against recording hosts and prints it, host by host. */
const plan = async (run) => {
    const { core, inputs, prepared, ctx, report } = run;
    const planned = inputs.planned;
    if (prepared.kind !== 'plan' || !(ctx.pool instanceof RecordingPool) || !planned)
        throw new Error('plan needs recording hosts');
    const what = planned.text;
    for (const name of prepared.missingSecrets)
        core.warning(`Secret '${name}' is not defined by the secrets files nor the step's environment: a ${what} would stop before touching any host`);
    const handler = handlerFor(planned.command);
    const log = await recordFlow({ ...ctx, pool: ctx.pool }, (planCtx) => handler({ ...run, inputs: { ...inputs, command: planned.command, line: planned }, ctx: planCtx, hooks: noHooks }));
    const byHost = planByHost(log);
    for (const [host, steps] of byHost) {
        const title = `Plan of a ${what} on ${host}: ${steps.length} exec${steps.length > 1 ? 's' : ''}`;
        await core.group(title, () => {
            for (const step of steps)
                core.info(`${step}\n`);
            return Promise.resolve();
        });
    }
    report.plan = {
        planFor: what,
        hosts: [...byHost].map(([host, steps]) => ({ host, steps })),
        missingSecrets: prepared.missingSecrets
    };
};
const HANDLERS = {
    deploy: ({ ctx, hooks }) => run_runDeploy(ctx, hooks),
    setup: ({ ctx, hooks, readLocal }) => run_runSetup(ctx, hooks, readLocal),
    plan,
    'lock-status': async ({ ctx }) => void (await runLockStatus(ctx)),
    'lock-acquire': ({ ctx, inputs }) => runLockAcquire(ctx, inputs.lockMessage ?? ''),
    'lock-release': ({ ctx }) => runLockRelease(ctx),
    help: ({ core }) => Promise.resolve(core.info((0,grammar/* helpText */.BK)())),
    // Read-only: no lock.
    details: ({ ctx }) => (0,inspect/* details */.zH)(ctx),
    audit: ({ ctx }) => (0,inspect/* audit */.sb)(ctx),
    'app details': ({ ctx }) => (0,inspect/* appListing */.Gk)(ctx, 'details'),
    'app containers': ({ ctx }) => (0,inspect/* appListing */.Gk)(ctx, 'containers'),
    'app images': ({ ctx }) => (0,inspect/* appListing */.Gk)(ctx, 'images'),
    'app logs': ({ ctx, inputs }) => (0,inspect/* appLogsOnHosts */.$R)(ctx, logOptions(inputs.line)),
    'app version': ({ ctx }) => (0,inspect/* appVersion */.CU)(ctx),
    'accessory details': ({ ctx, inputs }) => (0,inspect/* accessoryDetails */.bZ)(ctx, inputs.line.args[0] ?? ''),
    'accessory logs': ({ ctx, inputs }) => (0,inspect/* accessoryLogsOnHosts */.Gb)(ctx, inputs.line.args[0] ?? '', logOptions(inputs.line)),
    'proxy details': ({ ctx }) => (0,inspect/* proxyDetails */.R5)(ctx),
    'proxy logs': ({ ctx, inputs }) => (0,inspect/* proxyLogsOnHosts */.oh)(ctx, logOptions(inputs.line)),
    // Locked, as Kamal locks them.
    'app stale_containers': (run) => flag(run.inputs.line, 'stop')
        ? locked(({ ctx }) => (0,app/* appStaleContainers */.lQ)(ctx, true))(run)
        : (0,app/* appStaleContainers */.lQ)(run.ctx, false),
    // Without --version Kamal boots the `latest` tag (a container named <service>-<role>-latest).
    'app boot': locked(({ ctx, inputs }) => (0,app/* appBoot */.Uj)(inputs.versionGiven ? ctx : { ...ctx, version: (0,naming/* latestTag */.wk)(ctx.config) })),
    'app start': locked(async ({ ctx, inputs }) => (0,app/* appStart */.Kc)(ctx, await (0,app/* versionsToStart */.ll)(ctx, inputs.versionGiven ? inputs.version : undefined))),
    'app stop': locked(({ ctx }) => (0,app/* appStop */.Uv)(ctx)),
    'app maintenance': locked(({ ctx, inputs }) => (0,app/* appMaintenance */.jG)(ctx, count(inputs.line, 'drain-timeout'), commands_text(inputs.line, 'message'))),
    'app live': locked(({ ctx }) => (0,app/* appLive */.e9)(ctx)),
    'app remove': locked(({ ctx }) => (0,app/* appRemove */.kh)(ctx)),
    'accessory boot': locked((run) => (0,accessory/* bootAccessories */.zH)(run.ctx, run.readLocal, named(run))),
    'accessory reboot': locked((run) => (0,accessory/* bootAccessories */.zH)(run.ctx, run.readLocal, named(run), 'reboot')),
    'accessory start': locked((run) => (0,accessory/* accessoryStart */.rW)(run.ctx, named(run))),
    'accessory stop': locked((run) => (0,accessory/* accessoryStop */.Bq)(run.ctx, named(run))),
    'accessory restart': locked((run) => (0,accessory/* accessoryRestart */.yC)(run.ctx, named(run))),
    'accessory remove': locked((run) => (0,accessory/* accessoryRemove */.Ry)(run.ctx, named(run))),
    'proxy boot': locked(({ ctx }) => (0,proxy/* bootProxies */.LA)(ctx, (0,context/* proxyHostsOf */.hJ)(ctx.targets))),
    // Hooks (#12): pass { before, after } running pre-proxy-reboot / post-proxy-reboot here.
    'proxy reboot': locked(({ ctx, inputs }) => (0,proxy/* proxyReboot */.oI)(ctx, flag(inputs.line, 'rolling'), {})),
    'proxy start': locked(({ ctx }) => (0,proxy/* proxyStart */.jd)(ctx)),
    'proxy stop': locked(({ ctx }) => (0,proxy/* proxyStop */.Zj)(ctx)),
    'proxy restart': locked(({ ctx }) => (0,proxy/* proxyRestart */.mx)(ctx)),
    'proxy remove': locked(async ({ ctx, inputs }) => void (await (0,proxy/* proxyRemove */.tt)(ctx, flag(inputs.line, 'force')))),
    'prune all': locked(({ ctx }) => (0,prune/* prune */.R)(ctx, 'all')),
    'prune images': locked(({ ctx }) => (0,prune/* prune */.R)(ctx, 'images')),
    'prune containers': locked(({ ctx, inputs }) => (0,prune/* prune */.R)(ctx, 'containers', count(inputs.line, 'retain'))),
    // Hooks (#12): the docker-setup hook runs after this, inside the lock.
    'server bootstrap': locked(({ ctx }) => prepareHosts(ctx, false)),
    remove: locked(({ ctx }) => (0,remove/* removeAll */.C)(ctx))
};
/** The handler of a command; one the grammar knows but this build does not have is a clear error. */
function handlerFor(command) {
    const handler = HANDLERS[command];
    if (!handler)
        throw new Error(`command ${command}: not built yet in this version of the action (it is part of the Kamal command set the action is growing into)`);
    return handler;
}

// EXTERNAL MODULE: ./src/action/inputs.ts + 1 modules
var inputs = __webpack_require__(1334);
// EXTERNAL MODULE: ./src/action/prepare.ts + 13 modules
var prepare = __webpack_require__(5136);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
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
// EXTERNAL MODULE: ./src/flows/report.ts
var flows_report = __webpack_require__(6891);
// EXTERNAL MODULE: ./src/util/values.ts
var values = __webpack_require__(7656);
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

// EXTERNAL MODULE: ./src/commands/proxy.ts
var commands_proxy = __webpack_require__(4554);
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
        ...(report.version || !report.line ? [`<b>Version</b> ${code(report.version || '–')}`] : []),
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
/** Lines of a host's output the summary keeps (the log has all of them). */
const SUMMARY_OUTPUT_LINES = 30;
/** Each host's output, collapsed, with its last lines. */
function hostOutputs(outputs) {
    return outputs
        .map((o) => {
        const lines = o.text.split('\n');
        const shown = lines.slice(-SUMMARY_OUTPUT_LINES);
        const more = lines.length > shown.length ? ` (last ${shown.length} of ${lines.length} lines)` : '';
        return `<details><summary><code>${escapeHtml(o.host)}</code> ${escapeHtml(o.title)}${more}</summary>\n\n<pre>${escapeHtml(shown.join('\n') || '(nothing)')}</pre>\n</details>\n`;
    })
        .join('');
}
function versions(v) {
    return table(['Host', 'Role', 'Running version'], Object.entries(v).flatMap(([host, roles]) => Object.entries(roles).map(([role, version]) => [host, role, version])));
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
    if (report.versions)
        parts.push(versions(report.versions));
    if (report.outputs.length > 0)
        parts.push(hostOutputs(report.outputs));
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
        report.failure = (0,flows_hosts/* describeFailure */.I)(failure);
}
function summaryTitle(report, config) {
    const app = config ? ` of ${config.service}${config.destination ? ` (${config.destination})` : ''}` : '';
    const title = TITLES[report.command];
    // A Kamal command line is its own title (the default version means nothing to it).
    if (!title)
        return `kamal ${report.line ?? report.command}${app}`;
    return `${title}${app}${report.version ? ` ${report.version}` : ''}`;
}
/** Sets every output and writes the job summary (a summary that cannot be written is a warning). */
async function publish(core, report, config, extra) {
    core.setOutput('version', report.version);
    core.setOutput('previous-version', report.previousVersion ?? '');
    core.setOutput('hosts', JSON.stringify(report.hosts));
    core.setOutput('duration', report.durationSeconds.toFixed(1));
    core.setOutput('deployment-id', extra.deployment === undefined ? '' : String(extra.deployment.id));
    core.setOutput('url', config ? (0,commands_proxy/* proxyUrl */.sd)(config) : '');
    // lock-status: whether a lock is there, and its decoded details.
    core.setOutput('locked', report.command === 'lock-status' ? String(report.lock.holder !== undefined) : '');
    core.setOutput('lock-holder', report.command === 'lock-status' ? (report.lock.holder ?? '') : '');
    core.setOutput('versions', report.versions ? JSON.stringify(report.versions) : '');
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
/** The run's version as the summary and the `version` output show it: a Kamal console command that
 * deploys nothing has none, unless one was given. */
function reportedVersion(inputs) {
    const console = inputs.line.spec !== undefined && !['setup', 'deploy', 'redeploy', 'rollback'].includes(inputs.command);
    return console && !inputs.versionGiven ? '' : inputs.version;
}
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
            ? (0,flows_report/* emptyReport */._)(prepared.inputs.command, reportedVersion(prepared.inputs))
            : (0,flows_report/* emptyReport */._)(prepared.command, prepared.version);
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
        if (inputs.line.text !== inputs.command)
            report.line = inputs.line.text;
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
            report: prepared.kind === 'plan' ? (0,flows_report/* emptyReport */._)(report.command, report.version) : report,
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
        const environmentUrl = inputs.deployment.environmentUrl ?? ((0,commands_proxy/* proxyUrl */.sd)(config) || undefined);
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
    const prepared = (0,prepare/* prepare */.iA)(env);
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
        const handler = handlerFor(prepared.inputs.command);
        await handler(await step.begin(prepared));
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
