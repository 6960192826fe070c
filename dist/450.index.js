export const id = 450;
export const ids = [450];
export const modules = {

/***/ 9450:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ./src/action/cancel.ts
var cancel = __webpack_require__(5738);
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
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/commands/build.ts
var build = __webpack_require__(9794);
// EXTERNAL MODULE: ./src/flows/errors.ts
var flows_errors = __webpack_require__(5438);
;// CONCATENATED MODULE: ./src/flows/build.ts
// The build on the runner, before any host is touched and before the lock (Kamal's
// `kamal build push`, lib/kamal/cli/build.rb): check Docker and buildx, log in to the registry
// (password on stdin), the pre-build hook, make sure Kamal's builder exists, then one
// `docker buildx build --output=type=registry` builds and pushes both tags. Without buildx the
// daemon's BuildKit builds (`DOCKER_BUILDKIT=1 docker build`) and `docker push` pushes, for what
// that can do; the rest is a clear error.
//
// The context: Kamal builds from a fresh git clone of HEAD unless `builder.context` is set, so that
// uncommitted changes never reach an image. On a CI runner the checkout already is that commit, and
// what earlier steps produced on purpose (compiled assets, downloaded artifacts) belongs in the
// image; a clone would also cost time on every run. So the action builds from the working directory
// (or `builder.context` inside it), and no path may leave it.





/** Kamal's answer when the builder is missing (cli/build.rb `push`): create it. */
const MISSING_BUILDER = /(context not found|no builder|no compatible builder|does not exist)/;
const NOT_THERE = /(context not found|no builder|does not exist)/;
const INSTALL_BUILDX = 'install the buildx plugin (docker/setup-buildx-action, or the docker-buildx-plugin package from Docker or docker-buildx from Debian)';
/** What the fallback cannot do, said once when it is used. */
const FALLBACK_WARNING = `docker buildx is not installed on the runner: building with the Docker daemon's BuildKit instead (DOCKER_BUILDKIT=1 docker build, then docker push). This fallback cannot build several platforms, use a gha or registry cache, a remote or cloud builder, or provenance and SBOM attestations; ${INSTALL_BUILDX} for those.`;
/** The architecture a plan assumes for the runner's Docker: the one this runner's node runs on. */
const PLAN_ARCHITECTURE = process.arch === 'arm64' ? 'aarch64' : 'x86_64';
/** Builds and pushes `<image>:<version>` (and the latest tag) on the runner; nothing touches a host. */
async function buildAndPush(ctx) {
    const builder = requireBuilder(ctx.config);
    checkPaths(builder, ctx.workingDirectory);
    const image = (0,naming/* imageRef */.D6)(ctx.config, ctx.version);
    const started = Date.now();
    return ctx.reporter.group(`Build and push ${image} on the runner`, async () => {
        const docker = await checkDocker(ctx);
        const native = await nativeArch(ctx, builder, docker.buildx);
        const target = (0,build/* buildTarget */.k0)(builder, native);
        if (!docker.buildx && target.kind !== 'pack') {
            checkFallback(builder, native, docker.version);
            ctx.reporter.warning(FALLBACK_WARNING);
        }
        const login = await logIn(ctx);
        try {
            // HOOK(#12): the pre-build hook runs here (after the login, before the build), as in Kamal.
            await ctx.preBuild?.();
            const built = target.kind === 'pack'
                ? await buildWithPack(ctx, target)
                : docker.buildx
                    ? await buildWithBuildx(ctx, target, native)
                    : await buildWithDaemon(ctx, native);
            const report = {
                image,
                ...built,
                platforms: builder.arch.map((a) => `linux/${a}`),
                seconds: Math.round((Date.now() - started) / 100) / 10
            };
            ctx.report.build = report;
            ctx.reporter.info(`Pushed ${image}${report.digest ? ` (${report.digest})` : ''} with ${report.builder} in ${report.seconds.toFixed(1)} s`);
            return report;
        }
        finally {
            if (login) {
                const out = await run(ctx, (0,build/* runnerLogout */.NO)(login.server), `log out of ${login.name}`, { always: true });
                if (out.code === 0)
                    ctx.onLogout?.();
            }
        }
    });
}
function requireBuilder(config) {
    if (!config.builder)
        throw new flows_errors/* BuildError */.zS('Nothing to build: the config has no builder section (Kamal requires at least builder.arch, e.g. `builder: { arch: amd64 }`)');
    const server = config.registry.server;
    if (server?.startsWith('localhost'))
        throw new flows_errors/* BuildError */.zS(`registry.server ${server} is a local registry: the hosts cannot pull an image built on the runner from it (Kamal forwards its port over SSH, which this action does not); push to a registry the hosts reach`);
    return config.builder;
}
/** A remote context (a Git URL) is not a path. */
const isUrl = (context) => /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@');
/** `path` (relative to the working directory) resolved, or an error when it leads out of it. */
function inside(key, path, workingDirectory) {
    const full = (0,external_node_path_.resolve)(workingDirectory, path);
    const real = (0,external_node_fs_.existsSync)(full) ? (0,external_node_fs_.realpathSync)(full) : full;
    for (const [p, base] of [
        [full, workingDirectory],
        [real, (0,external_node_fs_.existsSync)(workingDirectory) ? (0,external_node_fs_.realpathSync)(workingDirectory) : workingDirectory]
    ]) {
        const rel = (0,external_node_path_.relative)(base, p);
        if (rel === '..' || rel.startsWith('../') || (0,external_node_path_.isAbsolute)(rel))
            throw new flows_errors/* BuildError */.zS(`builder.${key}: ${path} is outside the working directory ${workingDirectory}; the build reads only files inside it`);
    }
    return full;
}
/** The context and the Dockerfile exist and stay inside the working directory (Kamal: `Missing <file>`). */
function checkPaths(builder, workingDirectory) {
    const context = builder.context ?? '.';
    if (!isUrl(context)) {
        const dir = inside('context', context, workingDirectory);
        if (!(0,external_node_fs_.existsSync)(dir) || !(0,external_node_fs_.statSync)(dir).isDirectory())
            throw new flows_errors/* BuildError */.zS(`builder.context: ${context} is not a directory of the working directory ${workingDirectory}`);
    }
    if (builder.pack)
        return;
    const file = inside('dockerfile', builder.dockerfile, workingDirectory);
    if (!(0,external_node_fs_.existsSync)(file))
        throw new flows_errors/* BuildError */.zS(`Missing ${builder.dockerfile} (builder.dockerfile, relative to the working directory ${workingDirectory})`);
}
/** Runs a runner command, its line shown first (as Kamal shows `Running …`; it holds no secret). */
function run(ctx, cmd, label, io) {
    if (!ctx.runner.planning)
        ctx.reporter.info(`$ ${cmd.command}`);
    return ctx.runner.run(cmd, label, io);
}
/** Runs a command and throws a BuildError (with its last lines) unless it exits 0. */
async function must(ctx, cmd, label, io) {
    const r = await run(ctx, cmd, label, io);
    if (r.code !== 0) {
        const tail = (0,flows_errors/* lastLines */.w$)(r.output, 15);
        throw new flows_errors/* BuildError */.zS(`${label} failed on the runner${tail ? `: ${tail.split('\n').pop() ?? ''}` : ''}`, {
            label,
            output: tail
        });
    }
    return r;
}
/** Kamal's `docker --version && docker buildx version`: Docker must be there; buildx decides the way. */
async function checkDocker(ctx) {
    const label = 'check Docker and buildx';
    const r = await run(ctx, build/* ensureDockerInstalled */.dJ, label);
    const version = /Docker version ([0-9][^\s,]*)/.exec(r.output)?.[1];
    if (r.code === 0 || ctx.runner.planning)
        return { buildx: true, version };
    if (!version)
        throw new flows_errors/* BuildError */.zS('Docker is not installed on the runner (no `docker` command on PATH): use a runner that has it (GitHub-hosted Ubuntu runners do) or install it in an earlier step', { label, output: (0,flows_errors/* lastLines */.w$)(r.output, 5) });
    return { buildx: false, version };
}
/** The runner's Docker architecture (Kamal's `docker_arch`), which also shows that the daemon answers. */
async function nativeArch(ctx, builder, buildx) {
    // A remote-only or cloud build needs no local daemon (Kamal v2.5.1).
    if (buildx && (builder.localDisabled || builder.driver.startsWith('cloud')))
        return (0,build/* dockerArchName */.Aw)(PLAN_ARCHITECTURE);
    const label = "the runner's Docker architecture";
    const r = await run(ctx, (0,build/* dockerArch */.hA)(PLAN_ARCHITECTURE), label);
    if (r.code !== 0)
        throw new flows_errors/* BuildError */.zS(`Docker's daemon does not answer on the runner: ${(0,flows_errors/* lastLines */.w$)(r.output, 1)}`, {
            label,
            output: (0,flows_errors/* lastLines */.w$)(r.output, 10)
        });
    return (0,build/* dockerArchName */.Aw)(r.output);
}
/**
 * Without buildx: since Docker 23 the CLI itself refuses BuildKit builds without buildx; before
 * that the daemon's BuildKit builds one platform with a local cache and no attestations.
 */
function checkFallback(builder, native, version) {
    if (Number(version?.split('.')[0]) >= 23)
        throw new flows_errors/* BuildError */.zS(`The docker CLI on PATH (Docker ${version}) has no buildx, and since Docker 23 it builds with BuildKit only through buildx: ${INSTALL_BUILDX}, or put a Docker CLI older than 23 (e.g. Debian's docker.io 20.10) first on PATH`);
    const cannot = [
        ...(builder.arch.length > 1 ? [`build several platforms (builder.arch: ${builder.arch.join(', ')})`] : []),
        ...(builder.cache ? [`use a ${builder.cache.type} cache (builder.cache)`] : []),
        ...(builder.remote ? [`use a remote builder (builder.remote: ${builder.remote})`] : []),
        ...(builder.driver.startsWith('cloud') ? [`use Docker Build Cloud (builder.driver: ${builder.driver})`] : []),
        ...(builder.provenance !== undefined && builder.provenance !== 'false'
            ? ['add provenance attestations (builder.provenance)']
            : []),
        ...(builder.sbom !== undefined && builder.sbom !== 'false' ? ['add an SBOM (builder.sbom)'] : [])
    ];
    if (cannot.length > 0)
        throw new flows_errors/* BuildError */.zS(`docker buildx is not installed on the runner, and without it the build cannot ${cannot.join(', ')}: ${INSTALL_BUILDX}`);
    const arch = builder.arch[0] ?? native;
    if (arch !== native)
        throw archError(arch, `the runner's Docker builds linux/${native} and has no buildx`);
}
function archError(arch, why) {
    return new flows_errors/* BuildError */.zS(`builder.arch ${arch}: ${why}. Build linux/${arch} on a remote builder (builder.remote, e.g. ssh://docker@an-${arch}-host), on a runner of that architecture, or with buildx and QEMU (docker/setup-qemu-action before this step)`);
}
/** The registry's name in messages. */
const registryName = (config) => config.registry.server ?? 'Docker Hub';
/** `docker login` on the runner with the password on stdin; undefined without credentials. */
async function logIn(ctx) {
    const { registry } = ctx.config;
    const resolve = (v) => v === undefined ? undefined : 'literal' in v ? v.literal : ctx.secrets.get(v.secret);
    const [username, password] = [resolve(registry.username), resolve(registry.password)];
    if (username === undefined || password === undefined)
        return undefined;
    const name = registryName(ctx.config);
    const label = `log in to ${name}`;
    ctx.onLogin?.(registry.server);
    const r = await run(ctx, (0,build/* runnerLogin */._M)(registry.server, username), label, { stdin: password });
    if (r.code !== 0)
        throw new flows_errors/* BuildError */.zS(`The registry ${name} refused the login of ${username} on the runner: ${(0,flows_errors/* lastLines */.w$)(r.output, 1)}`, {
            label,
            output: (0,flows_errors/* lastLines */.w$)(r.output, 5)
        });
    return { server: registry.server, name };
}
/** The values of `builder.secrets`, for the build's environment only. */
function secretValues(ctx, builder) {
    const out = {};
    for (const name of builder.secrets) {
        const value = ctx.secrets.get(name);
        if (value === undefined)
            throw new flows_errors/* BuildError */.zS(`builder.secrets: the secret ${name} is not defined`);
        out[name] = value;
    }
    return out;
}
/** Kamal's inspect, and on "no builder" its remove (which may fail) and create. */
async function ensureBuilder(ctx, target) {
    const inspect = (0,build/* inspectBuilder */.IK)(target);
    const name = (0,build/* builderName */.b8)(target) ?? 'builder';
    if (!inspect)
        return;
    const found = await run(ctx, inspect, `inspect the builder ${name}`);
    if (found.code === 0)
        return;
    if (!MISSING_BUILDER.test(found.output) || target.kind === 'pack')
        throw new flows_errors/* BuildError */.zS(`The builder ${name} cannot be used: ${(0,flows_errors/* lastLines */.w$)(found.output, 1)}`, {
            label: `inspect the builder ${name}`,
            output: (0,flows_errors/* lastLines */.w$)(found.output, 10)
        });
    ctx.reporter.info('Missing compatible builder, so creating a new one first');
    const remove = (0,build/* removeBuilder */.iq)(target);
    if (remove) {
        const removed = await run(ctx, remove, `remove the builder ${name} (when the inspect found none)`);
        if (removed.code !== 0 && !NOT_THERE.test(removed.output))
            throw new flows_errors/* BuildError */.zS(`The builder ${name} could not be removed: ${(0,flows_errors/* lastLines */.w$)(removed.output, 1)}`);
    }
    const create = (0,build/* createBuilder */.Ij)(target);
    if (create)
        await must(ctx, create, `create the builder ${name} (when the inspect found none)`);
}
/** A local buildx builder builds other arches than the runner's only with emulation (QEMU). */
async function checkPlatforms(ctx, target, native) {
    const foreign = target.localArches.filter((a) => a !== native);
    if (foreign.length === 0)
        return;
    const r = await must(ctx, (0,build/* builderPlatforms */.I5)(target), 'list the platforms of the builder');
    const line = /Platforms:\s*(.*)/.exec(r.output)?.[1];
    if (!line)
        return;
    const can = line.split(',').map((p) => p.trim().replace(/\*$/, ''));
    for (const arch of foreign)
        if (!can.includes(`linux/${arch}`))
            throw archError(arch, `the runner's buildx builder ${(0,build/* builderName */.b8)(target) ?? ''} builds ${line.trim()} only`);
}
/** A failed build or push, said as what a person can act on. */
function failure(ctx, label, output, pushOnly) {
    const tail = (0,flows_errors/* lastLines */.w$)(output, 15);
    const failed = { label, output: tail };
    if (/BuildKit is enabled but the buildx component is missing or broken/.test(output))
        return new flows_errors/* BuildError */.zS(`The docker CLI on PATH refuses BuildKit builds without buildx: ${INSTALL_BUILDX}`, failed);
    const refusal = pushOnly || /failed to push|pushing (layers|manifest)|push access denied/i.test(output);
    const status = refusal
        ? output
            .split('\n')
            .map((l) => l.trim())
            .reverse()
            .find((l) => /denied|unauthori[sz]ed|forbidden|insufficient_scope|\b40[13]\b|HTTP response to HTTPS client|failed to push|no such host|connection refused|timeout/i.test(l))
        : undefined;
    const image = (0,naming/* imageRef */.D6)(ctx.config, ctx.version);
    const last = tail.split('\n').pop() ?? '';
    if (status)
        return new flows_errors/* BuildError */.zS(`The registry ${registryName(ctx.config)} refused the push of ${image}: ${status}`, failed);
    if (pushOnly)
        return new flows_errors/* BuildError */.zS(`The push of ${image} to ${registryName(ctx.config)} failed: ${last}`, failed);
    return new flows_errors/* BuildError */.zS(`The build of ${image} failed on the runner (nothing was done on any host): ${last}`, failed);
}
async function buildWithBuildx(ctx, target, native) {
    const { builder } = target;
    await ensureBuilder(ctx, target);
    if (target.kind === 'local')
        await checkPlatforms(ctx, target, native);
    if (builder.cache?.type === 'gha' && !ctx.env['ACTIONS_RUNTIME_TOKEN'] && !ctx.runner.planning)
        ctx.reporter.warning('builder.cache type gha: ACTIONS_RUNTIME_TOKEN is not set (outside GitHub Actions?), so buildx cannot reach the GitHub cache');
    const cmd = (0,build/* buildxPush */.T5)(ctx.config, ctx.version, target);
    const label = `build and push ${(0,naming/* imageRef */.D6)(ctx.config, ctx.version)}`;
    const r = await run(ctx, cmd, label, { secretValues: secretValues(ctx, builder), stream: true });
    if (r.code !== 0)
        throw failure(ctx, label, r.output, false);
    const ref = (0,naming/* imageRef */.D6)(ctx.config, ctx.version);
    const digest = new RegExp(`pushing manifest for ${escapeRegExp(ref)}@(sha256:[0-9a-f]{64})`).exec(r.output)?.[1];
    const name = (0,build/* builderName */.b8)(target);
    return {
        digest,
        sizes: digest ? await pushedSizes(ctx, `${ctx.config.image}@${digest}`) : [],
        builder: name ? `buildx builder ${name}` : 'buildx (docker driver)'
    };
}
async function buildWithDaemon(ctx, native) {
    const builder = ctx.config.builder;
    const cmd = (0,build/* fallbackBuild */.f1)(ctx.config, ctx.version, native);
    const label = `build ${(0,naming/* imageRef */.D6)(ctx.config, ctx.version)} (BuildKit in the daemon)`;
    const r = await run(ctx, cmd, label, { secretValues: secretValues(ctx, builder), stream: true });
    if (r.code !== 0)
        throw failure(ctx, label, r.output, false);
    const digest = await pushTags(ctx);
    return {
        digest,
        sizes: await localSize(ctx),
        builder: 'docker build (BuildKit in the daemon, no buildx)'
    };
}
async function buildWithPack(ctx, target) {
    const inspect = (0,build/* inspectBuilder */.IK)(target);
    if (inspect) {
        const label = `inspect the buildpacks builder ${target.builder.pack?.builder ?? ''}`;
        const r = await run(ctx, inspect, label);
        if (r.code === 127 || /pack: (command )?not found/.test(r.output))
            throw new flows_errors/* BuildError */.zS('builder.pack: the pack CLI is not installed on the runner (buildpacks/github-actions/setup-pack installs it)', { label, output: (0,flows_errors/* lastLines */.w$)(r.output, 5) });
        if (r.code !== 0)
            throw new flows_errors/* BuildError */.zS(`${label} failed on the runner: ${(0,flows_errors/* lastLines */.w$)(r.output, 1)}`, {
                label,
                output: (0,flows_errors/* lastLines */.w$)(r.output, 10)
            });
    }
    const cmd = (0,build/* packPush */.gb)(ctx.config, ctx.version, target);
    const label = `build ${(0,naming/* imageRef */.D6)(ctx.config, ctx.version)} with buildpacks and push it`;
    const r = await run(ctx, cmd, label, { secretValues: secretValues(ctx, target.builder), stream: true });
    if (r.code !== 0)
        throw failure(ctx, label, r.output, false);
    return { digest: pushedDigest(ctx, r.output), sizes: await localSize(ctx), builder: 'pack' };
}
/** `docker push` of each tag; the digest `docker push` reports for the version's tag. */
async function pushTags(ctx) {
    let digest;
    for (const [i, push] of (0,build/* fallbackPush */.z2)(ctx.config, ctx.version).entries()) {
        const label = push.command.replace(/^docker push (\S+).*$/, 'push $1');
        const r = await run(ctx, push, label, { stream: true });
        if (r.code !== 0)
            throw failure(ctx, label, r.output, true);
        if (i === 0)
            digest = pushedDigest(ctx, r.output);
    }
    return digest;
}
/** `<version>: digest: sha256:… size: N`, as `docker push` ends. */
function pushedDigest(ctx, output) {
    return new RegExp(`(?:^|\\n)${escapeRegExp(ctx.version)}: digest: (sha256:[0-9a-f]{64})`).exec(output)?.[1];
}
async function localSize(ctx) {
    const r = await run(ctx, (0,build/* localImageSize */.Cu)((0,naming/* imageRef */.D6)(ctx.config, ctx.version)), 'the size of the image');
    const bytes = Number(r.output.trim());
    return r.code === 0 && Number.isFinite(bytes) && r.output.trim() !== '' ? [{ bytes, kind: 'unpacked' }] : [];
}
/** The compressed size of each pushed platform: the registry's manifests (attestations left out). */
async function pushedSizes(ctx, ref) {
    const read = async (r) => {
        const out = await run(ctx, (0,build/* pushedManifest */.F2)(r), 'the size of the pushed image');
        try {
            return out.code === 0 ? JSON.parse(out.output) : undefined;
        }
        catch {
            return undefined;
        }
    };
    const bytes = (m) => (m.config?.size ?? 0) + (m.layers ?? []).reduce((sum, l) => sum + l.size, 0);
    const top = await read(ref);
    if (!top)
        return [];
    if (!top.manifests)
        return [{ bytes: bytes(top), kind: 'compressed' }];
    const sizes = [];
    for (const m of top.manifests) {
        if (!m.platform || m.platform.os === 'unknown')
            continue;
        const one = await read(`${ctx.config.image}@${m.digest}`);
        const platform = [m.platform.os, m.platform.architecture, m.platform.variant].filter(Boolean).join('/');
        if (one)
            sizes.push({ platform, bytes: bytes(one), kind: 'compressed' });
    }
    return sizes;
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/commands/app.ts
var commands_app = __webpack_require__(1413);
// EXTERNAL MODULE: ./src/commands/audit.ts
var commands_audit = __webpack_require__(6689);
// EXTERNAL MODULE: ./src/commands/shell.ts
var shell = __webpack_require__(4800);
;// CONCATENATED MODULE: ./src/commands/exec.ts



/** Kamal's `execute_in_new_container`, argument for argument. */
function execInNewContainer({ config, role, host, version, hex6, command }) {
    return [
        'docker run --rm',
        `--name ${(0,shell/* word */.Vm)(`${(0,naming/* rolePrefix */.l6)(config, role)}-exec-${version}-${hex6}`)}`,
        '--network kamal',
        ...(0,shell/* argumentize */.Ou)('--env', (0,commands_app/* envFor */.vs)(config, role, host).clear),
        `--env-file ${(0,shell/* word */.Vm)((0,naming/* roleEnvFile */.c8)(config, role))}`,
        ...(0,commands_app/* loggingArgs */.ro)(role.logging),
        ...config.volumes.map((v) => `--volume ${v}`),
        ...(0,shell/* optionize */.Ew)(role.options),
        (0,shell/* word */.Vm)((0,naming/* imageRef */.D6)(config, version)),
        command
    ].join(' ');
}
/** Kamal's `execute_in_existing_container`: `docker exec <container> <command>`. */
function execInExistingContainer(container, command) {
    return `docker exec ${container} ${command}`;
}
/** The image, pulled first when the host does not have it (the exec's registry login is added around it). */
function imageOrPull(config, version) {
    const image = (0,shell/* word */.Vm)((0,naming/* imageRef */.D6)(config, version));
    return `docker image inspect ${image} > /dev/null 2>&1 || ${(0,shell/* quietly */.gd)(`docker pull ${image}`)}`;
}
/**
 * `--reuse` without a version: the role's running version on this host (Kamal's current-version
 * query) into `$DECKHAND_CURRENT`, and the container named after it; no running container fails
 * the exec with what to do.
 */
function inRunningContainer(config, role, command) {
    return [
        `DECKHAND_CURRENT=$( { ${(0,commands_app/* currentVersion */.YO)(config, role)} ; } 2> /dev/null || true)`,
        `if [ -z "$DECKHAND_CURRENT" ]; then echo ${(0,shell/* quote */.hD)(`No running container of role ${role.name} on this host to reuse: deploy first, or run the exec in a new container (reuse: false)`)} >&2; exit 1; fi`,
        execInExistingContainer(`${(0,shell/* word */.Vm)(`${(0,naming/* rolePrefix */.l6)(config, role)}-`)}"$DECKHAND_CURRENT"`, command)
    ];
}

// EXTERNAL MODULE: ./src/commands/script.ts
var commands_script = __webpack_require__(8827);
// EXTERNAL MODULE: ./src/flows/hosts.ts
var flows_hosts = __webpack_require__(7730);
// EXTERNAL MODULE: ./src/flows/registry.ts
var registry = __webpack_require__(5942);
// EXTERNAL MODULE: ./src/flows/report.ts
var flows_report = __webpack_require__(6891);
;// CONCATENATED MODULE: ./src/flows/exec.ts
// Kamal's `app exec [-p] [--reuse] CMD` (lib/kamal/cli/app.rb `exec`): the command in a new
// container of each targeted role (or in the running one with `reuse`) on every app host, or on
// the primary host only. No lock, as in Kamal. Each host's output is shown in a group of its own
// once every host is done; any non-zero exit fails the run with the host, exit code and last lines.










/** The script of one role's exec on one host; its standard output is the command's alone. */
function execScript(ctx, role, address, req) {
    const { config, version } = ctx;
    const host = role.hosts.find((h) => h.address === address) ?? { address, tags: [] };
    const script = new commands_script/* RemoteScript */.Sq();
    if (req.reuse) {
        const on = req.versionGiven ? version : '${DECKHAND_CURRENT}';
        const audit = (0,commands_audit/* auditLine */.kk)(config, ctx.performer, `Executed cmd '${req.command}' on app version ${on}`, [role.name]);
        if (req.versionGiven)
            return script.add(audit, execInExistingContainer((0,naming/* containerName */.xN)(config, role, version), req.command));
        const [current, check, exec] = inRunningContainer(config, role, req.command);
        return script.add(current, check, audit, exec);
    }
    script
        .add((0,commands_audit/* auditLine */.kk)(config, ctx.performer, `Executed cmd '${req.command}' on app version ${version}`))
        // The role's secrets reach the container only through its env file, written through stdin.
        .writeFile((0,naming/* roleEnvFile */.c8)(config, role), (0,commands_app/* envFileContent */.hF)((0,commands_app/* envFor */.vs)(config, role, host), ctx.secrets), '600');
    (0,registry/* addWithLogin */.rZ)(script, ctx, config.registry, imageOrPull(config, version));
    return script.add(execInNewContainer({
        config,
        role,
        host,
        version,
        hex6: (0,external_node_crypto_.randomBytes)(3).toString('hex'),
        command: req.command
    }));
}
/** Runs the exec on its hosts (in parallel; a host's roles one after the other), then reports. */
async function exec_runExec(ctx, req) {
    const { targets } = ctx;
    const hosts = req.primary ? [targets.primaryHost] : targets.appHosts;
    const where = req.reuse
        ? `the running container${req.versionGiven ? ` of ${ctx.version}` : ''}`
        : `a new container of ${(0,naming/* imageRef */.D6)(ctx.config, ctx.version)}`;
    ctx.reporter.info(`Running \`${req.command}\` in ${where} on ${hosts.join(', ')}`);
    const byHost = await (0,flows_hosts/* onHosts */.Dc)(ctx, hosts, async (address) => {
        const outcomes = [];
        for (const role of targets.roles.filter((r) => r.hosts.some((h) => h.address === address))) {
            const started = Date.now();
            const result = await ctx.pool.get(address).exec(execScript(ctx, role, address, req), `exec on ${role.name}`);
            outcomes.push({ role: role.name, ...result, seconds: (0,flows_report/* secondsSince */.w)(started) });
        }
        return outcomes;
    });
    const runs = [...byHost].flatMap(([host, outcomes]) => outcomes.map((o) => ({ host, ...o })));
    ctx.report.exec = {
        command: req.command,
        runs: runs.map(({ host, role, code, seconds }) => ({ host, role, code, seconds })),
        output: runs[0]?.stdout.replace(/\n+$/, '')
    };
    const failures = [];
    for (const run of runs) {
        const status = run.code === 0 ? 'ok' : run.code === null ? `signal ${run.signal ?? 'unknown'}` : `exit ${run.code}`;
        await ctx.reporter.group(`Exec on ${run.host} (${run.role}): ${status} in ${run.seconds}s`, () => {
            const text = [run.stdout.replace(/\n+$/, ''), run.stderr.replace(/\n+$/, '')].filter(Boolean).join('\n');
            if (text)
                ctx.reporter.remote(run.host, text);
            return Promise.resolve();
        });
        if (run.code !== 0)
            failures.push({
                host: run.host,
                error: new flows_errors/* RemoteCommandError */.at(run.host, `exec \`${req.command}\` (${run.role})`, run)
            });
    }
    if (failures.length > 0)
        throw new flows_errors/* HostsError */.gy(failures);
}

// EXTERNAL MODULE: ./src/flows/hooks.ts
var flows_hooks = __webpack_require__(7421);
// EXTERNAL MODULE: ./src/commands/protocol.ts
var protocol = __webpack_require__(1652);
// EXTERNAL MODULE: ./src/commands/lock.ts
var lock = __webpack_require__(7587);
// EXTERNAL MODULE: ./src/flows/boot.ts
var boot = __webpack_require__(4673);
// EXTERNAL MODULE: ./src/flows/deploy.ts
var deploy = __webpack_require__(2690);
// EXTERNAL MODULE: ./src/flows/lock.ts
var flows_lock = __webpack_require__(9990);
// EXTERNAL MODULE: ./src/flows/proxy.ts
var proxy = __webpack_require__(3049);
// EXTERNAL MODULE: ./src/flows/pull.ts
var pull = __webpack_require__(1102);
;// CONCATENATED MODULE: ./src/commands/rollback.ts




/** Kamal's `app containers` filters (service, destination, role): every container of the role. */
function listRoleVersions(config, role) {
    const destination = config.destination ? (0,shell/* word */.Vm)(config.destination) : '';
    return `docker container ls --all --filter label=service=${(0,shell/* word */.Vm)(config.service)} --filter label=destination=${destination} --filter label=role=${(0,shell/* word */.Vm)(role.name)} --format '{{.Names}}' | while read line; do echo \${line#${(0,naming/* rolePrefix */.l6)(config, role)}-}; done`;
}
/**
 * For each role: Kamal's lookup of the version's container by name; a role without one is
 * reported in `missing`, and every role's existing versions in `versions` (`role=v1 v2;...`;
 * the containers a redeploy moved aside, `<version>_replaced_<hex>`, are not versions).
 */
function checkVersionAvailable(config, roles, version) {
    const lines = ['DECKHAND_MISSING=; DECKHAND_VERSIONS='];
    for (const role of roles) {
        const name = (0,shell/* word */.Vm)(role.name);
        lines.push(`if [ -z "$(${(0,commands_app/* containerIdByName */.PM)((0,naming/* containerName */.xN)(config, role, version))})" ]; then DECKHAND_MISSING="$DECKHAND_MISSING ${name}"; fi`, `DECKHAND_VERSIONS="\${DECKHAND_VERSIONS}${name}=$(${listRoleVersions(config, role)} | grep -v _replaced_ | tr '\\n' ' ');"`);
    }
    lines.push((0,protocol/* reportLine */.BS)('missing', '$DECKHAND_MISSING'), (0,protocol/* reportLine */.BS)('versions', '$DECKHAND_VERSIONS'));
    return { lines };
}
/** `role=v1 v2;role2=...` (the `versions` report) as role → versions. */
function parseVersions(report) {
    const out = new Map();
    for (const part of (report ?? '').split(';')) {
        const eq = part.indexOf('=');
        if (eq <= 0)
            continue;
        out.set(part.slice(0, eq).trim(), part
            .slice(eq + 1)
            .split(' ')
            .filter(Boolean));
    }
    return out;
}

// EXTERNAL MODULE: ./src/flows/remote.ts
var remote = __webpack_require__(6871);
;// CONCATENATED MODULE: ./src/flows/rollback.ts
// Kamal's rollback check (lib/kamal/cli/main.rb `rollback`, `container_available?`): before
// anything changes, the version must be a container of every targeted role on every app host.





/**
 * Checks every app host (one exec each). When some host or role lacks the version, fails with
 * Kamal's message and, per host and role, the versions that do exist; nothing is changed.
 */
async function checkRollbackVersion(ctx) {
    const { config, targets, version } = ctx;
    const found = await ctx.reporter.group(`Check that ${version} is a container of every role on ${targets.appHosts.length} host(s)`, () => (0,flows_hosts/* onHosts */.Dc)(ctx, targets.appHosts, async (host) => {
        const roles = targets.roles.filter((r) => r.hosts.some((h) => h.address === host));
        const script = new commands_script/* RemoteScript */.Sq().add(checkVersionAvailable(config, roles, version));
        const { report } = await (0,remote/* runRemote */.Q)(ctx.pool.get(host), script, `look for ${version} containers`);
        return { missing: (report.missing ?? '').split(' ').filter(Boolean), versions: parseVersions(report.versions) };
    }));
    const lacking = [...found].filter(([, v]) => v.missing.length > 0);
    if (lacking.length === 0) {
        ctx.reporter.info(`${version} is there on every host: rolling back to it`);
        return;
    }
    const where = lacking.map(([host, v]) => `${host} (${v.missing.join(', ')})`).join(', ');
    const available = [...found].flatMap(([host, v]) => [...v.versions].map(([role, list]) => `  ${host} ${role}: ${list.length > 0 ? list.join(', ') : 'none'}`));
    throw new flows_errors/* RollbackUnavailableError */.$V(`The app version '${version}' is not available as a container on ${where}; nothing was changed. The versions that are:\n${available.join('\n')}`);
}

// EXTERNAL MODULE: ./src/commands/docker.ts
var docker = __webpack_require__(1420);
;// CONCATENATED MODULE: ./src/flows/setup.ts
// `setup` (lib/kamal/cli/main.rb `setup`): lock → make sure Docker is on every host → upload env
// files → docker-setup hook → pre-deploy hook → boot kamal-proxy → boot accessories that are not
// there yet → deploy → (post-deploy hook, by the caller) → release.














/**
 * Docker on every host (installed when we are root on an apt host), `.kamal`, and the env files
 * (without `envFiles`: Kamal's `server bootstrap`).
 */
async function prepareHosts(ctx, envFiles = true) {
    const { config, targets } = ctx;
    const missing = [];
    await ctx.reporter.group(`Ensure Docker is installed${envFiles ? ' and push env files' : ''} on ${targets.hosts.length} host(s)`, async () => {
        await (0,flows_hosts/* onHosts */.Dc)(ctx, targets.hosts, async (address, log) => {
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
                log.done(address, 'Docker was missing and has been installed');
            }
        });
    });
    if (missing.length > 0)
        throw new flows_errors/* DockerMissingError */.$u(`Docker is not installed on ${missing.join(', ')} and can't be installed automatically: that needs root (ssh.user is ${config.ssh.user}) and apt-get. Install Docker on ${missing.length > 1 ? 'those hosts' : 'that host'} by hand: https://docs.docker.com/engine/install/`);
}
/**
 * The part of setup that runs under the lock. Kamal runs pre-deploy after the pull; here the pull
 * comes later, so the hook runs before anything is booted (proxy, accessories, app), as in Kamal.
 */
async function setupLocked(ctx, readLocalFile) {
    await prepareHosts(ctx);
    await (0,flows_hooks/* runHook */.DB)(ctx, 'docker-setup');
    (0,context/* throwIfCancelled */.dZ)(ctx.signal);
    await (0,flows_hooks/* runHook */.DB)(ctx, 'pre-deploy');
    (0,context/* throwIfCancelled */.dZ)(ctx.signal);
    await (0,proxy/* bootProxies */.LA)(ctx, (0,proxy/* proxyHosts */.mF)(ctx, true));
    (0,context/* throwIfCancelled */.dZ)(ctx.signal);
    await (0,accessory/* bootAccessories */.zH)(ctx, readLocalFile);
    (0,context/* throwIfCancelled */.dZ)(ctx.signal);
    await (0,pull/* pullOnAppHosts */.D3)(ctx);
    (0,context/* throwIfCancelled */.dZ)(ctx.signal);
    await (0,boot/* bootApp */.k3)(ctx);
    // Kamal's setup runs post-deploy inside its lock: then the lock's own end releases it.
    await (0,deploy/* finishDeploy */.D)(ctx, { release: !(0,flows_hooks/* hookExists */.Em)(ctx, 'post-deploy') });
}

;// CONCATENATED MODULE: ./src/flows/run.ts
// The locked flows as the action runs them — `deploy`, `redeploy`, `setup`, `rollback` — with
// Kamal's hooks at Kamal's points, and the manual lock commands.












/** Records where the lock will be and tells the adapter (for the post step) before it is taken. */
function announceLock(ctx, hooks) {
    const host = ctx.targets.primaryHost;
    const path = (0,naming/* lockDir */.JK)(ctx.config);
    ctx.report.lock.host = host;
    ctx.report.lock.path = path;
    hooks.beforeAcquire({ host, path, token: ctx.lock.token });
    return { host, path };
}
/**
 * KAMAL_LOCK=true: a wrapping process (or workflow) holds the lock, so this run neither takes nor
 * releases it; given its token, it first checks that the lock is still held and is that one.
 */
async function inheritLock(ctx, hooks) {
    const expected = hooks.inheritedLock;
    ctx.report.lock.inherited = { checked: false };
    if (expected) {
        ctx.report.lock.host = expected.host;
        ctx.report.lock.path = (0,naming/* lockDir */.JK)(ctx.config);
        await (0,flows_lock/* checkInheritedLock */.qi)(ctx.pool.get(expected.host), ctx.config, expected.token);
        ctx.report.lock.inherited.checked = true;
        ctx.reporter.info(`KAMAL_LOCK=true: working under the deploy lock ${(0,naming/* lockDir */.JK)(ctx.config)} on ${expected.host}, which carries the given lock-token`);
    }
    else
        ctx.reporter.info('KAMAL_LOCK=true: the deploy lock is held by the calling process; not taking it again');
    hooks.afterAcquire?.();
}
/** The LockHeldError behind `error` (itself, or the only kind of failure of a HostsError). */
function heldIn(error) {
    if (error instanceof flows_errors/* LockHeldError */.Rk)
        return error;
    if (!(error instanceof flows_errors/* HostsError */.gy))
        return undefined;
    const errors = error.failures.map((f) => f.error);
    const first = errors[0];
    return first instanceof flows_errors/* LockHeldError */.Rk && errors.every((e) => e instanceof flows_errors/* LockHeldError */.Rk) ? first : undefined;
}
/** A lock someone else holds (thrown as is, or by one host of a HostsError) is recorded for the
 * summary and becomes the error of the run; any other error stays as it is. */
function lockHeldOr(ctx, error) {
    const held = error instanceof flows_errors/* HostsError */.gy ? error.failures.find((f) => f.error instanceof flows_errors/* LockHeldError */.Rk)?.error : error;
    if (!(held instanceof flows_errors/* LockHeldError */.Rk))
        return error;
    ctx.report.lock.holder = held.details.trim();
    return held;
}
/** `attempt` takes the lock (alone or with other work); when it is held, lock-wait waits for it. */
async function acquire(ctx, attempt) {
    try {
        await attempt();
    }
    catch (error) {
        const held = heldIn(error);
        if (!held || !ctx.lockWait)
            throw lockHeldOr(ctx, error);
        try {
            await (0,flows_lock/* waitForLock */.gJ)(ctx, held);
        }
        catch (waitError) {
            throw lockHeldOr(ctx, waitError);
        }
    }
    ctx.report.lock.taken = true;
}
/** Releases this run's lock (if it holds one) and tells the adapter once it is released. */
async function releaseAtEnd(ctx, hooks) {
    await releaseRunLock(ctx);
    if (ctx.report.lock.released)
        hooks.afterRelease();
}
/**
 * The end of a locked flow: the lock is released, unless the flow failed (not cancelled) with
 * hold-lock-on-error, which keeps it with details naming the failure (the original Kamal's
 * `hold_lock_on_error`) and says how to release it.
 */
async function endLocked(ctx, hooks, failure) {
    const { lock } = ctx.report;
    const keep = failure !== undefined && ctx.holdLockOnError && !ctx.signal.aborted && lock.taken && !lock.released;
    if (!keep || !lock.host)
        return releaseAtEnd(ctx, hooks);
    const outcome = await (0,flows_lock/* keepLock */.PU)(ctx, lock.host, failure);
    if (outcome !== 'kept')
        return (0,flows_lock/* noteRelease */.s)(ctx, lock.host, outcome);
    hooks.afterKeep?.();
    ctx.reporter.warning(`Deploy lock was not released (hold-lock-on-error): ${lock.path ?? ''} on ${lock.host} is kept, its message naming the failure. Look at the hosts, then release it with a step running this action with command: lock-release (or \`kamal lock release\`).`);
}
/**
 * A flow under the deploy lock: `attempt` takes it (with `lock` set; alone or with other work,
 * lock-wait waiting when it is held), then `body` runs, and the lock is released at the end (or
 * kept, see endLocked). With KAMAL_LOCK=true the lock is inherited: `attempt` gets no lock.
 */
async function locked(ctx, hooks, attempt, body) {
    if (hooks.inherited) {
        await inheritLock(ctx, hooks);
        await attempt();
        return body();
    }
    const { host } = announceLock(ctx, hooks);
    let failure;
    try {
        await acquire(ctx, () => attempt({ host, details: (0,flows_lock/* lockDetails */.wN)(ctx.lock, ctx.version) }));
        hooks.afterAcquire?.();
        (0,context/* throwIfCancelled */.dZ)(ctx.signal);
        await body();
    }
    catch (error) {
        failure = error;
        throw lockHeldOr(ctx, error);
    }
    finally {
        await endLocked(ctx, hooks, failure);
    }
}
/** The lock alone, in its own exec and log group. */
async function withLock(ctx, hooks, fn) {
    const take = async (lock) => {
        if (!lock)
            return;
        await ctx.reporter.group(`Acquire the deploy lock on ${lock.host}`, async () => {
            await (0,flows_lock/* takeLock */.HJ)(ctx.pool.get(lock.host), ctx.config, ctx.lock, ctx.version);
            ctx.reporter.info(`Acquired the deploy lock ${(0,naming/* lockDir */.JK)(ctx.config)} as ${ctx.lock.name}`);
        });
    };
    await locked(ctx, hooks, take, fn);
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
const run_DEPLOY = { proxies: true, prune: true };
/** Kamal's `redeploy`: no proxy boot, no network creation, no accessory boot, no prune. */
const run_REDEPLOY = { proxies: false, prune: false };
/**
 * Deploy in at most 3 round trips per host on success — pull (+ take the lock on the primary host),
 * boot (one per role: run, wait healthy, stop old, prune, tag), finish (+ release the lock) — and
 * a fourth on hosts behind kamal-proxy (make sure the proxy runs); one in all for a single app
 * host without the proxy (deployInOneExec). Kamal's hooks: pre-deploy once
 * the lock is held, pre/post-app-boot around each boot group, post-deploy after the release.
 */
async function run_runDeploy(ctx, hooks, kind = run_DEPLOY) {
    const started = Date.now();
    // One app host that is the lock host, no proxy, no hooks in between: all in one exec.
    const one = kind === run_DEPLOY ? (0,boot/* oneExecDeploy */.dy)(ctx) : undefined;
    let deployed = false;
    // In one exec the lock is taken while the exec goes on: the adapter hears of it then, once.
    let told = false;
    const tell = () => {
        if (!told)
            hooks.afterAcquire?.();
        told = true;
    };
    await locked(ctx, { ...hooks, afterAcquire: tell }, async (lock) => {
        if (!one || !lock)
            return (0,pull/* pullOnAppHosts */.D3)(ctx, lock);
        await (0,boot/* deployInOneExec */.aF)(ctx, one, lock.details, tell);
        deployed = true;
    }, async () => {
        // Booted in the first exec (after a held lock that lock-wait waited for: booted here).
        if (!deployed) {
            await (0,flows_hooks/* runHook */.DB)(ctx, 'pre-deploy');
            (0,context/* throwIfCancelled */.dZ)(ctx.signal);
            if (kind.proxies)
                await (0,proxy/* bootProxies */.LA)(ctx, (0,proxy/* proxyHosts */.mF)(ctx, false));
            (0,context/* throwIfCancelled */.dZ)(ctx.signal);
            await (0,boot/* bootApp */.k3)(ctx, { prune: kind.prune, release: true });
        }
        await (0,deploy/* finishDeploy */.D)(ctx);
    });
    await (0,flows_hooks/* runHook */.DB)(ctx, 'post-deploy', { runtime: (0,flows_hooks/* runtimeSince */.t1)(started) });
}
/** Kamal's `setup`: everything under the lock, post-deploy included (before the release). */
async function run_runSetup(ctx, hooks, readLocalFile) {
    const started = Date.now();
    await withLock(ctx, hooks, async () => {
        await setupLocked(ctx, readLocalFile);
        await (0,flows_hooks/* runHook */.DB)(ctx, 'post-deploy', { runtime: (0,flows_hooks/* runtimeSince */.t1)(started) });
    });
}
/**
 * Kamal's `rollback VERSION`: under the lock, the version must be a container on every targeted
 * app host and role (else nothing changes); then pre-deploy and the boot of that version through
 * the deploy's own path (proxy switch or health wait, the old one stopped only once the new one is
 * ready) without pull or prune; post-deploy after the release.
 */
async function run_runRollback(ctx, hooks) {
    const started = Date.now();
    await withLock(ctx, hooks, async () => {
        await checkRollbackVersion(ctx);
        await (0,flows_hooks/* runHook */.DB)(ctx, 'pre-deploy');
        (0,context/* throwIfCancelled */.dZ)(ctx.signal);
        await (0,boot/* bootApp */.k3)(ctx, { prune: false });
        await (0,deploy/* finishDeploy */.D)(ctx);
    });
    await (0,flows_hooks/* runHook */.DB)(ctx, 'post-deploy', { runtime: (0,flows_hooks/* runtimeSince */.t1)(started) });
}
async function runLockStatus(ctx) {
    const details = await (0,flows_lock/* readLock */.mF)(ctx.pool.get(ctx.targets.primaryHost), ctx.config);
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
    await (0,flows_lock/* takeLock */.HJ)(host, ctx.config, ctx.lock, ctx.version, message || lock/* AUTOMATIC_LOCK_MESSAGE */.qn);
    ctx.report.lock = { host: host.host, path: (0,naming/* lockDir */.JK)(ctx.config), taken: true, released: false };
    ctx.reporter.info(`Acquired the deploy lock on ${host.host}`);
}
/**
 * Removes the lock whoever holds it (Kamal's `lock release`); given a `token` (the `lock-token`
 * input, e.g. a sharded workflow's release job), only the lock that carries it: any other lock is
 * left alone, with a warning.
 */
async function runLockRelease(ctx, token) {
    const host = ctx.pool.get(ctx.targets.primaryHost);
    const holder = await (0,flows_lock/* readLock */.mF)(host, ctx.config);
    if (token) {
        const outcome = await (0,flows_lock/* releaseOwnLock */.LD)(host, ctx.config, { name: '', token });
        ctx.report.lock = {
            host: host.host,
            path: (0,naming/* lockDir */.JK)(ctx.config),
            taken: false,
            released: outcome === 'released',
            holder
        };
        if (outcome === 'released')
            ctx.reporter.info(`Released the deploy lock on ${host.host} (it was: ${holder ?? 'unreadable'})`);
        else
            ctx.reporter.warning(outcome === 'absent'
                ? `There is no deploy lock on ${host.host} to release`
                : `The deploy lock on ${host.host} does not carry the given lock-token: left in place. It is:\n${holder ?? 'unreadable'}`);
        return;
    }
    const released = await (0,flows_lock/* forceRelease */.TD)(host, ctx.config);
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
/** The environment a plan shows for a hook: what tells one run of it from another (no secrets,
 * no time of day; the runtime is a placeholder). */
const SHOWN_HOOK_ENV = [
    'KAMAL_COMMAND',
    'KAMAL_SUBCOMMAND',
    'KAMAL_HOSTS',
    'KAMAL_ROLES',
    'KAMAL_LOCK',
    'KAMAL_RUNTIME'
];
/**
 * Hooks in a plan: each one that `exists` is recorded as a local step (in the primary host's list,
 * where it falls in the order of the run), never run.
 */
class RecordingHooks {
    pool;
    host;
    path;
    constructor(pool, host, path) {
        this.pool = pool;
        this.host = host;
        this.path = path;
    }
    exists(name) {
        return this.path(name) !== undefined;
    }
    run(name, env) {
        const vars = SHOWN_HOOK_ENV.filter((k) => env[k] !== undefined).map((k) => `${k}=${(0,shell/* word */.Vm)(k === 'KAMAL_RUNTIME' ? '<seconds>' : (env[k] ?? ''))}`);
        const secrets = flows_hooks/* HOOKS_WITH_SECRETS */.GH.includes(name) ? ' and the secrets' : '';
        this.pool.log.push({
            host: this.host,
            label: `${name} hook, run on the runner with the KAMAL_* variables${secrets} (not run by plan)`,
            command: [...vars, (0,shell/* word */.Vm)(this.path(name) ?? name)].join(' '),
            carries: [],
            local: true
        });
        return Promise.resolve();
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
/**
 * Runs a flow against recording hosts (`ctx.pool` must be a RecordingPool), with the pre-connect
 * hook first as a real run has it; `exec` is the request of a planned exec.
 */
async function recordPlan(ctx, planFor, readLocalFile, exec) {
    return recordFlow(ctx, (planCtx) => {
        if (planFor === 'setup')
            return runSetup(planCtx, noHooks, readLocalFile);
        if (planFor === 'deploy')
            return runDeploy(planCtx, noHooks, DEPLOY);
        if (planFor === 'redeploy')
            return runDeploy(planCtx, noHooks, REDEPLOY);
        if (planFor === 'rollback')
            return runRollback(planCtx, noHooks);
        if (exec)
            return runExec(planCtx, exec);
        throw new Error('a planned exec needs its request');
    });
}
/** Runs any flow against recording hosts (`ctx.pool` must be a RecordingPool) and returns what it sent,
 * with the pre-connect hook first as a real run has it. */
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
    const planCtx = { ...ctx, sleep };
    // Kamal's pre-connect hook comes first, as in a real run (a local step, not run).
    await (0,flows_hooks/* runHook */.DB)(planCtx, 'pre-connect');
    await flow(planCtx);
    return ctx.pool.log;
}
/** How many of a host's planned steps are hooks run on the runner. */
function localSteps(log, host) {
    return log.filter((e) => e.host === host && e.local).length;
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
// EXTERNAL MODULE: ./src/transport/local.ts
var local = __webpack_require__(2042);
;// CONCATENATED MODULE: ./src/flows/runner.ts

/** Commands run for real, in `cwd`, with `env` (the runner's environment) under their own. */
function localRunner(opts) {
    return {
        planning: false,
        async run(cmd, _label, io = {}) {
            const sink = io.stream ? opts.output() : undefined;
            try {
                const result = await (0,local/* runLocal */.R)(cmd.command, {
                    cwd: opts.cwd,
                    env: { ...opts.env, ...cmd.env, ...io.secretValues },
                    stdin: io.stdin,
                    signal: io.always ? undefined : opts.signal,
                    onOutput: sink ? (chunk) => sink.write(chunk) : undefined
                });
                return { code: result.code, output: result.output };
            }
            finally {
                sink?.end();
            }
        }
    };
}
/** A plan's runner: records each command and answers what a fresh runner with buildx would. */
class RecordingRunner {
    planning = true;
    log = [];
    run(cmd, label) {
        this.log.push({ label, command: cmd.command, env: cmd.env, secrets: cmd.secrets, stdin: cmd.stdin });
        return Promise.resolve(cmd.assumed);
    }
}
/** `# 3. label (env: K=V; secrets in env: A, B; stdin: registry password)` and the command. */
function describeRunnerSteps(steps) {
    return steps.map((s, i) => {
        const notes = [
            ...(Object.keys(s.env).length > 0
                ? [
                    `env: ${Object.entries(s.env)
                        .map(([k, v]) => `${k}=${v}`)
                        .join(' ')}`
                ]
                : []),
            ...(s.secrets.length > 0 ? [`secrets in env: ${s.secrets.join(', ')}`] : []),
            ...(s.stdin ? ['stdin: registry password'] : [])
        ];
        return `# ${i + 1}. ${s.label}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}\n${s.command}`;
    });
}

// EXTERNAL MODULE: ./src/action/kamal/grammar.ts
var grammar = __webpack_require__(8306);
// EXTERNAL MODULE: ./src/action/kamal/words.ts
var words = __webpack_require__(3057);
;// CONCATENATED MODULE: ./src/action/commands.ts

















/** Prints a plan's section as a log group of its steps. */
async function printSteps(run, title, steps) {
    await run.core.group(title, () => {
        for (const step of steps)
            run.core.info(`${step}\n`);
        return Promise.resolve();
    });
}
/** The exec inputs as the flow takes them. */
const execRequest = (inputs) => ({ ...inputs.exec, versionGiven: inputs.versionGiven });
/** The handler runs under the deploy lock (Kamal's `modify(lock: true)`). */
const commands_locked = (fn) => (run) => withLock(run.ctx, run.hooks, () => fn(run));
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
/**
 * Runs the planned command's handler against recording hosts (and the build against a recording
 * runner: Kamal's buildx lines) and prints it, the runner first, then host by host.
 */
const plan = async (run) => {
    const { core, inputs, prepared, ctx, report } = run;
    const planned = inputs.planned;
    if (prepared.kind !== 'plan' ||
        !(ctx.pool instanceof RecordingPool) ||
        !(run.build.runner instanceof RecordingRunner) ||
        !planned)
        throw new Error('plan needs recording hosts');
    const what = planned.text;
    for (const name of prepared.missingSecrets)
        core.warning(`Secret '${name}' is not defined by the secrets files nor the step's environment: a ${what} would stop before touching any host`);
    const handler = handlerFor(planned.command);
    const log = await recordFlow({ ...ctx, pool: ctx.pool }, (planCtx) => handler({ ...run, inputs: { ...inputs, command: planned.command, line: planned }, ctx: planCtx, hooks: noHooks }));
    let runner;
    if (run.build.runner.log.length > 0) {
        runner = describeRunnerSteps(run.build.runner.log);
        const n = runner.length;
        await printSteps(run, `Plan of the build on the runner: ${n} command${n > 1 ? 's' : ''}`, runner);
    }
    const byHost = planByHost(log);
    const route = (host) => prepared.ssh.routes.get(host) ?? 'direct';
    for (const [host, steps] of byHost) {
        const hooks = localSteps(log, host);
        const execs = steps.length - hooks;
        const via = route(host) === 'direct' ? '' : ` (${route(host)})`;
        const title = `Plan of a ${what} on ${host}${via}: ${execs} exec${execs === 1 ? '' : 's'}${hooks > 0 ? ` and ${hooks} hook${hooks > 1 ? 's' : ''} on the runner` : ''}`;
        await printSteps(run, title, steps);
    }
    report.plan = {
        planFor: what,
        hosts: [...byHost].map(([host, steps]) => ({ host, steps, route: route(host) })),
        missingSecrets: prepared.missingSecrets,
        ...(runner ? { runner } : {})
    };
};
/** With the `build` input, the image is built and pushed first: before the lock and any host. */
const buildingFirst = (flow) => async (run) => {
    if (run.inputs.build) {
        await buildAndPush(run.build);
        await run.reachHosts();
    }
    await flow(run);
};
const HANDLERS = {
    deploy: buildingFirst(({ ctx, hooks }) => run_runDeploy(ctx, hooks)),
    setup: buildingFirst(({ ctx, hooks, readLocal }) => run_runSetup(ctx, hooks, readLocal)),
    plan,
    'lock-status': async ({ ctx }) => void (await runLockStatus(ctx)),
    'lock-acquire': ({ ctx, inputs }) => runLockAcquire(ctx, inputs.lockMessage ?? ''),
    'lock-release': ({ ctx, inputs }) => runLockRelease(ctx, inputs.lockToken),
    redeploy: buildingFirst(({ ctx, hooks }) => run_runDeploy(ctx, hooks, run_REDEPLOY)),
    rollback: ({ ctx, hooks }) => run_runRollback(ctx, hooks),
    exec: ({ ctx, inputs }) => exec_runExec(ctx, execRequest(inputs)),
    help: ({ core }) => Promise.resolve(core.info((0,grammar/* helpText */.BK)())),
    // Kamal's `build push`, on the runner: no host, no lock.
    build: async ({ build }) => void (await buildAndPush(build)),
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
        ? commands_locked(({ ctx }) => (0,app/* appStaleContainers */.lQ)(ctx, true))(run)
        : (0,app/* appStaleContainers */.lQ)(run.ctx, false),
    // Without --version Kamal boots the `latest` tag (a container named <service>-<role>-latest).
    'app boot': commands_locked(({ ctx, inputs }) => (0,app/* appBoot */.Uj)(inputs.versionGiven ? ctx : { ...ctx, version: (0,naming/* latestTag */.wk)(ctx.config) })),
    'app start': commands_locked(async ({ ctx, inputs }) => (0,app/* appStart */.Kc)(ctx, await (0,app/* versionsToStart */.ll)(ctx, inputs.versionGiven ? inputs.version : undefined))),
    'app stop': commands_locked(({ ctx }) => (0,app/* appStop */.Uv)(ctx)),
    'app maintenance': commands_locked(({ ctx, inputs }) => (0,app/* appMaintenance */.jG)(ctx, count(inputs.line, 'drain-timeout'), commands_text(inputs.line, 'message'))),
    'app live': commands_locked(({ ctx }) => (0,app/* appLive */.e9)(ctx)),
    'app remove': commands_locked(({ ctx }) => (0,app/* appRemove */.kh)(ctx)),
    'accessory boot': commands_locked((run) => (0,accessory/* bootAccessories */.zH)(run.ctx, run.readLocal, named(run))),
    'accessory reboot': commands_locked((run) => (0,accessory/* bootAccessories */.zH)(run.ctx, run.readLocal, named(run), 'reboot')),
    'accessory start': commands_locked((run) => (0,accessory/* accessoryStart */.rW)(run.ctx, named(run))),
    'accessory stop': commands_locked((run) => (0,accessory/* accessoryStop */.Bq)(run.ctx, named(run))),
    'accessory restart': commands_locked((run) => (0,accessory/* accessoryRestart */.yC)(run.ctx, named(run))),
    'accessory remove': commands_locked((run) => (0,accessory/* accessoryRemove */.Ry)(run.ctx, named(run))),
    'proxy boot': commands_locked(({ ctx }) => (0,proxy/* bootProxies */.LA)(ctx, (0,context/* proxyHostsOf */.hJ)(ctx.targets))),
    // Per reboot group: pre-proxy-reboot, the reboot, post-proxy-reboot (KAMAL_HOSTS = the group).
    'proxy reboot': commands_locked(({ ctx, inputs }) => (0,proxy/* proxyReboot */.oI)(ctx, flag(inputs.line, 'rolling'), {
        before: (group) => (0,flows_hooks/* runHook */.DB)(ctx, 'pre-proxy-reboot', { hosts: group }),
        after: (group) => (0,flows_hooks/* runHook */.DB)(ctx, 'post-proxy-reboot', { hosts: group })
    })),
    'proxy start': commands_locked(({ ctx }) => (0,proxy/* proxyStart */.jd)(ctx)),
    'proxy stop': commands_locked(({ ctx }) => (0,proxy/* proxyStop */.Zj)(ctx)),
    'proxy restart': commands_locked(({ ctx }) => (0,proxy/* proxyRestart */.mx)(ctx)),
    'proxy remove': commands_locked(async ({ ctx, inputs }) => void (await (0,proxy/* proxyRemove */.tt)(ctx, flag(inputs.line, 'force')))),
    'prune all': commands_locked(({ ctx }) => (0,prune/* prune */.R)(ctx, 'all')),
    'prune images': commands_locked(({ ctx }) => (0,prune/* prune */.R)(ctx, 'images')),
    'prune containers': commands_locked(({ ctx, inputs }) => (0,prune/* prune */.R)(ctx, 'containers', count(inputs.line, 'retain'))),
    // Kamal's docker-setup hook ends the bootstrap, inside the lock.
    'server bootstrap': commands_locked(async ({ ctx }) => {
        await prepareHosts(ctx, false);
        await (0,flows_hooks/* runHook */.DB)(ctx, 'docker-setup');
    }),
    remove: commands_locked(({ ctx }) => (0,remove/* removeAll */.C)(ctx))
};
/** The handler of a command; one the grammar knows but this build does not have is a clear error. */
function handlerFor(command) {
    const handler = HANDLERS[command];
    if (!handler)
        throw new Error(`command ${command}: not built yet in this version of the action (it is part of the Kamal command set the action is growing into)`);
    return handler;
}

// EXTERNAL MODULE: ./src/action/core.ts
var action_core = __webpack_require__(2399);
// EXTERNAL MODULE: ./src/action/inputs.ts + 1 modules
var action_inputs = __webpack_require__(1334);
// EXTERNAL MODULE: ./src/action/prepare.ts + 11 modules
var prepare = __webpack_require__(6835);
// EXTERNAL MODULE: ./src/config/erb.ts
var erb = __webpack_require__(6833);
// EXTERNAL MODULE: ./src/config/paths.ts
var paths = __webpack_require__(1066);
// EXTERNAL MODULE: ./src/config/warnings.ts
var warnings = __webpack_require__(4601);
// EXTERNAL MODULE: ./src/config/errors.ts
var errors = __webpack_require__(7827);
// EXTERNAL MODULE: ./src/commands/boot.ts
var commands_boot = __webpack_require__(2868);
;// CONCATENATED MODULE: ./src/flows/stop.ts
// Stopping what still runs on the hosts, first thing when a run is cancelled: the boot scripts
// (which carry cancel handling, see `cancelHandling` in commands/boot.ts) get a TERM through one
// short exec per host, leave their role in a consistent state and end; only then may the deploy
// lock be released, so a released lock never has one of our boots still running behind it.


/** The scripts with cancel handling that are running now, by host. */
class RunningScripts {
    running = new Set();
    /** Runs `exec` (one script on `host`) and keeps it listed until it has ended. */
    track(host, exec) {
        const promise = exec();
        const entry = { host, done: promise.then(noop, noop) };
        this.running.add(entry);
        void entry.done.then(() => this.running.delete(entry));
        return promise;
    }
    /** The hosts where one is running. */
    hosts() {
        return [...new Set([...this.running].map((r) => r.host))];
    }
    /** Resolves once every script running now on `host` has ended. */
    ended(host) {
        return Promise.all([...this.running].filter((r) => r.host === host).map((r) => r.done)).then(noop);
    }
}
const noop = () => undefined;
/** How often the stop is sent again while a script has not ended (it may not have started its handling yet). */
const RESEND_MS = 1000;
/**
 * Sends TERM to this run's scripts on every host where one runs, again every second until each
 * has ended, up to `deadline` (a Date.now() value). Returns the hosts whose script did not end in
 * time (a host that stopped answering): they finish on their own, bounded by their exec timeout.
 */
async function stopRunningScripts(ctx, deadline) {
    const running = ctx.running;
    if (!running)
        return [];
    const hosts = running.hosts();
    const late = await Promise.all(hosts.map(async (host) => {
        const ended = running.ended(host).then(() => true);
        while (Date.now() < deadline) {
            const left = deadline - Date.now();
            // A stop that cannot be sent (the connection is gone) is not waited for beyond the deadline.
            void ctx.pool
                .get(host)
                .exec((0,commands_script/* single */.J0)((0,commands_boot/* stopRunScripts */.UM)(ctx.lock.token)), "stop this run's scripts", {
                timeoutSeconds: Math.max(1, Math.ceil(left / 1000))
            })
                .catch(noop);
            const wait = new Promise((r) => setTimeout(() => r(false), Math.min(RESEND_MS, left)));
            if (await Promise.race([ended, wait]))
                return undefined;
        }
        return host;
    }));
    return late.filter((h) => h !== undefined);
}
/**
 * What each host runs now, for the line that ends a cancelled run: per app host and role, the new
 * version (its boot succeeded), what a boot that ended early left (`runs`), or `unchanged` (no boot
 * reached it). `late` hosts did not answer the stop: their boot ends on its own.
 */
function describeHostStates(ctx, late = []) {
    const parts = [];
    for (const host of ctx.targets.appHosts) {
        const roles = ctx.targets.roles.filter((r) => r.hosts.some((h) => h.address === host));
        const states = roles.map((role) => {
            const boot = ctx.report.boots.filter((b) => b.host === host && b.role === role.name).at(-1);
            if (late.includes(host) && (!boot || (!boot.ok && boot.runs === undefined)))
                return `${role.name} unknown (its boot did not answer the stop and ends on its own)`;
            // Not reached, held at the barrier, or cancelled before its new container ran.
            if (!boot || boot.health === 'not booted' || boot.unchanged)
                return `${role.name} unchanged`;
            if (boot.ok)
                return `${role.name} ${boot.versionBooted}`;
            if (boot.runs === undefined)
                return `${role.name} unknown (${boot.error?.split('\n')[0] ?? boot.health})`;
            return `${role.name} ${boot.runs || 'nothing'}`;
        });
        parts.push(`${host}: ${states.join(', ')}`);
    }
    return parts.join('; ');
}

// EXTERNAL MODULE: ./src/util/values.ts
var values = __webpack_require__(7656);
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

// EXTERNAL MODULE: ./src/action/hooks.ts
var hooks = __webpack_require__(6746);
// EXTERNAL MODULE: ./src/commands/proxy.ts
var commands_proxy = __webpack_require__(4554);
;// CONCATENATED MODULE: ./src/action/summary.ts
/** Up to this many rows, a table lists every host; beyond, hosts with identical results share a row. */
const HOST_ROWS_UP_TO = 20;
/** At most this many grouped rows per table; the rest are counted in a last row (the log has them). */
const MAX_GROUPS = 50;
/** Groups up to this size name their hosts in the row; larger ones in a collapsed list. */
const INLINE_HOSTS = 10;
/** `plan` shows the commands of this many hosts; the others are in the log. */
const PLANNED_HOSTS = 20;
/** The summary's budget: GitHub's 1 MiB step-summary limit, less a margin. */
const SUMMARY_MAX_BYTES = 1024 * 1024 - 64 * 1024;
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
        return previous
            .map(([role, v]) => `${escapeHtml(role)} ${v.slice(0, 10).map(code).join(', ')}${v.length > 10 ? ` and ${v.length - 10} more` : ''}`)
            .join(', ');
    const one = report.previousVersion ?? distinct[0];
    return one ? code(one) : undefined;
}
/** The line of facts under the title: version, commit, previous version, deployment, hosts, time. */
function facts(report, { commit, deployment, scope }) {
    const short = commit ? code(commit.sha.slice(0, 7)) : '';
    const previous = previousText(report);
    const items = [
        ...(report.version || !report.line ? [`<b>Version</b> ${code(report.version || '–')}`] : []),
        ...(commit ? [`<b>Commit</b> ${commit.url ? `<a href="${escapeHtml(commit.url)}">${short}</a>` : short}`] : []),
        ...(previous ? [`<b>Previous</b> ${previous}`] : []),
        ...(deployment ? [`<b>GitHub deployment</b> ${deployment.id} to ${code(deployment.environment)}`] : []),
        `<b>Hosts</b> ${report.hosts.length}${scope ? ` of ${scope.of} (hosts input)` : ''}`,
        `<b>Time</b> ${report.durationSeconds.toFixed(1)} s`
    ];
    return `<p>${items.join(' · ')}</p>\n`;
}
function summary_failure(f) {
    const where = `${f.host ? ` on ${escapeHtml(f.host)}` : ''}${f.command ? ` running <code>${escapeHtml(f.command)}</code>` : ''}`;
    const detail = f.output ?? (f.message.includes('\n') ? f.message : undefined);
    return `<p><b>Failed${where}</b>: ${escapeHtml(f.message.split('\n')[0] ?? '')}</p>\n${detail ? `<pre>${escapeHtml(detail)}</pre>\n` : ''}`;
}
function configProblems(problems) {
    const n = problems.length;
    const items = problems.map((p) => `<li>${p.where ? `<code>${escapeHtml(p.where)}</code> ` : ''}${escapeHtml(p.message)}</li>\n`);
    return `<p><b>${n} problem${n > 1 ? 's' : ''} in the deploy configuration</b></p>\n<ul>\n${items.join('')}</ul>\n`;
}
function summary_plan({ planFor, hosts, missingSecrets, runner }, detail) {
    const parts = [
        `<p>What a <code>${escapeHtml(planFor)}</code> would run, host by host and in order (nothing was connected to; secrets travel only on stdin and are not shown).</p>\n`
    ];
    if (missingSecrets.length > 0)
        parts.push(`<p>⚠️ Secrets not defined yet: ${missingSecrets.map((m) => `<code>${escapeHtml(m)}</code>`).join(', ')}</p>\n`);
    if (runner)
        parts.push(`<details><summary>the runner (build, with buildx): ${runner.length} command${runner.length > 1 ? 's' : ''}</summary>\n\n<pre>${escapeHtml(runner.join('\n\n'))}</pre>\n</details>\n`);
    const shown = hosts.slice(0, detail === 'full' ? PLANNED_HOSTS : 1);
    for (const h of shown)
        parts.push(`<details><summary>${escapeHtml(h.host)}: ${h.steps.length} exec${h.steps.length > 1 ? 's' : ''}${h.route && h.route !== 'direct' ? `, ${escapeHtml(h.route)}` : ''}</summary>\n\n<pre>${escapeHtml(h.steps.join('\n\n'))}</pre>\n</details>\n`);
    if (hosts.length > shown.length)
        parts.push(`<p>The plans of the other ${hosts.length - shown.length} hosts are in the log (a group per host).</p>\n`);
    return parts.join('');
}
/** Bytes as people read image sizes. */
function size(bytes) {
    return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}
/** The image built on the runner: what was pushed, its digest and size, with what, and how long it took. */
function summary_build(b) {
    const sizes = b.sizes.map((s) => `${s.platform ? `${escapeHtml(s.platform)} ` : ''}${size(s.bytes)} (${s.kind})`);
    const items = [
        `<b>Built</b> ${code(b.image)}`,
        ...(b.digest ? [`<b>Digest</b> ${code(b.digest)}`] : []),
        ...(sizes.length > 0 ? [`<b>Size</b> ${sizes.join(', ')}`] : []),
        `<b>Platforms</b> ${escapeHtml(b.platforms.join(', '))}`,
        `<b>With</b> ${escapeHtml(b.builder)}`,
        `<b>Build time</b> ${b.seconds.toFixed(1)} s`
    ];
    return `<p>${items.join(' · ')}</p>\n`;
}
/** How the hosts were reached, hosts grouped by route: `10.0.1.5, 10.0.1.6 via bastion b`. */
function reached(routes) {
    const byRoute = new Map();
    for (const [host, route] of Object.entries(routes))
        byRoute.set(route, [...(byRoute.get(route) ?? []), host]);
    if (byRoute.size === 0)
        return '';
    const groups = [...byRoute].map(([route, hosts]) => route === 'direct' && byRoute.size === 1
        ? 'every host directly'
        : `${hosts.length <= INLINE_HOSTS ? hosts.map(escapeHtml).join(', ') : `${hosts.length} hosts`} ${route === 'direct' ? 'directly' : escapeHtml(route)}`);
    return `<p><b>Reached</b> ${groups.join('; ')}</p>\n`;
}
/** Rows grouped by their cells: failures first, then the most common; at most MAX_GROUPS. */
function groupRows(items, cells, meta, order) {
    const byKey = new Map();
    for (const item of items) {
        const c = cells(item);
        const key = JSON.stringify(c);
        const m = meta(item);
        const group = byKey.get(key) ?? { cells: c, hosts: [], seconds: [], failed: false };
        group.hosts.push(m.host);
        if (m.seconds !== undefined)
            group.seconds.push(m.seconds);
        group.failed ||= m.failed ?? false;
        byKey.set(key, group);
    }
    // Each group's hosts in the run's host order (the report has them in the order they finished).
    const rank = new Map(order.map((h, i) => [h, i]));
    const at = (h) => rank.get(h) ?? order.length;
    for (const g of byKey.values())
        g.hosts.sort((a, b) => at(a) - at(b));
    const sorted = [...byKey.values()].sort((a, b) => Number(b.failed) - Number(a.failed) || b.hosts.length - a.hosts.length);
    const rest = sorted.slice(MAX_GROUPS);
    return {
        groups: sorted.slice(0, MAX_GROUPS),
        more: { hosts: rest.reduce((n, g) => n + g.hosts.length, 0), groups: rest.length }
    };
}
/** A group's hosts: named when few, else counted with the list collapsed (left out when compact). */
function hostsCell(hosts, detail) {
    if (hosts.length <= INLINE_HOSTS)
        return escapeHtml(hosts.join(', '));
    const count = `${hosts.length} hosts`;
    return detail === 'compact' ? count : `<details><summary>${count}</summary>${escapeHtml(hosts.join(', '))}</details>`;
}
/** Median and range of a group's seconds: `0.4` for one value, `0.4 (0.1–3.2)` for a spread. */
function secondsCell(seconds) {
    if (seconds.length === 0)
        return '–';
    const sorted = [...seconds].sort((a, b) => a - b);
    const [min, max] = [sorted[0], sorted.at(-1)];
    const median = sorted[Math.floor(sorted.length / 2)].toFixed(1);
    return min === max ? median : `${median} (${min.toFixed(1)}–${max.toFixed(1)})`;
}
/** A table of grouped rows; `hosts` and `seconds` columns are filled in from each group. */
function groupedTable(header, grouped, detail, timed) {
    const head = `<tr>${['Hosts', ...header, ...(timed ? ['Seconds (median, range)'] : [])].map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
    const rows = grouped.groups.map((g) => `<tr><td>${hostsCell(g.hosts, detail)}</td>${g.cells.map((c) => `<td>${cell(c)}</td>`).join('')}${timed ? `<td>${secondsCell(g.seconds)}</td>` : ''}</tr>`);
    const { hosts, groups } = grouped.more;
    const span = header.length + 1 + (timed ? 1 : 0);
    if (groups > 0)
        rows.push(`<tr><td colspan="${span}">and ${hosts} more host${hosts > 1 ? 's' : ''} in ${groups} other group${groups > 1 ? 's' : ''} (each host's result is in the log)</td></tr>`);
    return `<table>${head}${rows.join('')}</table>\n`;
}
function boots(report, detail) {
    // The Proxy column (kamal-proxy's result) only when some role runs behind the proxy.
    const proxied = report.boots.some((b) => b.proxy !== undefined);
    const header = ['Role', 'Booted', 'Stopped', 'Health', ...(proxied ? ['Proxy'] : [])];
    const cells = (b) => [
        b.role,
        b.ok ? b.versionBooted : `${b.versionBooted} (failed)`,
        b.versionStopped,
        b.health,
        ...(proxied ? [b.proxy] : [])
    ];
    if (report.boots.length <= HOST_ROWS_UP_TO)
        return table(['Host', ...header, 'Seconds'], report.boots.map((b) => [b.host, ...cells(b), b.seconds.toFixed(1)]));
    const grouped = groupRows(report.boots, cells, (b) => ({ host: b.host, seconds: b.seconds, failed: !b.ok }), report.hosts);
    const n = grouped.groups.length + grouped.more.groups;
    const intro = `<p>${report.boots.length} boots in ${n} group${n > 1 ? 's' : ''} of identical results${n > 1 ? ', failures first, then the most common' : ''}:</p>\n`;
    return intro + groupedTable(header, grouped, detail, true);
}
function accessories(report, detail) {
    const list = report.accessories;
    if (list.length <= HOST_ROWS_UP_TO)
        return table(['Accessory', 'Host', 'Result', 'Seconds'], list.map((a) => [a.name, a.host, a.action, a.seconds.toFixed(1)]));
    const grouped = groupRows(list, (a) => [a.name, a.action], (a) => ({ host: a.host, seconds: a.seconds, failed: a.action === 'failed' }), report.hosts);
    return groupedTable(['Accessory', 'Result'], grouped, detail, true);
}
function dockerInstalled(hosts, detail) {
    if (hosts.length <= HOST_ROWS_UP_TO)
        return `<p>Docker installed on: ${escapeHtml(hosts.join(', '))}</p>\n`;
    return `<p>Docker installed on ${hostsCell(hosts, detail)}</p>\n`;
}
function execCounts(counts, order, detail) {
    if (counts.length <= HOST_ROWS_UP_TO)
        return `<details><summary>SSH commands per host</summary>\n\n${table(['Host', 'Commands'], counts)}</details>\n`;
    const grouped = groupRows(counts, ([, n]) => [String(n)], ([host]) => ({ host }), order);
    return `<details><summary>SSH commands per host</summary>\n\n${groupedTable(['Commands'], grouped, detail, false)}</details>\n`;
}
function summary_lock(l) {
    if (l.inherited) {
        const check = l.inherited.checked
            ? `checked on ${escapeHtml(l.host ?? '')}: <code>${escapeHtml(l.path ?? '')}</code> is held and carries the given lock-token`
            : l.host
                ? `<b>the check of the given lock-token on ${escapeHtml(l.host)} failed</b>`
                : 'not checked (no lock-token given)';
        return `<p><b>Lock</b> held by the calling workflow (KAMAL_LOCK=true), neither taken nor released by this step; ${check}</p>\n`;
    }
    if (!l.host)
        return '';
    const state = l.kept
        ? '<b>taken and kept after the failure</b> (hold-lock-on-error: release it with <code>command: lock-release</code>)'
        : l.taken
            ? l.released
                ? 'taken and released'
                : '<b>taken and still held</b>'
            : l.holder
                ? 'held by someone else'
                : l.released
                    ? 'released'
                    : 'not taken';
    const waited = l.waitedSeconds === undefined ? '' : ` · waited ${l.waitedSeconds.toFixed(1)} s for it (lock-wait)`;
    const line = `<p><b>Lock</b> <code>${escapeHtml(l.path ?? '')}</code> on ${escapeHtml(l.host)}: ${state}${waited}</p>\n`;
    const details = l.kept ?? l.holder;
    return details ? `${line}<pre>${escapeHtml(details)}</pre>\n` : line;
}
/** Kamal's hooks that ran on the runner, in order, with their time. */
function summary_hooks(list) {
    return table(['Hook', 'Result', 'Seconds'], list.map((h) => [h.name, h.ok ? 'ok' : `failed (${h.exit ?? 'error'})`, h.seconds.toFixed(1)]));
}
/** `exec`: the command and each host's exit code (the output is in the log and the exec-output output). */
function exec(e) {
    return `<p><b>Exec</b> <code>${escapeHtml(e.command)}</code></p>\n${table(['Host', 'Role', 'Exit code', 'Seconds'], e.runs.map((r) => [r.host, r.role, r.code ?? 'none', r.seconds.toFixed(1)]))}`;
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
function sections(report, title, extra, detail) {
    const parts = [`<h2>${report.failure ? '❌' : '✅'} ${escapeHtml(title)}</h2>\n`, facts(report, extra)];
    if (report.failure)
        parts.push(summary_failure(report.failure));
    if (report.configProblems.length > 0)
        parts.push(configProblems(report.configProblems));
    if (report.build)
        parts.push(summary_build(report.build));
    parts.push(reached(report.routes));
    if (report.plan)
        parts.push(summary_plan(report.plan, detail));
    if (report.hooks.length > 0)
        parts.push(summary_hooks(report.hooks));
    if (report.exec)
        parts.push(exec(report.exec));
    if (report.boots.length > 0)
        parts.push(boots(report, detail));
    if (report.versions)
        parts.push(versions(report.versions));
    if (report.outputs.length > 0)
        parts.push(hostOutputs(report.outputs));
    if (report.accessories.length > 0)
        parts.push(accessories(report, detail));
    if (report.dockerInstalled.length > 0)
        parts.push(dockerInstalled(report.dockerInstalled, detail));
    parts.push(summary_lock(report.lock));
    const counts = Object.entries(report.execCounts);
    if (counts.length > 0 && detail === 'full')
        parts.push(execCounts(counts, report.hosts, detail));
    return parts;
}
const bytes = (parts) => parts.reduce((n, p) => n + Buffer.byteLength(p), 0);
/**
 * The job summary as HTML, at most `maxBytes` (GitHub drops a step summary over 1 MiB): when the
 * full one is larger, host lists and the per-host extras are left out; if even that is too large,
 * the last sections are, with a note saying so.
 */
function renderSummary(report, title, extra = {}, maxBytes = SUMMARY_MAX_BYTES) {
    const full = sections(report, title, extra, 'full');
    if (bytes(full) <= maxBytes)
        return full.join('');
    const compact = sections(report, title, extra, 'compact');
    const note = '<p><i>Shortened to stay within the step-summary limit: the log has every host.</i></p>\n';
    const kept = [];
    for (const part of compact) {
        if (bytes(kept) + Buffer.byteLength(part) + Buffer.byteLength(note) > maxBytes)
            break;
        kept.push(part);
    }
    return kept.join('') + note;
}

;// CONCATENATED MODULE: ./src/action/publish.ts
// What a finished run leaves for the workflow: step outputs and the job summary.





const TITLES = {
    setup: 'Setup',
    deploy: 'Deploy',
    plan: 'Plan',
    'lock-status': 'Lock status',
    'lock-acquire': 'Lock acquire',
    'lock-release': 'Lock release',
    build: 'Build',
    redeploy: 'Redeploy',
    rollback: 'Rollback',
    exec: 'Exec'
};
/** Records a failure in the report: every config problem with its place, or the failed host and command. */
function recordFailure(report, failure) {
    if (failure instanceof errors/* ConfigError */.x) {
        report.configProblems = failure.problems.map((p) => ({
            where: p.location ? `${p.location.file}:${p.location.line}:${p.location.column}` : undefined,
            message: p.keyPath ? `${p.keyPath}: ${p.message}` : p.message
        }));
        const n = failure.problems.length;
        report.failure = { message: `the deploy configuration has ${n} problem${n > 1 ? 's' : ''}` };
    }
    else
        report.failure = (0,flows_hosts/* describeFailure */.Ic)(failure);
}
function summaryTitle(report, config) {
    const app = config ? ` of ${config.service}${config.destination ? ` (${config.destination})` : ''}` : '';
    const title = TITLES[report.command];
    // A Kamal command line is its own title (the default version means nothing to it).
    if (!title)
        return `kamal ${report.line ?? report.command}${app}`;
    return `${title}${app}${report.version ? ` ${report.version}` : ''}`;
}
/** Sets every output (`more` after the standard ones) and writes the job summary (a summary that
 * cannot be written is a warning). */
async function publish(core, report, config, extra, more = {}) {
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
    core.setOutput('image', report.build?.image ?? '');
    core.setOutput('digest', report.build?.digest ?? '');
    core.setOutput('exec-output', report.exec?.output ?? '');
    for (const [name, value] of Object.entries(more))
        core.setOutput(name, value);
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























/** A build touches no host: nothing may ask for one. */
const NO_HOSTS = {
    limit: 1,
    get(host) {
        throw new Error(`a build works on no host (asked for ${host})`);
    }
};
/** The runner's environment for the build's commands, without the step's inputs (the SSH key...). */
function runnerEnv(env) {
    return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('INPUT_')));
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
/** The run's version as the summary and the `version` output show it: a Kamal console command that
 * deploys, builds or runs nothing of a version has none, unless one was given. */
function reportedVersion(prepared) {
    const { inputs } = prepared;
    const versionless = inputs.line.spec !== undefined && ![...action_inputs/* DEPLOYING */.WH, 'exec', 'build'].includes(inputs.command);
    return versionless && !inputs.versionGiven ? '' : prepared.version;
}
/**
 * How long a cancelled run under an inherited lock lets the hosts under way finish, before the
 * CANCEL budget below starts (2.5 + 7 s: out before the runner's kill at 10 s).
 */
const INHERITED_SETTLE_MS = 2500;
/**
 * A cancel's budget, from the signal: the runner sends SIGTERM 7.5 s after SIGINT and kills the
 * process 2.5 s later. The remote scripts get STOP_MS to stop, the lock release what is left of
 * RELEASE_BY_MS; the process exits by EXIT_BY_MS whatever happens (the post step is the net).
 */
const CANCEL = { STOP_MS: 4500, RELEASE_BY_MS: 6000, EXIT_BY_MS: 7000 };
/** The run was cancelled: the message says the signal, the phase, the lock's fate and what each host runs. */
class CancelledRunError extends Error {
    signal;
    constructor(signal, message) {
        super(message);
        this.signal = signal;
        this.name = 'CancelledRunError';
    }
}
class Step {
    core;
    env;
    prepared;
    started;
    cancellation;
    report;
    ctx;
    work;
    deployment;
    commit;
    constructor(core, env, prepared, started, cancellation) {
        this.core = core;
        this.env = env;
        this.prepared = prepared;
        this.started = started;
        this.cancellation = cancellation;
        this.report = prepared.ok
            ? (0,flows_report/* emptyReport */._)(prepared.inputs.command, reportedVersion(prepared))
            : (0,flows_report/* emptyReport */._)(prepared.command, prepared.version);
    }
    /** A run that could not start: its config problems annotated, and the error to fail with. */
    failedEarly(error, workingDirectory) {
        if (error instanceof errors/* ConfigError */.x && workingDirectory)
            (0,action_core/* annotateConfigError */.Jb)(this.core, error, workingDirectory, this.env['GITHUB_WORKSPACE'] ?? process.cwd());
        return error;
    }
    /** The flows' context for a prepared run (and the GitHub deployment, when asked for). */
    async begin(prepared) {
        const { core, env, report } = this;
        const { inputs, config } = prepared;
        report.hosts = prepared.hosts;
        if (inputs.line.text !== inputs.command)
            report.line = inputs.line.text;
        report.routes = Object.fromEntries(prepared.ssh.routes);
        for (const line of prepared.ssh.warnings)
            core.warning(line);
        this.commit = commitOf(env);
        // A plan holds only <NAME> placeholders, nothing to mask.
        if (prepared.kind !== 'plan')
            (0,action_core/* maskSecrets */.QU)(core, [...prepared.secrets.values(), ...prepared.hookSecrets.values()]);
        for (const line of (0,warnings/* configWarnings */.O$)(config))
            core.warning(line);
        const ctx = {
            config,
            targets: prepared.targets,
            version: prepared.version,
            performer: prepared.hookTags.performer,
            secrets: prepared.secrets,
            pool: prepared.kind === 'plan'
                ? new RecordingPool()
                : prepared.kind === 'build'
                    ? NO_HOSTS
                    : (0,remote/* sshHostPool */.L)(prepared.pool),
            reporter: prepared.kind === 'plan' ? silentReporter : this.phaseRecording((0,action_core/* makeReporter */.gC)(core)),
            lock: this.lockIdentity(),
            // The plan's flow pretends every step succeeded: keep that out of the real report.
            report: prepared.kind === 'plan' ? (0,flows_report/* emptyReport */._)(report.command, report.version) : report,
            signal: this.cancellation.signal,
            lockWait: inputs.lockWait,
            holdLockOnError: inputs.holdLockOnError,
            running: new RunningScripts()
        };
        ctx.kamalHooks = this.kamalHooks(prepared, ctx);
        this.ctx = ctx;
        // Kamal's pre-connect ran before the first connection or build (prepare.ts): shown and judged now.
        if (prepared.kind !== 'plan' && prepared.preConnect && ctx.kamalHooks?.runner instanceof hooks/* ActionHooks */.bd)
            await ctx.kamalHooks.runner.replay('pre-connect', await prepared.preConnect);
        const reachHosts = async () => {
            if (prepared.kind !== 'remote')
                return;
            const { pool, hosts } = prepared;
            const n = hosts.length;
            await ctx.reporter.group(`Connect to ${n} host${n === 1 ? '' : 's'}`, async () => {
                // A bastion that cannot be reached, or whose key is unknown or changed, stops the run here.
                await pool.jumpHostsReady(hosts);
                // Preflight: nothing runs on any host until every host of the run has connected and passed
                // its host-key check (the connections were started in prepare, before @actions/core loaded).
                const failed = await pool.connectAll(hosts);
                if (failed.length > 0)
                    throw new flows_errors/* PreflightError */.wG(failed, n);
            });
        };
        if (!inputs.build)
            await reachHosts();
        if (action_inputs/* DEPLOYING */.WH.includes(inputs.command) && inputs.deployment.enabled)
            await this.startDeployment(prepared);
        const build = {
            config,
            version: inputs.version,
            secrets: prepared.secrets,
            reporter: ctx.reporter,
            runner: prepared.kind === 'plan'
                ? new RecordingRunner()
                : localRunner({
                    cwd: prepared.workingDirectory,
                    env: runnerEnv(env),
                    signal: this.cancellation.signal,
                    output: () => (0,action_core/* makeOutput */.IE)(core)
                }),
            workingDirectory: prepared.workingDirectory,
            env,
            report: ctx.report,
            ...(prepared.kind === 'plan'
                ? {}
                : {
                    onLogin: (server) => core.saveState(state/* STATE */.c.runnerLogin, JSON.stringify({ server: server ?? null })),
                    onLogout: () => core.saveState(state/* STATE */.c.runnerLoggedOut, 'true')
                }),
            // Kamal's pre-build hook: after the runner's login, before the build.
            preBuild: () => (0,flows_hooks/* runPreBuildHook */.yR)(ctx)
        };
        const readLocal = this.localFiles(prepared);
        return { core, inputs, prepared, ctx, hooks: this.lockHooks(prepared), readLocal, report, build, reachHosts };
    }
    /** Kamal's hooks of the run: run on the runner, or recorded by a plan; none with skip-hooks. */
    kamalHooks(prepared, ctx) {
        const files = prepared.hookFiles;
        if (files.size === 0)
            return undefined;
        const runner = ctx.pool instanceof RecordingPool
            ? new RecordingHooks(ctx.pool, ctx.targets.primaryHost, (name) => files.get(name))
            : new hooks/* ActionHooks */.bd(this.core, {
                config: prepared.config,
                workingDirectory: prepared.workingDirectory,
                files,
                env: this.env,
                report: this.report,
                signal: this.cancellation.signal
            });
        return {
            runner,
            tags: prepared.hookTags,
            secrets: prepared.hookSecrets,
            lockInherited: this.env['KAMAL_LOCK'] === 'true'
        };
    }
    /** The command's work, which a cancel lets finish what is under way (see cancel). */
    track(work) {
        this.work = work;
        return work;
    }
    /** The reporter, recording the log group the run is in (what a cancel names). */
    phaseRecording(reporter) {
        return {
            ...reporter,
            group: (title, fn) => {
                this.report.phase = title;
                return reporter.group(title, fn);
            }
        };
    }
    lockIdentity() {
        const { env } = this;
        const run = `${env['GITHUB_RUN_ID'] ?? 'local'}/${env['GITHUB_RUN_ATTEMPT'] ?? '1'}`;
        return {
            name: `Deckhand ${env['GITHUB_REPOSITORY'] ?? 'local'} run ${run} by ${env['GITHUB_ACTOR'] ?? 'unknown'}`,
            token: `deckhand-${run.replace('/', '-')}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`
        };
    }
    lockHooks(prepared) {
        const inherited = this.env['KAMAL_LOCK'] === 'true';
        const token = prepared.inputs.lockToken;
        return {
            inherited,
            // The lock is where lock-acquire took it: on the primary host of the unfiltered hosts.
            inheritedLock: inherited && token
                ? { host: (0,context/* selectTargets */.Dv)(prepared.config, [], prepared.inputs.roles).primaryHost, token }
                : undefined,
            beforeAcquire: (info) => this.core.saveState(state/* STATE */.c.lock, JSON.stringify(info)),
            afterAcquire: () => this.deployment?.inProgress(),
            afterRelease: () => this.core.saveState(state/* STATE */.c.lockReleased, 'true'),
            afterKeep: () => this.core.saveState(state/* STATE */.c.lockKept, 'true')
        };
    }
    /** Accessory files as uploaded: read from the working directory, ERB files rendered. */
    localFiles(prepared) {
        return (path, accessory) => {
            let content;
            try {
                content = (0,paths/* readInside */.xO)(prepared.workingDirectory, path);
            }
            catch (error) {
                throw new Error(`Accessory ${accessory.name} file ${(0,values/* errorMessage */.gJ)(error)}`, { cause: error });
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
            version: prepared.version,
            command: inputs.command,
            destination: config.destination,
            env: this.env
        });
    }
    /** Ends the run: duration, failure, the deployment's last state, outputs and summary. */
    async finish(failure, cancelled = false) {
        const { core, report } = this;
        // The summary needs @actions/core itself.
        if (core instanceof action_core/* DeferredCore */.fd)
            await core.load();
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
                ? `Deploy of ${report.version} cancelled${failure instanceof CancelledRunError ? ` by ${failure.signal}` : ''}`
                : failure
                    ? `Failed: ${reason}`
                    : `Deployed ${report.version}`;
            // Cancelled: the runner kills us 7.5 s after SIGINT (see CANCEL).
            await this.deployment.finish(state, text, cancelled ? 1000 : 15_000);
        }
        const deployment = this.deployment?.id === undefined
            ? undefined
            : { id: this.deployment.id, environment: this.prepared.ok ? this.prepared.inputs.deployment.environment : '' };
        await publish(core, report, this.prepared.ok ? this.prepared.config : undefined, { commit: this.commit, deployment, scope: this.scope() }, {
            shards: this.shardsOutput(),
            'lock-token': report.lock.taken && this.ctx ? this.ctx.lock.token : ''
        });
    }
    /** With a `hosts` filter: how many hosts the command would have worked on without it. */
    scope() {
        if (!this.prepared.ok || this.prepared.inputs.hosts.length === 0)
            return undefined;
        try {
            const all = (0,context/* selectTargets */.Dv)(this.prepared.config, [], this.prepared.inputs.roles);
            return { of: (0,prepare/* hostsFor */.zC)(this.prepared.inputs, all).length };
        }
        catch {
            return undefined;
        }
    }
    /** The `shards` output: the run's app hosts split for a job matrix (`shard-count`). */
    shardsOutput() {
        if (!this.prepared.ok || this.prepared.inputs.shardCount === undefined)
            return '';
        const shards = (0,context/* shardHosts */.WX)(this.prepared.targets.appHosts, this.prepared.inputs.shardCount);
        return JSON.stringify(shards.map((hosts, i) => ({ index: i + 1, count: shards.length, size: hosts.length, hosts: hosts.join(',') })));
    }
    /** A failed run: ended as above, then the step marked failed with every problem. */
    async fail(error) {
        await this.finish(error);
        this.core.setFailed(error instanceof errors/* ConfigError */.x ? error.problems.map(errors/* formatProblem */.V).join('\n') : (0,values/* errorMessage */.gJ)(error));
    }
    /**
     * The runner cancelled the run. In order, within the runner's budget (CANCEL): the scripts still
     * running on the hosts are stopped (each leaves its role consistent: the old version serving,
     * or the new one when it already served), THEN this run's lock is released, then the run ends
     * with an error line naming the signal, the phase, the lock's fate and what each host runs.
     * Under an inherited lock (KAMAL_LOCK=true: a shard of a sharded deploy, cancelled by
     * `fail-fast` when another shard failed) there is no lock to release: the hosts under way first
     * get up to INHERITED_SETTLE_MS to finish, and only the scripts still running then are stopped.
     */
    cancel(signal) {
        const { core } = this;
        const received = Date.now();
        const inherited = this.env['KAMAL_LOCK'] === 'true';
        core.warning(inherited
            ? `Received ${signal}: starting no further host, letting the hosts under way finish (the deploy lock is the calling workflow's)`
            : `Received ${signal}: stopping this run's scripts on the hosts, then releasing the deploy lock`);
        const settle = inherited && this.work ? INHERITED_SETTLE_MS : 0;
        const timer = setTimeout(() => process.exit(1), settle + CANCEL.EXIT_BY_MS);
        void this.stopThenRelease(signal, received, settle)
            .catch((e) => core.setFailed(`Cancelled by ${signal}: ${(0,values/* errorMessage */.gJ)(e)}`))
            .finally(() => {
            clearTimeout(timer);
            this.close();
            process.exit(1);
        });
    }
    async stopThenRelease(signal, received, settle) {
        const { core, ctx, report } = this;
        let late = [];
        let lockError;
        if (settle > 0)
            await Promise.race([this.work?.catch(() => undefined), new Promise((r) => setTimeout(r, settle))]);
        const start = received + settle;
        if (ctx) {
            late = await stopRunningScripts(ctx, start + CANCEL.STOP_MS);
            try {
                await withDeadline(releaseRunLock(ctx), start + CANCEL.RELEASE_BY_MS, 'the release did not answer in time');
                if (ctx.report.lock.released)
                    core.saveState(state/* STATE */.c.lockReleased, 'true');
            }
            catch (e) {
                lockError = (0,values/* errorMessage */.gJ)(e);
            }
        }
        const phase = report.phase ? ` during "${report.phase}"` : ' before any host was worked on';
        const hosts = ctx && action_inputs/* DEPLOYING */.WH.includes(report.command) ? ` Hosts now run: ${describeHostStates(ctx, late)}.` : '';
        const error = new CancelledRunError(signal, `Cancelled by ${signal}${phase}. ${lockFate(report.lock, lockError)}.${hosts}`);
        await this.finish(error, true);
        core.setFailed(error.message);
    }
    close() {
        if (this.prepared.ok && this.prepared.kind === 'remote')
            this.prepared.pool.closeAll();
    }
}
/** The deploy lock's fate after a cancel, as the last line says it. */
function lockFate(lock, error) {
    const where = lock.path && lock.host ? ` ${lock.path} on ${lock.host}` : '';
    if (!lock.host)
        return 'No deploy lock was taken';
    if (lock.released)
        return `Deploy lock${where}: released`;
    if (error)
        return `Deploy lock${where}: NOT released (${error}); the post step releases it`;
    return lock.taken ? `Deploy lock${where}: still held; the post step releases it` : `Deploy lock${where}: not taken`;
}
/** `promise`, or a rejection with `message` at `deadline` (a Date.now() value). */
function withDeadline(promise, deadline, message) {
    let timer;
    const late = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), Math.max(0, deadline - Date.now()));
    });
    return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

;// CONCATENATED MODULE: ./src/action/main.ts
// The action's main step: inputs → config and secrets (checked before any host is touched) →
// connections → the command's handler → outputs and job summary. The only layer that knows @actions/*.






async function main(env = process.env, 
// Signal handlers first: a cancel even during start-up ends the run our way (index.ts installs
// them before this module is loaded).
cancellation = new cancel/* Cancellation */.m()) {
    const started = Date.now();
    const prepared = (0,prepare/* prepare */.iA)(env, cancellation.signal);
    const core = new action_core/* DeferredCore */.fd(() => Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(421)]).then(__webpack_require__.bind(__webpack_require__, 6421)), env);
    loadCoreWhenIdle(core, prepared);
    const token = (0,action_inputs/* getInput */.V4)(env, 'github-token');
    if (token)
        core.setSecret(token);
    const step = new Step(core, env, prepared, started, cancellation);
    cancellation.onCancel((signal) => {
        core.loadSoon();
        step.cancel(signal);
    });
    try {
        if (!prepared.ok)
            throw step.failedEarly(prepared.error, prepared.workingDirectory);
        const run = await step.begin(prepared);
        await step.track(handlerFor(prepared.inputs.command)(run));
        if (!cancellation.cancelled)
            await step.finish();
    }
    catch (error) {
        if (!cancellation.cancelled)
            await step.fail(error);
    }
    finally {
        // Whatever was said before it loaded reaches the log before the step ends.
        await core.load();
        if (!cancellation.cancelled) {
            step.close();
            cancellation.dispose();
        }
    }
}
/** A run that loads nothing else waits this long at most for its first remote command. */
const CORE_LOAD_BY_MS = 1000;
/**
 * Loads @actions/core once the hosts work on the run's first remote command (the connections,
 * started in prepare, were not held up by it), at the latest CORE_LOAD_BY_MS after the start; at
 * once for a run that connects to no host first (plan, build, a failed start).
 */
function loadCoreWhenIdle(core, prepared) {
    const load = () => core.loadSoon();
    if (!prepared.ok || prepared.kind !== 'remote' || prepared.inputs.build)
        return load();
    prepared.pool.whenExecsStarted(() => setImmediate(load));
    setTimeout(load, CORE_LOAD_BY_MS).unref();
}


/***/ })

};
