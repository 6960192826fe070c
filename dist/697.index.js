export const id = 697;
export const ids = [697];
export const modules = {

/***/ 1729:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ko: () => (/* binding */ readInputs),
/* harmony export */   V4: () => (/* binding */ getInput)
/* harmony export */ });
/* unused harmony exports COMMANDS, InputError, list, defaultVersion, parseBoolean, defaultEnvironment */
/* harmony import */ var _commands_naming_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9488);
// Every workflow input, read in one place, only from INPUT_* (never from look-alike env vars such
// as SSH_HOST that could silently override an input).

const COMMANDS = ['setup', 'deploy', 'plan', 'lock-status', 'lock-acquire', 'lock-release'];
class InputError extends Error {
    constructor(message) {
        super(message);
        this.name = 'InputError';
    }
}
/** A comma (or newline) separated list. */
function list(value) {
    return value
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter(Boolean);
}
/** The tag on a tag push (`refs/tags/v1.2.3` gives `v1.2.3`), else the commit SHA. */
function defaultVersion(env) {
    const ref = env['GITHUB_REF'] ?? '';
    if (ref.startsWith('refs/tags/'))
        return ref.slice('refs/tags/'.length);
    return env['GITHUB_SHA'] ?? '';
}
/**
 * `core.getInput`'s rule (`INPUT_` + the name upper-cased, spaces to `_`, hyphens kept), without
 * loading @actions/core before the first connection is started.
 */
function getInput(env, name, opts = {}) {
    const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
    return opts.trimWhitespace === false ? value : value.trim();
}
/** A YAML 1.2 core boolean, as `core.getBooleanInput` reads them, but empty means `fallback`. */
function parseBoolean(name, value, fallback) {
    const v = value.trim();
    if (v === '')
        return fallback;
    if (['true', 'True', 'TRUE'].includes(v))
        return true;
    if (['false', 'False', 'FALSE'].includes(v))
        return false;
    throw new InputError(`Input ${name}: '${v}' is not a boolean (true or false)`);
}
/** The GitHub environment: the input, else the destination, else `production`. */
function defaultEnvironment(environment, destination) {
    return environment.trim() || destination || 'production';
}
function readInputs(env = process.env) {
    const input = (name, opts) => getInput(env, name, opts);
    const command = (input('command') || 'deploy');
    if (!COMMANDS.includes(command))
        throw new InputError(`Input command: '${command}' is not one of ${COMMANDS.join(', ')}`);
    const version = input('version') || defaultVersion(env);
    if (!version && (command === 'setup' || command === 'deploy' || command === 'plan'))
        throw new InputError('Input version: no version given and neither GITHUB_REF is a tag nor GITHUB_SHA is set');
    if (version && !_commands_naming_js__WEBPACK_IMPORTED_MODULE_0__/* .VERSION_PATTERN */ .Q6.test(version))
        throw new InputError(`Input version: '${version}' is not a valid Docker tag (letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-')`);
    const planFor = input('plan-for') || 'deploy';
    if (planFor !== 'setup' && planFor !== 'deploy')
        throw new InputError(`Input plan-for: '${planFor}' is not one of setup, deploy`);
    const key = input('ssh-private-key', { trimWhitespace: false });
    const destination = input('destination') || undefined;
    const deployment = {
        enabled: parseBoolean('github-deployment', input('github-deployment'), false) ?? false,
        token: input('github-token'),
        environment: defaultEnvironment(input('environment'), destination),
        environmentUrl: input('environment-url') || undefined,
        transient: parseBoolean('transient-environment', input('transient-environment'), false) ?? false,
        production: parseBoolean('production-environment', input('production-environment'), undefined)
    };
    if (deployment.enabled && !deployment.token)
        throw new InputError('Input github-token: empty, but github-deployment is true (give a token with deployments: write)');
    return {
        command,
        configFile: input('config-file') || 'config/deploy.yml',
        destination,
        workingDirectory: input('working-directory') || '.',
        version,
        // Keys pasted into secrets often lose their final newline or gain CRLFs; ssh2 wants neither.
        sshPrivateKey: key.trim() ? key.replace(/\r\n?/g, '\n').trim() + '\n' : undefined,
        knownHosts: input('known-hosts') || undefined,
        hosts: list(input('hosts')),
        roles: list(input('roles')),
        lockMessage: input('lock-message') || undefined,
        deployment,
        planFor
    };
}


/***/ }),

/***/ 3562:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  O: () => (/* binding */ credentialsFor),
  i: () => (/* binding */ prepare)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/config/load.ts + 10 modules
var load = __webpack_require__(1614);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/config/dotenv.ts
// The dotenv syntax of Kamal's secrets files: `$VAR`/`${VAR}` from earlier keys or the environment, and `$(command)`
// run through the shell (Kamal: lib/kamal/secrets/dotenv/inline_command_substitution.rb).

/** Through `/bin/sh -c` on the runner, like Kamal's dotenv. Nothing it prints is shown: it may be secret. */
const runShellCommand = (command, env) => (0,external_node_child_process_.execFileSync)('/bin/sh', ['-c', command], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 16 * 1024 * 1024
}).replace(/\n+$/, '');
class SecretsFileError extends Error {
    constructor(message) {
        super(message);
        this.name = 'SecretsFileError';
    }
}
/**
 * `KEY=value` lines, later keys seeing earlier ones (then `known`, then `env`) in `$VAR`.
 * Hand-written rather than dotenv + dotenv-expand: Kamal's precedence (file beats env) and
 * single-quote literals differ from dotenv-expand's, and the parser is small.
 */
function parseDotenv(text, env, known = new Map(), opts = {}) {
    const out = new Map();
    const lookup = (name) => out.get(name) ?? known.get(name) ?? env[name] ?? '';
    // A command sees the environment plus every key defined so far in the files.
    const commandEnv = () => ({ ...env, ...Object.fromEntries(known), ...Object.fromEntries(out) });
    const run = opts.runCommand ?? runShellCommand;
    const lines = text.replace(/\r\n?/g, '\n').split('\n');
    for (let i = 0; i < lines.length; i++) {
        const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(lines[i] ?? '');
        if (!m)
            continue;
        const key = m[1];
        const command = substitution(`${opts.file ?? 'secrets'}:${i + 1}: ${key}`, run, commandEnv);
        const rest = m[2] ?? '';
        const quote = rest[0];
        if (quote === '"' || quote === "'") {
            const quoted = readQuoted(lines, i, rest.slice(1), quote);
            i = quoted.lastLine;
            out.set(key, quote === "'" ? quoted.body : expandDoubleQuoted(quoted.body, lookup, command));
        }
        else
            out.set(key, expandUnquoted(rest, lookup, command));
    }
    return out;
}
/**
 * Runs a `$(command)` for the key at `where` (file:line: KEY). A failure names the place and the
 * exit status only; its output may hold secrets, so it is neither shown nor kept as the `cause`.
 */
function substitution(where, run, env) {
    return (cmd) => {
        try {
            return run(cmd, env());
        }
        catch (e) {
            const status = e.status;
            throw new SecretsFileError(`${where}: the command $(${cmd}) failed${typeof status === 'number' ? ` (exit ${status})` : ''}; its output is not shown, as it may hold secrets`);
        }
    };
}
/** A quoted value may span lines until its closing quote: its body and the last line it took. */
function readQuoted(lines, first, afterQuote, quote) {
    let body = afterQuote;
    let i = first;
    while (!hasClosing(body, quote) && i + 1 < lines.length)
        body += '\n' + (lines[++i] ?? '');
    const end = closingIndex(body, quote);
    return { body: end >= 0 ? body.slice(0, end) : body, lastLine: i };
}
/** Double quotes: `\n` is a newline, `\"`, `\\` and `\$` are literal, then `$VAR` and `$(command)` expand. */
function expandDoubleQuoted(body, lookup, command) {
    return expand(body.replace(/\\n/g, '\n').replace(/\\(["\\$])/g, (_, c) => (c === '$' ? '\u0000' : c)), lookup, command).replaceAll('\u0000', '$');
}
/** Unquoted: a ` #` comment ends the value, which is trimmed; `\$` is a literal `$`. */
function expandUnquoted(rest, lookup, command) {
    const value = rest.replace(/\s+#.*$/, '').trim();
    return expand(value.replace(/\\\$/g, '\u0000'), lookup, command).replaceAll('\u0000', '$');
}
function closingIndex(body, quote) {
    for (let i = 0; i < body.length; i++) {
        if (body[i] === '\\' && quote === '"')
            i++;
        else if (body[i] === quote)
            return i;
    }
    return -1;
}
const hasClosing = (body, quote) => closingIndex(body, quote) >= 0;
/** `$(command)` (nested parentheses allowed), `${VAR}` and `$VAR`, left to right. */
function expand(value, lookup, command) {
    let out = '';
    let i = 0;
    while (i < value.length) {
        const c = value[i];
        if (c === '$' && value[i + 1] === '(') {
            let depth = 0;
            let j = i + 1;
            for (; j < value.length; j++) {
                if (value[j] === '(')
                    depth++;
                else if (value[j] === ')' && --depth === 0)
                    break;
            }
            if (j < value.length) {
                out += command(value.slice(i + 2, j));
                i = j + 1;
                continue;
            }
        }
        const v = c === '$' ? /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(value.slice(i)) : null;
        if (v) {
            out += lookup((v[1] ?? v[2]));
            i += v[0].length;
        }
        else {
            out += c;
            i++;
        }
    }
    return out;
}

// EXTERNAL MODULE: ./src/config/env.ts
var config_env = __webpack_require__(8409);
;// CONCATENATED MODULE: ./src/config/secrets.ts
// Secrets as Kamal v2 reads them: `.kamal/secrets-common`, then `.kamal/secrets` or `.kamal/secrets.<destination>`
// (dotenv syntax, see dotenv.ts), else the step's env; which secrets are needed comes from the config.




function readSecretFiles(workingDirectory, secretsPath, destination, env, runCommand) {
    const names = [`${secretsPath}-common`, destination ? `${secretsPath}.${destination}` : secretsPath];
    const fromFiles = new Map();
    const files = [];
    for (const name of names) {
        let text;
        try {
            text = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(workingDirectory, name), 'utf8');
        }
        catch {
            continue;
        }
        files.push(name);
        for (const [k, v] of parseDotenv(text, env, fromFiles, { file: name, runCommand }))
            fromFiles.set(k, v);
    }
    return { fromFiles, files };
}
/** Every secret name the config needs for the given scope. */
function requiredSecrets(config) {
    const names = new Set();
    const fromEnv = (env) => env.secret.forEach((s) => names.add((0,config_env/* secretAlias */.j)(s).source));
    for (const r of config.roles)
        fromEnv(r.env);
    for (const t of Object.values(config.envTags))
        fromEnv(t);
    for (const a of config.accessories) {
        fromEnv(a.env);
        for (const v of [a.registry?.username, a.registry?.password])
            if (v && 'secret' in v)
                names.add(v.secret);
    }
    for (const v of [config.registry.username, config.registry.password])
        if (v && 'secret' in v)
            names.add(v.secret);
    // Custom TLS certificates for kamal-proxy name secrets (Kamal reads them from the secrets too).
    for (const p of [...config.roles.map((r) => r.proxyConfig), ...config.accessories.map((a) => a.proxy)]) {
        if (p?.customCertificate)
            names.add(p.customCertificate.certificatePem).add(p.customCertificate.privateKeyPem);
    }
    return [...names];
}
class MissingSecretsError extends Error {
    missing;
    constructor(missing, files) {
        const where = files.length > 0
            ? `in ${files.join(', ')} or the step's environment`
            : `in the step's environment (no secret files: .kamal/secrets-common, .kamal/secrets)`;
        super(`Secret${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} not found ${where}`);
        this.missing = missing;
        this.name = 'MissingSecretsError';
    }
}
/** Resolves every secret the config needs, or throws naming the missing ones (never a value). */
function resolveSecrets(config, source, env) {
    const out = new Map();
    const missing = [];
    for (const name of requiredSecrets(config)) {
        const value = source.fromFiles.get(name) ?? env[name];
        if (value === undefined || value === '')
            missing.push(name);
        else
            out.set(name, value);
    }
    if (missing.length > 0)
        throw new MissingSecretsError(missing, source.files);
    return out;
}
/**
 * For `plan`: every secret the config needs as a `<NAME>` placeholder (values are never needed),
 * and the names that neither the files nor the environment define.
 */
function planSecrets(config, source, env) {
    const secrets = new Map();
    const missing = [];
    for (const name of requiredSecrets(config)) {
        secrets.set(name, `<${name}>`);
        const value = source.fromFiles.get(name) ?? env[name];
        if (value === undefined || value === '')
            missing.push(name);
    }
    return { secrets, missing };
}

// EXTERNAL MODULE: ./src/flows/context.ts + 1 modules
var context = __webpack_require__(8029);
// EXTERNAL MODULE: ./src/transport/known-hosts.ts
var known_hosts = __webpack_require__(3808);
// EXTERNAL MODULE: ./src/transport/ssh.ts
var ssh = __webpack_require__(7171);
// EXTERNAL MODULE: ./src/action/inputs.ts
var action_inputs = __webpack_require__(1729);
;// CONCATENATED MODULE: ./src/action/prepare.ts
// Everything a run needs before its first connection — inputs, config, targets, secrets, SSH
// credentials — done without @actions/core, and the connections started right away: loading
// @actions/core (≈50 ms) then overlaps the SSH handshakes instead of delaying them.









function credentialsFor(inputs, config, env) {
    let knownHostsText = inputs.knownHosts;
    if (!knownHostsText) {
        try {
            knownHostsText = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)((0,external_node_os_.homedir)(), '.ssh', 'known_hosts'), 'utf8');
        }
        catch {
            knownHostsText = '';
        }
    }
    if (!inputs.sshPrivateKey && !env['SSH_AUTH_SOCK'])
        throw new Error('Input ssh-private-key is empty and no ssh-agent is running (SSH_AUTH_SOCK): give the deploy key');
    return {
        user: config.ssh.user,
        port: config.ssh.port,
        privateKey: inputs.sshPrivateKey,
        agent: inputs.sshPrivateKey ? undefined : env['SSH_AUTH_SOCK'],
        knownHosts: (0,known_hosts/* parseKnownHosts */.uJ)(knownHostsText),
        connectTimeoutMs: 20_000
    };
}
/** The flow whose hosts a command works on (`plan` plans one). */
function hostsFor(inputs, targets) {
    const flow = inputs.command === 'plan' ? inputs.planFor : inputs.command;
    return flow === 'setup' ? targets.hosts : flow === 'deploy' ? targets.appHosts : [targets.primaryHost];
}
function prepare(env) {
    let inputs;
    let workingDirectory;
    try {
        inputs = (0,action_inputs/* readInputs */.Ko)(env);
        workingDirectory = (0,external_node_path_.resolve)(env['GITHUB_WORKSPACE'] ?? process.cwd(), inputs.workingDirectory);
        const config = (0,load/* loadConfig */.Z9)({ workingDirectory, configFile: inputs.configFile, destination: inputs.destination });
        const targets = (0,context/* selectTargets */.D)(config, inputs.hosts, inputs.roles);
        const base = { ok: true, inputs, workingDirectory, config, targets, hosts: hostsFor(inputs, targets) };
        if (inputs.command === 'plan') {
            // No values and no connections: `$(commands)` in the secrets files are not run either.
            const source = readSecretFiles(workingDirectory, config.secretsPath, config.destination, env, () => '<from command>');
            const planned = planSecrets(config, source, env);
            return { ...base, kind: 'plan', secrets: planned.secrets, missingSecrets: planned.missing };
        }
        // Secrets are resolved up front: a missing one stops the run before anything touches a host.
        const deploying = inputs.command === 'setup' || inputs.command === 'deploy';
        const secrets = deploying
            ? resolveSecrets(config, readSecretFiles(workingDirectory, config.secretsPath, config.destination, env), env)
            : new Map();
        const pool = new ssh/* SshPool */.VX(credentialsFor(inputs, config, env), Math.max(1, config.maxConcurrentStarts));
        // Connection errors surface later, from the first command on that host.
        void (0,ssh/* eachLimited */.ko)(base.hosts, pool.limit, (h) => pool.get(h).connect());
        return { ...base, kind: 'remote', secrets, pool };
    }
    catch (error) {
        const command = inputs?.command ?? ((0,action_inputs/* getInput */.V4)(env, 'command') || 'deploy');
        return { ok: false, error, command, version: inputs?.version ?? '', workingDirectory };
    }
}


/***/ }),

/***/ 3175:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ STATE)
/* harmony export */ });
// Names of what main saves for the post step (GITHUB_STATE survives even a killed main).
const STATE = {
    isPost: 'isPost',
    /** JSON {host, path, token}: saved before the lock is taken. */
    lock: 'lock',
    lockReleased: 'lock-released'
};


/***/ }),

/***/ 7587:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AH: () => (/* binding */ releaseIfOwner),
/* harmony export */   NF: () => (/* binding */ thenReleaseIfOwner),
/* harmony export */   TD: () => (/* binding */ forceRelease),
/* harmony export */   mF: () => (/* binding */ readLock),
/* harmony export */   pI: () => (/* binding */ acquireOrShowHolder),
/* harmony export */   qn: () => (/* binding */ AUTOMATIC_LOCK_MESSAGE)
/* harmony export */ });
/* unused harmony exports lockDetailsText, acquireLock, lockStatus, releaseLock */
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9488);
/* harmony import */ var _protocol_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1652);
/* harmony import */ var _script_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8827);
/* harmony import */ var _shell_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4800);




function lockDetailsText(d) {
    const at = d.at.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return `Locked by: ${d.lockedBy} at ${at}\nVersion: ${d.version}\nMessage: ${d.message}`;
}
/** `mkdir` without `-p` is the test-and-set: it fails when the lock exists. */
function acquireLock(config, details) {
    const dir = (0,_naming_js__WEBPACK_IMPORTED_MODULE_3__/* .lockDir */ .JK)(config);
    return `mkdir ${dir} && echo "${(0,_shell_js__WEBPACK_IMPORTED_MODULE_2__/* .encode64 */ .nl)(lockDetailsText(details))}" > ${dir}/details`;
}
function lockStatus(config) {
    const dir = (0,_naming_js__WEBPACK_IMPORTED_MODULE_3__/* .lockDir */ .JK)(config);
    return `stat ${dir} > /dev/null && cat ${dir}/details | base64 -d`;
}
function releaseLock(config) {
    const dir = (0,_naming_js__WEBPACK_IMPORTED_MODULE_3__/* .lockDir */ .JK)(config);
    return `rm ${dir}/details && rm -r ${dir}`;
}
const AUTOMATIC_LOCK_MESSAGE = 'Automatic deploy lock';
/** Takes the lock, or prints the holder's details and exits EXIT.lockHeld. */
function acquireOrShowHolder(config, details) {
    return `mkdir -p .kamal && { ${acquireLock(config, details)} ; } 2> /dev/null || { ${lockStatus(config)} ; exit ${_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .EXIT */ .dc.lockHeld} ; }`;
}
/** Releases the lock only when its details carry `token`; reports `lock` = released, absent or not ours. */
function releaseIfOwner(config, token) {
    const dir = (0,_naming_js__WEBPACK_IMPORTED_MODULE_3__/* .lockDir */ .JK)(config);
    return `if [ ! -d ${dir} ]; then ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .reportLine */ .BS)('lock', 'absent')}; elif base64 -d < ${dir}/details | grep -qF ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(token)}; then ${releaseLock(config)} && ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .reportLine */ .BS)('lock', 'released')}; else ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .reportLine */ .BS)('lock', 'not ours')}; fi`;
}
/** Removes whatever lock is there (Kamal's `lock release`); reports `lock` = released or absent. */
function forceRelease(config) {
    const dir = (0,_naming_js__WEBPACK_IMPORTED_MODULE_3__/* .lockDir */ .JK)(config);
    return (0,_script_js__WEBPACK_IMPORTED_MODULE_1__/* .single */ .J0)(`if [ -d ${dir} ]; then ${releaseLock(config)} && ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .reportLine */ .BS)('lock', 'released')}; else ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .reportLine */ .BS)('lock', 'absent')}; fi`, { lock: 'released' });
}
/** The decoded details of the current lock (empty output when there is none). */
function readLock(config) {
    return (0,_script_js__WEBPACK_IMPORTED_MODULE_1__/* .single */ .J0)(`${lockStatus(config)} 2> /dev/null || true`);
}
/**
 * `commands` (may be none), then this run's lock released whatever they did, in one exec: the
 * script exits with the commands' status and reports the lock's fate either way.
 */
function thenReleaseIfOwner(config, token, commands) {
    return {
        lines: ['set +e', '(', 'set -e', ...commands, ')', 'RC=$?', releaseIfOwner(config, token), 'exit $RC'],
        assumed: { lock: 'released' }
    };
}


/***/ }),

/***/ 9488:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D6: () => (/* binding */ imageRef),
/* harmony export */   IB: () => (/* binding */ serviceWithDestination),
/* harmony export */   JK: () => (/* binding */ lockDir),
/* harmony export */   Q6: () => (/* binding */ VERSION_PATTERN),
/* harmony export */   QG: () => (/* binding */ accessoryEnvFile),
/* harmony export */   c8: () => (/* binding */ roleEnvFile),
/* harmony export */   l6: () => (/* binding */ rolePrefix),
/* harmony export */   sc: () => (/* binding */ auditLog),
/* harmony export */   wk: () => (/* binding */ latestTag),
/* harmony export */   xN: () => (/* binding */ containerName)
/* harmony export */ });
/* unused harmony export appsDir */
/** `<service>[-<destination>]`: the app's name in paths and lock names. */
function serviceWithDestination(config) {
    return config.destination ? `${config.service}-${config.destination}` : config.service;
}
/** `<service>-<role>[-<destination>]`: container-name prefix and kamal-proxy service name. */
function rolePrefix(config, role) {
    return [config.service, role.name, config.destination].filter(Boolean).join('-');
}
function containerName(config, role, version) {
    return `${rolePrefix(config, role)}-${version}`;
}
function imageRef(config, version) {
    return `${config.image}:${version}`;
}
function latestTag(config) {
    return config.destination ? `latest-${config.destination}` : 'latest';
}
function appsDir(config) {
    return `.kamal/apps/${serviceWithDestination(config)}`;
}
function roleEnvFile(config, role) {
    return `${appsDir(config)}/env/roles/${role.name}.env`;
}
function accessoryEnvFile(config, accessory) {
    return `${appsDir(config)}/env/accessories/${accessory.name}.env`;
}
function lockDir(config) {
    return `.kamal/lock-${serviceWithDestination(config)}`;
}
function auditLog(config) {
    return `.kamal/${serviceWithDestination(config)}-audit.log`;
}
/** Docker image tags: a word character first, then up to 127 of `[A-Za-z0-9_.-]`. */
const VERSION_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;


/***/ }),

/***/ 1652:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BS: () => (/* binding */ reportLine),
/* harmony export */   CI: () => (/* binding */ formatReport),
/* harmony export */   MM: () => (/* binding */ parseReport),
/* harmony export */   dc: () => (/* binding */ EXIT),
/* harmony export */   hO: () => (/* binding */ withoutReport)
/* harmony export */ });
/* unused harmony export REPORT_KEYS */
// The report protocol between our remote scripts and the flows, in one place: a script reports
// what it found or did as `DECKHAND_<NAME>=<value>` lines on stdout (`reportLine`), and stops
// with a named exit code (`EXIT`); the flows read the lines back with `parseReport`. No other
// module knows the line format: the transport carries bytes, the flows see a typed `Report`.
/** Every fact a script reports, by its name in the flows → its name on the wire. */
const REPORT_KEYS = {
    /** The role's version that ran before this boot (empty on a first deploy). */
    old: 'OLD',
    /** The old version whose container was stopped once the new one was ready. */
    stopped: 'STOPPED',
    /** Docker's view of the new container when the wait ended (`healthy`, `running`, `unhealthy`...). */
    status: 'STATUS',
    /** kamal-proxy's answer: `switched` (traffic moved to the new container) or `failed`. */
    proxy: 'PROXY',
    /** What the kamal-proxy container was before the proxy boot: `running`, `exited`, `missing`... */
    proxyWas: 'PROXY_WAS',
    /** The fate of this run's deploy lock: `released`, `absent` or `not ours`. */
    lock: 'LOCK',
    /** `exists`: an accessory container was already there, so the boot left it alone. */
    accessory: 'ACCESSORY',
    /** `installed` (Docker was missing and was installed) or `missing` (and cannot be). */
    docker: 'DOCKER'
};
/** Named exit codes of our scripts (anything else is the exit code of the command that failed). */
const EXIT = {
    /** A new container never got ready, or kamal-proxy refused to switch to it. */
    bootFailed: 70,
    /** A kamal-proxy older than the minimum version runs on the host. */
    proxyTooOld: 71,
    /** Someone else holds the deploy lock (its details follow on stdout). */
    lockHeld: 75
};
const PREFIX = 'DECKHAND_';
const LINE = /^DECKHAND_([A-Z_]+)=(.*)$/;
/** A shell line reporting `key` with the value of `shellValue` (expanded inside double quotes). */
function reportLine(key, shellValue) {
    return `echo "${PREFIX}${REPORT_KEYS[key]}=${shellValue}"`;
}
const BY_WIRE_NAME = new Map(Object.entries(REPORT_KEYS).map(([key, wire]) => [wire, key]));
/** The facts a script's stdout reports; an empty value counts as not reported. */
function parseReport(stdout) {
    const report = {};
    for (const line of stdout.split('\n')) {
        const m = LINE.exec(line);
        const key = m ? BY_WIRE_NAME.get(m[1] ?? '') : undefined;
        if (key && m?.[2])
            report[key] = m[2];
    }
    return report;
}
/** Output as a person should read it: the report lines taken out. */
function withoutReport(text) {
    return text
        .split('\n')
        .filter((l) => !LINE.test(l))
        .join('\n');
}
/** A report as the lines a script would print (what a plan's recording host answers). */
function formatReport(report) {
    return Object.entries(report)
        .map(([key, value]) => `${PREFIX}${REPORT_KEYS[key]}=${value}\n`)
        .join('');
}


/***/ }),

/***/ 8827:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J0: () => (/* binding */ single),
/* harmony export */   Qk: () => (/* binding */ describeStdin),
/* harmony export */   Sq: () => (/* binding */ RemoteScript)
/* harmony export */ });
/* harmony import */ var _shell_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4800);

/** One command line sent as it is (no `set -e` prelude), e.g. a lock operation. */
function single(command, assumed = {}) {
    return { command, carries: [], assumed };
}
/** `docker login` reading the base64 user name and password that the script read from stdin. */
const loginLine = (server) => `printf '%s' "$DECKHAND_P" | base64 -d | docker login${server ? ` ${server}` : ''} -u "$(printf '%s' "$DECKHAND_U" | base64 -d)" --password-stdin > /dev/null`;
const READ_CREDENTIALS = 'IFS= read -r DECKHAND_U; IFS= read -r DECKHAND_P';
const FORGET_CREDENTIALS = 'unset DECKHAND_U DECKHAND_P';
class RemoteScript {
    // Each docker CLI call is a short-lived Go program that allocates most of its memory while it
    // starts; with Go's default GOGC=100 that start-up runs several garbage collections. GOGC=400
    // (heap up to 5× the live data, a few MB for the CLI) lets it start with fewer of them.
    lines = ['set -e', 'export GOGC=400'];
    input = [];
    items = [];
    report = {};
    /** Commands that must succeed, as lines or as fragments of a builder. */
    add(...parts) {
        for (const part of parts) {
            if (typeof part === 'string')
                this.lines.push(part);
            else {
                this.lines.push(...part.lines);
                Object.assign(this.report, part.assumed);
            }
        }
        return this;
    }
    /** Writes `content` to `path` (through a temp file, so a reader never sees half a file) with `mode`. */
    writeFile(path, content, mode) {
        const dir = (0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.');
        const [file, tmp] = [(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(path), (0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(`${path}.deckhand-tmp`)];
        this.input.push(Buffer.from(content).toString('base64'));
        this.items.push({ kind: 'file', path });
        this.lines.push(`mkdir -p ${dir}`, `IFS= read -r DECKHAND_FILE; (umask 077 && printf '%s' "$DECKHAND_FILE" | base64 -d > ${tmp}) && chmod ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(mode)} ${tmp} && mv -f ${tmp} ${file}`);
        return this;
    }
    /** `docker login` with the user name and password read from stdin into shell variables. */
    login(server, username, password) {
        this.readCredentials(username, password);
        this.lines.push(READ_CREDENTIALS, loginLine(server), FORGET_CREDENTIALS);
        return this;
    }
    /**
     * Runs `command` (one line, e.g. a `docker pull`); only when it fails, logs in to the registry with
     * the user name and password from stdin and runs it once more. Where the host's stored credentials
     * still work (every deploy after the first) this saves a `docker login` — a CLI start and a
     * registry round trip per host; rotated or missing credentials cost one failed attempt.
     */
    withLogin(server, username, password, command) {
        this.readCredentials(username, password);
        this.lines.push(READ_CREDENTIALS, 'deckhand_attempt() {', command, '}', 'if ! deckhand_attempt 2> /dev/null; then', loginLine(server), 'deckhand_attempt', 'fi', FORGET_CREDENTIALS);
        return this;
    }
    readCredentials(username, password) {
        this.input.push(Buffer.from(username).toString('base64'), Buffer.from(password).toString('base64'));
        this.items.push({ kind: 'login' });
    }
    get command() {
        return this.lines.join('\n');
    }
    get stdin() {
        return this.input.length > 0 ? this.input.join('\n') + '\n' : undefined;
    }
    get carries() {
        return this.items;
    }
    get assumed() {
        return this.report;
    }
}
/** What a command's stdin carries, named but never shown: `(stdin: 2 files (a, b), registry login)`. */
function describeStdin(carries) {
    const files = carries.flatMap((c) => (c.kind === 'file' ? [c.path] : []));
    const logins = carries.filter((c) => c.kind === 'login').length;
    const parts = [
        ...(files.length > 0 ? [`${files.length} file${files.length > 1 ? 's' : ''} (${files.join(', ')})`] : []),
        ...(logins > 0 ? [logins > 1 ? `${logins} registry logins` : 'registry login'] : [])
    ];
    return parts.length > 0 ? `(stdin: ${parts.join(', ')})` : undefined;
}


/***/ }),

/***/ 4800:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ew: () => (/* binding */ optionize),
/* harmony export */   Ou: () => (/* binding */ argumentize),
/* harmony export */   Vm: () => (/* binding */ word),
/* harmony export */   gd: () => (/* binding */ quietly),
/* harmony export */   hD: () => (/* binding */ quote),
/* harmony export */   mH: () => (/* binding */ kamalValue),
/* harmony export */   n_: () => (/* binding */ envFileValue),
/* harmony export */   nl: () => (/* binding */ encode64)
/* harmony export */ });
// Quoting for values that reach the remote shell. Two styles:
// - `word`: a safe token is passed bare (so command lines match Kamal's), anything else is single-quoted;
// - `kamalValue`: Kamal's double-quoted escaping for `--env`/`--label`/option values, which keeps
//   `${VAR}` for the remote shell to expand (Kamal users rely on it) and escapes every other `$`.
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** A shell word: bare when it has no special characters, otherwise single-quoted. */
function word(value) {
    if (SAFE.test(value))
        return value;
    return `'${value.replace(/'/g, `'\\''`)}'`;
}
/** Always single-quoted (for patterns and filters). */
function quote(value) {
    return `'${value.replace(/'/g, `'\\''`)}'`;
}
const DUMP_ESCAPES = {
    '"': '\\"',
    '\\': '\\\\',
    '\n': '\\n',
    '\t': '\\t',
    '\r': '\\r',
    '\f': '\\f',
    '\v': '\\v',
    '\b': '\\b',
    '\u0007': '\\a',
    '\u001b': '\\e',
    '`': '\\`'
};
/** The inside of Ruby's `String#dump` for ASCII text (non-ASCII is passed through, as Kamal does). */
function dumpBody(value) {
    let out = '';
    for (let i = 0; i < value.length; i++) {
        const c = value[i];
        const code = c.charCodeAt(0);
        if (c in DUMP_ESCAPES)
            out += DUMP_ESCAPES[c];
        else if (c === '#' && /[{$@]/.test(value[i + 1] ?? ''))
            out += '\\#';
        else if (code < 0x20 || code === 0x7f)
            out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
        else
            out += c;
    }
    return out;
}
/** Kamal's `escape_shell_value`: `"dumped"`, with `$` escaped unless it starts `${...}`. */
function kamalValue(value) {
    return `"${dumpBody(value).replace(/\$(?!\{[^}]*\})/g, '\\$')}"`;
}
/** A line of a Kamal env file: dumped, outer quotes dropped, `\"` and `\#` unescaped. */
function envFileValue(value) {
    return dumpBody(value).replace(/\\"/g, '"').replace(/\\#/g, '#');
}
/** `--flag KEY="value"` for each entry; a bare `--flag KEY` when the value is empty. */
function argumentize(flag, entries) {
    return Object.entries(entries).map(([k, v]) => v === undefined || v === '' ? `${flag} ${word(k)}` : `${flag} ${word(k)}=${kamalValue(v)}`);
}
/** Docker options: `--key "value"`, `--key` for true/null, repeated for arrays. */
function optionize(options) {
    const out = [];
    for (const [key, value] of Object.entries(options)) {
        const flag = `--${word(key)}`;
        if (value === null || value === 'true')
            out.push(flag);
        else
            for (const v of Array.isArray(value) ? value : [value])
                out.push(`${flag} ${kamalValue(v)}`);
    }
    return out;
}
/** Ruby's Base64.encode64: lines of 60 characters, each ending in a newline. */
function encode64(text) {
    const b64 = Buffer.from(text, 'utf8').toString('base64');
    let out = '';
    for (let i = 0; i < b64.length; i += 60)
        out += b64.slice(i, i + 60) + '\n';
    return out;
}
/** A command whose standard output is not wanted (Docker prints IDs and names on success). */
function quietly(command) {
    return `${command} > /dev/null`;
}


/***/ }),

/***/ 8409:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ mergeEnv),
/* harmony export */   j: () => (/* binding */ secretAlias)
/* harmony export */ });
/** Later specs win for clear values; secret names are kept once each, in first-seen order. */
function mergeEnv(...specs) {
    const clear = {};
    const secret = [];
    for (const s of specs) {
        Object.assign(clear, s.clear);
        for (const name of s.secret)
            if (!secret.includes(name))
                secret.push(name);
    }
    return { clear, secret };
}
/** `NAME:ALIAS` gives the container NAME with the value of secret ALIAS. */
function secretAlias(entry) {
    const [name, alias] = entry.split(':');
    return { name: name ?? entry, source: alias ?? name ?? entry };
}


/***/ }),

/***/ 6833:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ip: () => (/* binding */ renderErb),
/* harmony export */   bX: () => (/* binding */ configErbEnv),
/* harmony export */   dd: () => (/* binding */ renderAccessoryFile)
/* harmony export */ });
/* unused harmony exports ERB_SUPPORTED, isErbFile */
/* harmony import */ var _env_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8409);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7827);
// The ERB people put in deploy.yml, without Ruby: ENV lookups, comments and trim marks. Anything
// else is Ruby we cannot run, and is an error naming the file, line and snippet.


const ERB_SUPPORTED = 'supported ERB: <%= ENV["NAME"] %>, <%= ENV.fetch("NAME") %>, <%= ENV.fetch("NAME", "default") %>, <%= ENV.fetch("NAME") { "default" } %> and <%# comments %>';
const STR = String.raw `(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')`;
const INDEX = new RegExp(String.raw `^ENV\[\s*${STR}\s*\]$`);
const FETCH = new RegExp(String.raw `^ENV\.fetch\(\s*${STR}\s*\)$`);
const FETCH_DEFAULT = new RegExp(String.raw `^ENV\.fetch\(\s*${STR}\s*,\s*${STR}\s*\)$`);
const FETCH_BLOCK = new RegExp(String.raw `^ENV\.fetch\(\s*${STR}\s*\)\s*\{\s*${STR}\s*\}$`);
/** A Ruby string literal's value: double quotes know the usual escapes, single quotes only \' and \\. */
function literal(double, single) {
    if (single !== undefined)
        return single.replace(/\\(['\\])/g, '$1');
    const escapes = { n: '\n', t: '\t', r: '\r', '0': '\0', e: '\u001b', s: ' ' };
    return (double ?? '').replace(/\\(.)/g, (_, c) => escapes[c] ?? c);
}
/** Whether a double-quoted literal interpolates (`#{...}`), which would need Ruby. */
const interpolates = (m) => [1, 3].some((i) => m[i]?.includes('#{'));
function evaluate(expr, env) {
    let m;
    if ((m = INDEX.exec(expr)) && !interpolates(m))
        return { value: env[literal(m[1], m[2])] ?? '' };
    if ((m = FETCH.exec(expr)) && !interpolates(m)) {
        const name = literal(m[1], m[2]);
        const value = env[name];
        return value === undefined
            ? { error: `environment variable ${name} is not set (ENV.fetch("${name}") has no default)` }
            : { value };
    }
    if (((m = FETCH_DEFAULT.exec(expr)) || (m = FETCH_BLOCK.exec(expr))) && !interpolates(m)) {
        return { value: env[literal(m[1], m[2])] ?? literal(m[3], m[4]) };
    }
    return { error: 'unsupported' };
}
/** Renders `template`; every problem in it is reported at once (ConfigError). */
function renderErb(template, opts) {
    const problems = [];
    let out = '';
    const lineMap = [1];
    let line = 1;
    let col = 1;
    /** Appends text that starts on the template's current line (a value's newlines stay on it). */
    const emit = (text, fromTemplate) => {
        let l = line;
        for (const ch of text) {
            out += ch;
            if (ch === '\n')
                lineMap.push(fromTemplate ? ++l : l);
        }
    };
    const advance = (text) => {
        for (const ch of text) {
            if (ch === '\n') {
                line++;
                col = 1;
            }
            else
                col++;
        }
    };
    let i = 0;
    while (i < template.length) {
        const open = template.indexOf('<%', i);
        if (open < 0) {
            const rest = template.slice(i);
            emit(rest, true);
            advance(rest);
            break;
        }
        let before = template.slice(i, open);
        if (template.startsWith('<%%', open)) {
            emit(before + '<%', true);
            advance(before + '<%%');
            i = open + 3;
            continue;
        }
        const leftTrim = opts.trim && template[open + 2] === '-';
        // `<%-` drops the spaces and tabs before it when they are all that precede it on the line.
        if (leftTrim)
            before = before.replace(/(^|\n)[ \t]*$/, '$1');
        emit(before, true);
        advance(template.slice(i, open));
        const tagLine = line;
        const tagCol = col;
        const close = template.indexOf('%>', open + 2);
        const where = { file: opts.file, line: tagLine, column: tagCol };
        if (close < 0) {
            problems.push({
                keyPath: '',
                message: `ERB tag is not closed with %>: ${snippet(template.slice(open))}`,
                location: where
            });
            break;
        }
        const tag = template.slice(open, close + 2);
        advance(tag);
        i = close + 2;
        let body = template.slice(open + 2 + (leftTrim ? 1 : 0), close);
        const rightTrim = body.endsWith('-');
        if (rightTrim)
            body = body.slice(0, -1);
        if (rightTrim && !opts.trim) {
            problems.push({
                keyPath: '',
                message: `ERB: -%> needs trim mode, which ${opts.file} is not rendered with: ${snippet(tag)}`,
                location: where
            });
            continue;
        }
        if (body.startsWith('#')) {
            // a comment renders nothing
        }
        else if (body.startsWith('=')) {
            const result = evaluate(body.slice(1).trim(), opts.env);
            if ('value' in result)
                emit(result.value, false);
            else if (result.error === 'unsupported')
                problems.push({
                    keyPath: '',
                    message: `ERB: cannot evaluate ${snippet(tag)} without Ruby; ${ERB_SUPPORTED}`,
                    location: where
                });
            else
                problems.push({ keyPath: '', message: `ERB: ${result.error}`, location: where });
        }
        else {
            problems.push({
                keyPath: '',
                message: `ERB: cannot run the Ruby code ${snippet(tag)}; ${ERB_SUPPORTED}`,
                location: where
            });
        }
        if (rightTrim && template[i] === '\n') {
            advance('\n');
            i++;
        }
        else if (rightTrim && template.startsWith('\r\n', i)) {
            advance('\r\n');
            i += 2;
        }
    }
    if (problems.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .x(problems);
    return { text: out, lineMap };
}
function snippet(text) {
    const one = text.replace(/\s*\n\s*/g, ' ').trim();
    return one.length > 80 ? `${one.slice(0, 77)}...` : one;
}
/** The ENV deploy*.yml is rendered with: the process env with KAMAL_DESTINATION set or cleared. */
function configErbEnv(env, destination) {
    const out = { ...env };
    if (destination)
        out['KAMAL_DESTINATION'] = destination;
    else
        delete out['KAMAL_DESTINATION'];
    return out;
}
/** Kamal renders accessory files whose local name ends in `erb`. */
const isErbFile = (local) => local.endsWith('.erb');
/**
 * An accessory's local file as uploaded: files named `*.erb` are rendered (no trim mode) with the
 * accessory's clear and secret env put into ENV, as Kamal's `expand_local_file` and `with_env_loaded`
 * do (lib/kamal/configuration/accessory.rb); others are left as they are.
 */
function renderAccessoryFile(local, content, accessory, secrets, env) {
    if (!isErbFile(local))
        return content;
    const erbEnv = { ...env, ...accessory.env.clear };
    for (const entry of accessory.env.secret) {
        const { name, source } = (0,_env_js__WEBPACK_IMPORTED_MODULE_1__/* .secretAlias */ .j)(entry);
        erbEnv[name] = secrets.get(source);
    }
    return Buffer.from(renderErb(content.toString('utf8'), { file: local, env: erbEnv, trim: false }).text);
}


/***/ }),

/***/ 7827:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ formatProblem),
/* harmony export */   x: () => (/* binding */ ConfigError)
/* harmony export */ });
// How config problems are described and reported: a problem's place (file, line, column, key path),
// the error that carries every problem at once, and the `Add` callback the section checks report with.
/** Every problem found, each on a line of the message; `cause` when a lower-level error led to them. */
class ConfigError extends Error {
    problems;
    constructor(problems, options) {
        super(problems.map(formatProblem).join('\n'), options);
        this.problems = problems;
        this.name = 'ConfigError';
    }
}
function formatProblem(p) {
    const where = p.location ? `${p.location.file}:${p.location.line}:${p.location.column}: ` : '';
    return `${where}${p.keyPath ? `${p.keyPath}: ` : ''}${p.message}`;
}


/***/ }),

/***/ 1614:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Z9: () => (/* binding */ loadConfig)
});

// UNUSED EXPORTS: deepMerge, parseConfigText

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/util/values.ts
var values = __webpack_require__(7656);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 15 modules
var schemas = __webpack_require__(9691);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/core.js
var core = __webpack_require__(8532);
;// CONCATENATED MODULE: ./src/config/schema.ts
// The shape of config/deploy.yml (Kamal v2), as zod schemas. Messages follow Kamal's validator
// ("should be a string", "unknown key: x") so a Kamal user recognises them.


/** Kamal's "string" also takes numbers and booleans (e.g. `port: 5432`). */
const str = schemas/* preprocess */.vkY((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), schemas/* string */.YjP());
const schema_int = schemas/* number */.aig().int();
const bool = schemas/* boolean */.zMY();
const hashOfStrings = schemas/* record */.g1P(schemas/* string */.YjP(), str);
/** `options` / `args` values: any scalar, true for a bare flag, or a list to repeat the flag. */
const optionValue = schemas/* union */.KCZ([str, schemas/* null */.chJ(), schemas/* array */.YOg(str)], { error: 'should be a string, a boolean or an array' });
const optionsHash = schemas/* record */.g1P(schemas/* string */.YjP(), optionValue);
/** Host entry: `1.1.1.1` or `1.1.1.2: tag` / `1.1.1.3: [tag1, tag2]`. */
const hostEntry = schemas/* union */.KCZ([
    str,
    schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* union */.KCZ([str, schemas/* array */.YOg(str)]))
        .refine((h) => Object.keys(h).length === 1, 'multiple hosts found')
], {
    error: 'should be a string or a hash'
});
const secretRef = schemas/* union */.KCZ([str, schemas/* array */.YOg(str).length(1)], {
    error: 'should be a string or an array with one string (for secret lookup)'
});
const envSimple = schemas/* record */.g1P(schemas/* string */.YjP(), str);
const envFull = schemas/* strictObject */.rej({
    clear: schemas/* record */.g1P(schemas/* string */.YjP(), str).optional(),
    secret: schemas/* array */.YOg(str).optional(),
    tags: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J())).optional()
});
/** `env:` is either a plain map (all clear) or `clear`/`secret`(/`tags` at the root). */
const envSchema = schemas/* custom */.IeY((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
    error: 'should be a hash'
});
function isFullEnv(env) {
    return 'clear' in env || 'secret' in env || 'tags' in env;
}

/** `proxy.run`: how the kamal-proxy container is started. */
const proxyRunSchema = schemas/* strictObject */.rej({
    http_port: schema_int.optional(),
    https_port: schema_int.optional(),
    bind_ips: schemas/* array */.YOg(str).optional(),
    publish: bool.optional(),
    log_max_size: str.optional(),
    metrics_port: schema_int.optional(),
    debug: bool.optional(),
    registry: str.optional(),
    repository: str.optional(),
    version: str.optional(),
    options: optionsHash.optional()
});
/** Kamal's proxy keys (root `proxy`, a role's `proxy` hash, `accessories.<name>.proxy`). */
const proxySchema = schemas/* strictObject */.rej({
    host: str.optional(),
    hosts: schemas/* array */.YOg(str).optional(),
    app_port: schema_int.optional(),
    ssl: schemas/* union */.KCZ([bool, schemas/* strictObject */.rej({ certificate_pem: str.optional(), private_key_pem: str.optional() })], {
        error: 'should be a boolean or a hash'
    })
        .optional(),
    ssl_redirect: bool.optional(),
    forward_headers: bool.optional(),
    response_timeout: schema_int.optional(),
    path_prefix: str.optional(),
    path_prefixes: schemas/* array */.YOg(str).optional(),
    strip_path_prefix: bool.optional(),
    healthcheck: schemas/* strictObject */.rej({ path: str.optional(), interval: schema_int.optional(), timeout: schema_int.optional() }).optional(),
    buffering: schemas/* strictObject */.rej({
        requests: bool.optional(),
        responses: bool.optional(),
        memory: schema_int.optional(),
        max_request_body: schema_int.optional(),
        max_response_body: schema_int.optional()
    })
        .optional(),
    logging: schemas/* strictObject */.rej({ request_headers: schemas/* array */.YOg(str).optional(), response_headers: schemas/* array */.YOg(str).optional() })
        .optional(),
    run: proxyRunSchema.optional()
});
/**
 * A value checked by the schema its shape picks (or taken as it is), that schema's problems
 * re-issued at their own paths, so errors point inside the value instead of stopping at "should
 * be an X or a Y". `pick` returns undefined for a shape that is not allowed (then `message`).
 */
function byShape(pick, message) {
    return schemas/* unknown */.L5J().transform((value, ctx) => {
        const choice = pick(value);
        if (!choice) {
            ctx.addIssue({ code: 'custom', message });
            return core/* NEVER */.tm;
        }
        if ('value' in choice)
            return choice.value;
        const result = choice.schema.safeParse(value, { error: kamalMessage });
        if (!result.success) {
            for (const issue of result.error.issues)
                ctx.addIssue({ ...issue });
            return core/* NEVER */.tm;
        }
        // The caller's T names what the picked schema outputs.
        return result.data;
    });
}
/** A role's `proxy`: true/false, or a hash validated key by key. */
const roleProxySchema = byShape((v) => (typeof v === 'boolean' ? { value: v } : (0,values/* isHash */.jN)(v) ? { schema: proxySchema } : undefined), 'should be a boolean or a hash');
const loggingSchema = schemas/* strictObject */.rej({ driver: str.optional(), options: hashOfStrings.optional() });
const roleSchema = schemas/* strictObject */.rej({
    hosts: schemas/* array */.YOg(hostEntry).optional(),
    cmd: str.optional(),
    env: envSchema.optional(),
    options: optionsHash.optional(),
    labels: hashOfStrings.optional(),
    logging: loggingSchema.optional(),
    proxy: roleProxySchema.optional(),
    asset_path: str.optional(),
    stop_timeout: schema_int.optional()
});
/**
 * A value that is either a list or a hash, validated by the schema for its shape, so that errors
 * point inside it (`servers/web/options`) instead of stopping at "should be an array or a hash".
 */
function listOrHash(list, hash) {
    return byShape((v) => (Array.isArray(v) ? { schema: list } : (0,values/* isHash */.jN)(v) ? { schema: hash } : undefined), 'should be an array or a hash');
}
const serversSchema = listOrHash(schemas/* array */.YOg(hostEntry), schemas/* record */.g1P(schemas/* string */.YjP(), listOrHash(schemas/* array */.YOg(hostEntry), roleSchema)));
const registrySchema = schemas/* strictObject */.rej({
    server: str.optional(),
    username: secretRef.optional(),
    password: secretRef.optional()
});
/** A string, or a hash checked by its own schema so that errors point inside it. */
function stringOrHash(hash) {
    return byShape((v) => typeof v === 'string' || typeof v === 'number' ? { value: String(v) } : (0,values/* isHash */.jN)(v) ? { schema: hash } : undefined, 'should be a string or a hash');
}
const fileEntry = stringOrHash(schemas/* strictObject */.rej({ local: str, remote: str, mode: str.optional(), owner: str.optional(), options: str.optional() }));
const accessorySchema = schemas/* strictObject */.rej({
    image: str,
    service: str.optional(),
    registry: registrySchema.optional(),
    host: str.optional(),
    hosts: schemas/* array */.YOg(str).optional(),
    role: str.optional(),
    roles: schemas/* array */.YOg(str).optional(),
    tag: str.optional(),
    tags: schemas/* array */.YOg(str).optional(),
    port: str.optional(),
    cmd: str.optional(),
    env: envSchema.optional(),
    files: schemas/* array */.YOg(fileEntry).optional(),
    directories: schemas/* array */.YOg(fileEntry).optional(),
    volumes: schemas/* array */.YOg(str).optional(),
    options: optionsHash.optional(),
    labels: hashOfStrings.optional(),
    network: str.optional(),
    proxy: proxySchema.optional()
});
/** A port as a number or a string of digits (Kamal's own docs write `port: "2222"`). */
const port = schemas/* union */.KCZ([schema_int, schemas/* string */.YjP().regex(/^\d+$/).transform(Number)], { error: 'should be an integer' });
const sshSchema = schemas/* strictObject */.rej({
    user: str.optional(),
    port: port.optional(),
    proxy: str.optional(),
    proxy_command: str.optional(),
    keys: schemas/* array */.YOg(str).optional(),
    key_data: schemas/* array */.YOg(str).optional(),
    keys_only: bool.optional(),
    log_level: str.optional(),
    config: schemas/* union */.KCZ([bool, str, schemas/* array */.YOg(str)], { error: 'should be a boolean or a string or an array' }).optional(),
    forward_agent: bool.optional()
});
const bootSchema = schemas/* strictObject */.rej({
    limit: schemas/* union */.KCZ([schema_int, schemas/* string */.YjP().regex(/^\d+%?$/, 'should be an integer or a percentage like "25%"')], {
        error: 'should be an integer or a percentage string'
    })
        .optional(),
    wait: schemas/* number */.aig().nonnegative().optional(),
    parallel_roles: bool.optional()
});
const builderSchema = schemas/* strictObject */.rej({
    arch: schemas/* union */.KCZ([str, schemas/* array */.YOg(str)], { error: 'should be a string or an array' }).optional(),
    remote: str.optional(),
    local: bool.optional(),
    driver: str.optional(),
    cache: schemas/* strictObject */.rej({ type: str.optional(), options: str.optional(), image: str.optional() }).optional(),
    context: str.optional(),
    dockerfile: str.optional(),
    target: str.optional(),
    args: optionsHash.optional(),
    secrets: schemas/* array */.YOg(str).optional(),
    ssh: str.optional(),
    provenance: str.optional(),
    sbom: str.optional(),
    pack: schemas/* strictObject */.rej({ builder: str.optional(), buildpacks: schemas/* array */.YOg(str).optional() }).optional()
});
/** `quiet`/`verbose` (Ruby symbols `:quiet` in Kamal's docs) for all hooks, or per hook. */
const hooksOutputSchema = schemas/* union */.KCZ([str, schemas/* record */.g1P(schemas/* string */.YjP(), str)], { error: 'should be a string or a hash' });
const outputSchema = schemas/* strictObject */.rej({
    file: schemas/* strictObject */.rej({ path: str.optional() }).optional(),
    otel: schemas/* strictObject */.rej({ endpoint: str.optional() }).optional()
});
const configSchema = schemas/* strictObject */.rej({
    service: str.refine((s) => /^[a-z0-9_-]+$/i.test(s), 'Service name can only include alphanumeric characters, hyphens, and underscores'),
    image: str.optional(),
    servers: serversSchema.optional(),
    registry: registrySchema.optional(),
    builder: builderSchema.optional(),
    env: envSchema.optional(),
    proxy: proxySchema.optional(),
    accessories: schemas/* record */.g1P(schemas/* string */.YjP(), accessorySchema).optional(),
    labels: hashOfStrings.optional(),
    volumes: schemas/* array */.YOg(str).optional(),
    logging: loggingSchema.optional(),
    ssh: sshSchema.optional(),
    sshkit: schemas/* strictObject */.rej({
        max_concurrent_starts: schema_int.optional(),
        pool_idle_timeout: schema_int.optional(),
        dns_retries: schema_int.optional()
    })
        .optional(),
    boot: bootSchema.optional(),
    aliases: hashOfStrings.optional(),
    asset_path: str.optional(),
    error_pages_path: str.optional(),
    hooks_path: str.optional(),
    hooks_output: hooksOutputSchema.optional(),
    secrets_path: str.optional(),
    require_destination: bool.optional(),
    primary_role: str.optional(),
    allow_empty_roles: bool.optional(),
    retain_containers: schema_int.min(1, 'Must retain at least 1 container').optional(),
    minimum_version: str.optional(),
    readiness_delay: schema_int.nonnegative().optional(),
    deploy_timeout: schema_int.positive().optional(),
    drain_timeout: schema_int.nonnegative().optional(),
    stop_timeout: schema_int.nonnegative().optional(),
    run_directory: str.optional(),
    output: outputSchema.optional()
});
/** Kamal's wording for zod's issues. */
function kamalMessage(issue) {
    switch (issue.code) {
        case 'invalid_type': {
            const names = {
                string: 'a string',
                number: 'an integer',
                int: 'an integer',
                boolean: 'a boolean',
                record: 'a hash',
                object: 'a hash',
                array: 'an array'
            };
            if (issue.input === undefined)
                return 'is required';
            return `should be ${names[issue.expected] ?? issue.expected}`;
        }
        case 'unrecognized_keys':
            return issue.keys.length === 1 ? `unknown key: ${issue.keys[0]}` : `unknown keys: ${issue.keys.join(', ')}`;
        default:
            return undefined;
    }
}

;// CONCATENATED MODULE: ./src/config/env-schema.ts

/** The env at `path`; `allowTags` for the root env only. An env with problems counts as empty. */
function normalizeEnv(raw, path, add, allowTags) {
    if (!raw)
        return { clear: {}, secret: [] };
    if (!isFullEnv(raw)) {
        const r = envSimple.safeParse(raw, { error: kamalMessage });
        if (!r.success) {
            for (const i of r.error.issues)
                add([...path, ...i.path.map(String)], i.message);
            return { clear: {}, secret: [] };
        }
        return { clear: r.data, secret: [] };
    }
    const r = envFull.safeParse(raw, { error: kamalMessage });
    if (!r.success) {
        for (const i of r.error.issues) {
            if (i.code === 'unrecognized_keys')
                for (const k of i.keys)
                    add([...path, ...i.path.map(String), k], `unknown key: ${k}`, true);
            else
                add([...path, ...i.path.map(String)], i.message);
        }
        return { clear: {}, secret: [] };
    }
    if (r.data.tags && !allowTags)
        add([...path, 'tags'], 'tags are only allowed in the root env', true);
    return { clear: r.data.clear ?? {}, secret: r.data.secret ?? [] };
}
/** The root env's `tags`: the env each tag adds on the hosts that carry it. */
function normalizeEnvTags(rawEnv, add) {
    const envTags = {};
    const tagsRaw = rawEnv && isFullEnv(rawEnv) ? rawEnv['tags'] : undefined;
    for (const [tag, value] of Object.entries(tagsRaw ?? {}))
        envTags[tag] = normalizeEnv(value, ['env', 'tags', tag], add, false);
    return envTags;
}

// EXTERNAL MODULE: ./src/config/proxy.ts
var proxy = __webpack_require__(1574);
;// CONCATENATED MODULE: ./src/config/registry.ts
/** A registry on `localhost` (Kamal reaches it through an SSH reverse port-forward). */
function isLocalRegistry(registry) {
    return registry.server?.startsWith('localhost') ?? false;
}
/** The root's or an accessory's registry: a string is a literal, a one-item list names a secret. */
function normalizeRegistry(raw, path, add) {
    if (!raw)
        return {};
    const ref = (v) => v === undefined ? undefined : Array.isArray(v) ? { secret: v[0] ?? '' } : { literal: v };
    const local = raw.server?.startsWith('localhost') ?? false;
    if (!local && raw.username === undefined)
        add([...path, 'username'], 'is required');
    if (!local && raw.password === undefined)
        add([...path, 'password'], 'is required');
    return { server: raw.server, username: ref(raw.username), password: ref(raw.password) };
}
/**
 * The app's image repository (`image`, or the service name with a local registry), prefixed with the
 * registry server unless it is local or already there; `image` and `registry` are required otherwise.
 */
function appImage(raw, registry, add) {
    const local = isLocalRegistry(registry);
    if (!raw.image && !local)
        add(['image'], 'is required');
    if (!raw.registry && !local)
        add(['registry'], 'is required');
    const image = raw.image ?? raw.service;
    return registry.server && !local && !image.startsWith(`${registry.server}/`) ? `${registry.server}/${image}` : image;
}
function localRegistryWarning(registry) {
    return isLocalRegistry(registry)
        ? `registry: ${registry.server} is a local registry; Kamal reaches it from each host through an SSH reverse port-forward, which this action does not open: each host pulls from its own ${registry.server}`
        : undefined;
}

// EXTERNAL MODULE: ./src/config/env.ts
var env = __webpack_require__(8409);
;// CONCATENATED MODULE: ./src/config/role.ts
// The roles of `servers` (Kamal: lib/kamal/configuration/role.rb, validator/role.rb): hosts and tags, env and
// logging over the root's, Docker options without the restart policy, labels, and whether kamal-proxy fronts it.



const RESTART = /^(no|always|unless-stopped|on-failure(:\d+)?)$/;
const RESERVED_LABELS = ['service', 'role', 'destination'];
/** The roles (a plain list of hosts is the `web` role), checked for hosts, the primary role first. */
function buildRoles(scope) {
    const { root, add } = scope;
    const servers = root.servers;
    if (servers === undefined) {
        if (!root.accessories)
            add(['servers'], 'No servers or accessories specified');
        return [];
    }
    const roles = Array.isArray(servers)
        ? [buildRole('web', { hosts: servers }, ['servers'], scope)]
        : Object.keys(servers)
            .sort()
            .map((name) => buildRole(name, roleHash(servers[name]), ['servers', name], scope));
    checkRoleHosts(roles, scope);
    // The primary role comes first everywhere (its first host is the primary host).
    const primary = scope.primaryRole;
    return roles.sort((a, b) => (a.name === primary ? -1 : b.name === primary ? 1 : a.name.localeCompare(b.name)));
}
/** A role given as a list of hosts is the role with just those hosts. */
function roleHash(value) {
    return Array.isArray(value) ? { hosts: value } : (value ?? {});
}
/** One role: hosts, env and labels over the root's, options without `restart`, logging, and its proxy layers. */
function buildRole(name, raw, path, scope) {
    const { root, add } = scope;
    const hosts = (raw.hosts ?? []).map((h, i) => normalizeHost(h, [...path, ...(Array.isArray(root.servers) ? [] : ['hosts']), i], add));
    const roleEnv = normalizeEnv(raw.env, [...path, 'env'], add, false);
    const { options, restart } = splitRestart(raw.options, [...path, 'options'], add);
    const labels = { ...(root.labels ?? {}), ...(raw.labels ?? {}) };
    checkLabels(labels, raw.labels ? [...path, 'labels'] : ['labels'], add);
    const layers = (0,proxy/* roleProxyLayers */.fb)(name, raw.proxy, root.proxy, scope.primaryRole, path);
    if (layers)
        scope.proxyLayers.set(name, layers);
    return {
        name,
        hosts,
        cmd: raw.cmd,
        env: (0,env/* mergeEnv */.Q)(scope.rootEnv, roleEnv),
        options,
        restart,
        labels,
        logging: mergeLogging(scope.rootLogging, raw.logging),
        proxy: layers !== undefined,
        proxyConfig: layers ? (0,proxy/* normalizeProxy */.Gw)(layers, add) : undefined,
        stopTimeout: raw.stop_timeout ?? root.stop_timeout
    };
}
/** Roles need hosts (unless `allow_empty_roles`); the primary role must exist and have hosts in any case. */
function checkRoleHosts(roles, { root, primaryRole, add }) {
    for (const role of roles) {
        if (role.hosts.length === 0 && !root.allow_empty_roles && role.name !== primaryRole)
            add(['servers', role.name], `No servers specified for the ${role.name} role. You can ignore this with allow_empty_roles: true`, true);
    }
    const primary = roles.find((r) => r.name === primaryRole);
    if (!primary)
        add(root.primary_role ? ['primary_role'] : ['servers'], `The primary_role ${primaryRole} isn't defined`, true);
    else if (primary.hosts.length === 0)
        add(['servers', primaryRole], `No servers specified for the ${primaryRole} primary_role`, true);
}
/** `1.1.1.1`, or `1.1.1.2: tag` / `1.1.1.3: [tag1, tag2]` for a host with tags. */
function normalizeHost(entry, path, add) {
    if (typeof entry === 'string')
        return { address: entry, tags: [] };
    const [address, tags] = Object.entries(entry)[0] ?? ['', []];
    if (!address)
        add(path, 'should be a host');
    return { address, tags: Array.isArray(tags) ? tags : [tags] };
}
/**
 * A role's or accessory's Docker options without `restart` (default `unless-stopped`), which is
 * checked as validator.rb's `validate_restart_policy!` does.
 */
function splitRestart(raw, path, add) {
    const options = {};
    let restart = 'unless-stopped';
    for (const [key, value] of Object.entries(raw ?? {})) {
        if (key === 'restart') {
            const v = Array.isArray(value) ? value[0] : value;
            if (typeof v !== 'string' || !RESTART.test(v))
                add([...path, 'restart'], 'should be no, always, unless-stopped, on-failure, or on-failure:N');
            else
                restart = v;
        }
        else
            options[key] = value === 'true' ? null : value;
    }
    return { options, restart };
}
/** Kamal sets the service, role and destination labels itself (validator.rb's `validate_labels!`). */
function checkLabels(labels, path, add) {
    for (const key of Object.keys(labels)) {
        if (RESERVED_LABELS.includes(key))
            add([...path, key], 'invalid label. destination, role, and service are reserved labels');
    }
}
function normalizeLogging(raw) {
    return { driver: raw?.driver, options: raw?.options ?? {} };
}
/** A role's logging over the root's: its driver wins, the options merge key by key. */
function mergeLogging(root, role) {
    return { driver: role?.driver ?? root.driver, options: { ...root.options, ...(role?.options ?? {}) } };
}

;// CONCATENATED MODULE: ./src/config/accessory.ts
// Accessories (Kamal: lib/kamal/configuration/accessory.rb, validator/accessory.rb): where each runs
// (hosts, roles or tags), its files and directories entries, env, registry and kamal-proxy settings.




/** Every accessory, in the order of the config; `roles` place the ones given by role or tag. */
function buildAccessories(roles, scope) {
    return Object.entries(scope.root.accessories ?? {}).map(([name, raw]) => buildAccessory(name, raw, roles, scope));
}
function buildAccessory(name, raw, roles, scope) {
    const { root, rootLogging, add } = scope;
    const path = ['accessories', name];
    const hosts = placedHosts(raw, path, roles, add);
    const { options, restart } = splitRestart(raw.options, [...path, 'options'], add);
    if (raw.labels)
        checkLabels(raw.labels, [...path, 'labels'], add);
    const files = (raw.files ?? []).map((f, i) => normalizeFile(f, [...path, 'files', i], add, '755'));
    const directories = (raw.directories ?? []).map((f, i) => normalizeFile(f, [...path, 'directories', i], add));
    return {
        name,
        service: raw.service ?? `${root.service}-${name}`,
        logging: rootLogging,
        image: raw.registry?.server ? `${raw.registry.server}/${raw.image}` : raw.image,
        hosts: [...new Set(hosts)],
        port: raw.port,
        cmd: raw.cmd,
        env: normalizeEnv(raw.env, [...path, 'env'], add, false),
        files,
        directories,
        volumes: raw.volumes ?? [],
        options,
        restart,
        labels: raw.labels ?? {},
        network: raw.network ?? 'kamal',
        registry: raw.registry ? normalizeRegistry(raw.registry, [...path, 'registry'], add) : undefined,
        proxy: raw.proxy ? (0,proxy/* normalizeProxy */.Gw)([{ raw: raw.proxy, path: [...path, 'proxy'] }], add) : undefined
    };
}
/** The hosts of exactly one of `host`, `hosts`, `role`, `roles`, `tag` or `tags` (the caller drops duplicates). */
function placedHosts(raw, path, roles, add) {
    const placements = ['host', 'hosts', 'role', 'roles', 'tag', 'tags'].filter((k) => raw[k] !== undefined);
    if (placements.length !== 1)
        add(path, 'specify one of `host`, `hosts`, `role`, `roles`, `tag` or `tags`', true);
    if (raw.host)
        return [raw.host];
    if (raw.hosts)
        return raw.hosts;
    const hosts = [];
    if (raw.role || raw.roles) {
        for (const r of raw.role ? [raw.role] : (raw.roles ?? [])) {
            const role = roles.find((x) => x.name === r);
            if (!role)
                add([...path, raw.role ? 'role' : 'roles'], `unknown role: ${r}`);
            else
                hosts.push(...role.hosts.map((h) => h.address));
        }
    }
    else if (raw.tag || raw.tags) {
        const wanted = raw.tag ? [raw.tag] : (raw.tags ?? []);
        for (const role of roles)
            for (const h of role.hosts)
                if (h.tags.some((t) => wanted.includes(t)))
                    hosts.push(h.address);
    }
    return hosts;
}
/** Files get mode 755 unless told otherwise; directories are chmod-ed only when a mode is given. */
function normalizeFile(entry, path, add, defaultMode) {
    if (typeof entry === 'string') {
        const [local, remote, options] = entry.split(':');
        if (!local || !remote)
            add(path, 'should be local:remote[:options]');
        return { local: local ?? '', remote: remote ?? '', mode: defaultMode, options };
    }
    return {
        local: entry.local,
        remote: entry.remote,
        mode: entry.mode ?? defaultMode,
        owner: entry.owner,
        options: entry.options
    };
}

;// CONCATENATED MODULE: ./src/config/builder.ts
/**
 * Kamal's builder checks (validator/builder.rb; the local-registry one is
 * `ensure_local_registry_remote_builder_has_ssh_url` in lib/kamal/configuration.rb). The schema has
 * checked the types.
 */
function checkBuilder(raw, localRegistry, add) {
    const b = raw.builder;
    if (!b)
        return;
    const arch = b.arch === undefined ? [] : (Array.isArray(b.arch) ? b.arch : [b.arch]).filter((a) => a !== '');
    if (arch.length === 0)
        add(['builder'], 'Builder arch not set', true);
    const type = b.cache?.type;
    if (type !== undefined && type !== 'gha' && type !== 'registry')
        add(['builder'], `Invalid cache type: ${type}`, false, ['builder', 'cache', 'type']);
    if (b.local === false && !b.remote)
        add(['builder'], 'Cannot disable local builds, no remote is set', false, ['builder', 'local']);
    if (b.pack && arch.length > 1)
        add(['builder'], 'buildpacks only support building for one arch', false, ['builder', 'arch']);
    if (localRegistry && b.remote && !b.remote.startsWith('ssh://'))
        add(['builder'], 'Local registry with remote builder requires an SSH URL (e.g., ssh://user@host)', false, [
            'builder',
            'remote'
        ]);
}
/** The builder section is only validated: the image is built and pushed before this action runs. */
function builderWarning(raw, image) {
    return raw.builder
        ? `builder: this action deploys the pre-built image ${image}:<version> and never builds it; build and push that image in an earlier step (the builder settings are only validated)`
        : undefined;
}

;// CONCATENATED MODULE: ./src/config/cli-keys.ts
/** Kamal's CLI commands, which an alias may not shadow. */
const KAMAL_COMMANDS = [
    'accessory',
    'app',
    'audit',
    'build',
    'config',
    'deploy',
    'details',
    'docs',
    'help',
    'init',
    'lock',
    'proxy',
    'prune',
    'redeploy',
    'registry',
    'remove',
    'rollback',
    'secrets',
    'server',
    'setup',
    'upgrade',
    'version'
];
/** Kamal's alias checks (lib/kamal/configuration/validator/alias.rb): a plain name, not a command's. */
function checkAliases(aliases, add) {
    for (const name of Object.keys(aliases ?? {})) {
        if (!/^[a-z0-9_-]+$/.test(name))
            add(['aliases', name], `Invalid alias name: '${name}'. Must only contain lowercase letters, alphanumeric, hyphens and underscores.`, true);
        else if (KAMAL_COMMANDS.includes(name))
            add(['aliases', name], `Alias '${name}' conflicts with a built-in command.`, true);
    }
}
/** Kamal's hooks output levels (lib/kamal/configuration.rb), written with or without the Ruby symbol's colon. */
const HOOKS_OUTPUT = ['quiet', 'verbose'];
function checkHooksOutput(raw, add) {
    if (raw === undefined)
        return;
    const entries = typeof raw === 'string'
        ? [[['hooks_output'], raw]]
        : Object.entries(raw).map(([hook, v]) => [['hooks_output', hook], v]);
    for (const [at, value] of entries) {
        if (!HOOKS_OUTPUT.includes(value.replace(/^:/, '')))
            add(['hooks_output'], `Invalid hooks_output '${value}', must be one of: ${HOOKS_OUTPUT.join(', ')}`, false, at);
    }
}

// EXTERNAL MODULE: ./src/config/erb.ts
var erb = __webpack_require__(6833);
// EXTERNAL MODULE: ./src/config/errors.ts
var errors = __webpack_require__(7827);
;// CONCATENATED MODULE: ./src/config/kamal1.ts
// Hints for keys Kamal 1 had and Kamal 2 removed (healthcheck, traefik, stop_wait_time, the old
// builder keys), added to the schema's "unknown key" and type messages so an upgrade knows what to use.

/** Kamal 1 keys that Kamal 2 removed, with what replaced them. */
const V1_KEYS = {
    healthcheck: 'a Kamal 1 key: Kamal 2 health-checks roles behind kamal-proxy with proxy.healthcheck (path, interval, timeout); for roles without the proxy give the image a Docker HEALTHCHECK or set it in the role options (health-cmd, health-interval)',
    traefik: 'a Kamal 1 key: Kamal 2 replaced Traefik with kamal-proxy, configured under proxy (a role turns it on or off with proxy: true/false)',
    stop_wait_time: 'a Kamal 1 key: Kamal 2 uses drain_timeout (how long kamal-proxy drains, and docker stop -t for roles without the proxy) and stop_timeout (docker stop -t for every role)'
};
const V1_BUILDER = "a Kamal 1 key: Kamal 2's builder takes arch (a list builds several), remote (ssh://user@host) and local: false";
/** "unknown key: x", with what replaced x when it is a Kamal 1 key (at the root, in a role or the builder). */
function unknownKeyMessage(path, key) {
    const rootOrRole = path.length === 0 || (path.length === 2 && path[0] === 'servers');
    const hint = rootOrRole ? V1_KEYS[key] : path.join('/') === 'builder' && key === 'multiarch' ? V1_BUILDER : undefined;
    return hint ? `unknown key: ${key} (${hint})` : `unknown key: ${key}`;
}
/** Kamal 1's `builder.local`/`builder.remote` hashes get a hint too. */
function typeMessage(path, message, merged) {
    const p = path.join('/');
    if ((p === 'builder/local' || p === 'builder/remote') &&
        (0,values/* isHash */.jN)(merged.builder?.[path[1]]))
        return `${message} (${V1_BUILDER})`;
    return message;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/config/source.ts
// A YAML file read with its positions kept, so that every error can name the file, line and column.




class source_YamlSource {
    file;
    doc;
    lines;
    lineMap;
    constructor(file, doc, lines, lineMap) {
        this.file = file;
        this.doc = doc;
        this.lines = lines;
        this.lineMap = lineMap;
    }
    /**
     * Reads, renders (ERB, when `erbEnv` is given) and parses `path`; `displayName` is what errors
     * call the file (relative to the repo).
     */
    static read(path, displayName, erbEnv) {
        let text;
        try {
            text = (0,external_node_fs_.readFileSync)(path, 'utf8');
        }
        catch (e) {
            throw new errors/* ConfigError */.x([{ keyPath: '', message: `Configuration file not found in ${displayName}` }], { cause: e });
        }
        return source_YamlSource.parse(text, displayName, erbEnv);
    }
    static parse(template, displayName, erbEnv) {
        const { text, lineMap } = erbEnv
            ? (0,erb/* renderErb */.Ip)(template, { file: displayName, env: erbEnv, trim: true })
            : { text: template, lineMap: undefined };
        const lines = new dist/* LineCounter */.HN();
        const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter: lines, uniqueKeys: true, merge: true });
        const source = new source_YamlSource(displayName, doc, lines, lineMap);
        if (doc.errors.length > 0) {
            throw new errors/* ConfigError */.x(doc.errors.map((e) => ({
                keyPath: '',
                // The place is in the prefix already; the library repeats it at the end of the line.
                message: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''),
                location: e.linePos
                    ? { file: displayName, line: source.templateLine(e.linePos[0].line), column: e.linePos[0].col }
                    : undefined
            })));
        }
        return source;
    }
    value() {
        return this.doc.toJS({ maxAliasCount: 1000 }) ?? {};
    }
    /**
     * Where a key path is in this file: the key itself when `atKey` (unknown keys), else its value.
     * Falls back to the nearest ancestor that exists.
     */
    locate(path, atKey = false) {
        let node = this.doc.contents;
        let best = isNode(node) ? node : undefined;
        for (let i = 0; i < path.length; i++) {
            const segment = path[i];
            const last = i === path.length - 1;
            if ((0,dist/* isMap */.jh)(node)) {
                const pair = node.items.find((p) => (0,dist/* isPair */.tO)(p) && (0,dist/* isScalar */.jn)(p.key) && String(p.key.value) === String(segment));
                if (!pair)
                    break;
                if (last && atKey && isNode(pair.key)) {
                    best = pair.key;
                    break;
                }
                node = pair.value;
                best = isNode(pair.value) ? pair.value : isNode(pair.key) ? pair.key : best;
            }
            else if ((0,dist/* isSeq */.oP)(node) && typeof segment === 'number') {
                node = node.items[segment];
                if (!isNode(node))
                    break;
                best = node;
            }
            else
                break;
        }
        if (!best?.range)
            return undefined;
        const pos = this.lines.linePos(best.range[0]);
        return { file: this.file, line: this.templateLine(pos.line), column: pos.col };
    }
    /** The line of the file as written, for a line of the rendered YAML. */
    templateLine(renderedLine) {
        return this.lineMap?.[renderedLine - 1] ?? renderedLine;
    }
    has(path) {
        return this.doc.hasIn(path);
    }
}
function isNode(n) {
    return typeof n === 'object' && n !== null && 'range' in n;
}

;// CONCATENATED MODULE: ./src/config/ssh.ts
/** `host` or `user@host` (the user defaults to root). */
function parseJumpHost(value) {
    const m = /^(?:([^@\s]+)@)?([^@\s]+)$/.exec(value);
    return m ? { user: m[1] ?? 'root', host: m[2] } : undefined;
}
function normalizeSsh(raw, add) {
    const jump = raw?.proxy === undefined ? undefined : parseJumpHost(raw.proxy);
    if (raw?.proxy !== undefined && !jump)
        add(['ssh', 'proxy'], 'should be <host> or <user>@<host>');
    return { user: raw?.user ?? 'root', port: raw?.port ?? 22, proxy: jump, keysOnly: raw?.keys_only };
}
/** Kamal 2.10 deprecated literal keys (they still work there); the value is never repeated. */
function keyDataWarning(raw) {
    return (raw?.key_data ?? []).some((k) => k.includes('PRIVATE KEY'))
        ? 'ssh.key_data: holds a literal private key, which Kamal deprecated: name a secret instead (this action takes the key from the ssh-private-key input)'
        : undefined;
}

// EXTERNAL MODULE: ./src/config/warnings.ts
var config_warnings = __webpack_require__(4601);
;// CONCATENATED MODULE: ./src/config/load.ts
// Reads config/deploy.yml (+ config/deploy.<destination>.yml), validates it and returns a DeployConfig.
// Every problem found is reported at once, each with the file, line and column of the key.
















/** Reads the config file and its destination file, merges them as Kamal does and builds the config. */
function loadConfig(opts) {
    const erbEnv = (0,erb/* configErbEnv */.bX)(opts.env ?? process.env, opts.destination);
    const sources = readSources(configPaths(opts), opts.workingDirectory, erbEnv);
    let merged = {};
    for (const s of sources)
        merged = deepMerge(merged, stripExtensions(s.value()));
    return buildConfig(merged, sources, opts.destination);
}
/** The config file, then its destination file (`deploy.yml` → `deploy.<destination>.yml`). */
function configPaths(opts) {
    const basePath = (0,external_node_path_.join)(opts.workingDirectory, opts.configFile);
    if (!opts.destination)
        return [basePath];
    const ext = (0,external_node_path_.extname)(basePath);
    return [basePath, (0,external_node_path_.join)((0,external_node_path_.dirname)(basePath), `${(0,external_node_path_.basename)(basePath, ext)}.${opts.destination}${ext}`)];
}
/** Every file is read before failing, so that the ERB and YAML problems of each are reported together. */
function readSources(paths, workingDirectory, erbEnv) {
    const display = (p) => (0,external_node_path_.relative)(workingDirectory, p) || p;
    const sources = [];
    const readProblems = [];
    for (const path of paths) {
        try {
            sources.push(source_YamlSource.read(path, display(path), erbEnv));
        }
        catch (e) {
            if (!(e instanceof errors/* ConfigError */.x))
                throw e;
            readProblems.push(...e.problems);
        }
    }
    if (readProblems.length > 0)
        throw new errors/* ConfigError */.x(readProblems);
    return sources;
}
/** Parses already-loaded YAML text (used by tests and by `loadConfig`). */
function parseConfigText(text, file = 'config/deploy.yml', destination, env = process.env) {
    const source = YamlSource.parse(text, file, configErbEnv(env, destination));
    return buildConfig(stripExtensions(source.value()), [source], destination);
}
/** Runs the schema, then the checks of meaning; throws every problem at once, in file order. */
function buildConfig(merged, sources, destination) {
    const { problems, add } = problemCollector(sources);
    const parsed = configSchema.safeParse(merged, { error: kamalMessage });
    if (!parsed.success) {
        const removed = reportSchemaIssues(parsed.error.issues, merged, add);
        checkWithoutBadParts(merged, removed, destination, add);
        throw new errors/* ConfigError */.x(sortProblems(problems, sources));
    }
    const config = normalize(parsed.data, destination, add);
    if (problems.length > 0)
        throw new errors/* ConfigError */.x(sortProblems(problems, sources));
    config.files = sources.map((s) => s.file);
    return config;
}
/** The problems found so far and the `Add` that locates each in the files and drops repeats. */
function problemCollector(sources) {
    // The destination file wins where it has the key; otherwise the base file names the place.
    const locate = (path, atKey = false) => {
        for (const s of [...sources].reverse())
            if (s.has(path))
                return s.locate(path, atKey);
        return sources[0]?.locate(path, atKey);
    };
    const problems = [];
    const add = (path, message, atKey = false, at) => {
        // The root proxy config is checked once per role that uses it: report each problem once.
        if (problems.some((p) => p.keyPath === path.join('/') && p.message === message))
            return;
        problems.push({ keyPath: path.join('/'), message, location: locate(at ?? path, atKey) });
    };
    return { problems, add };
}
/** Reports the schema's issues in Kamal's words; returns the paths of the bad parts. */
function reportSchemaIssues(issues, merged, add) {
    const removed = [];
    for (const issue of issues) {
        const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
        if (issue.code === 'unrecognized_keys') {
            for (const key of issue.keys) {
                add([...path, key], unknownKeyMessage(path, key), true);
                removed.push([...path, key]);
            }
        }
        else {
            add(path, typeMessage(path, issue.message, merged));
            // A bad list entry takes its whole list out, so that later indexes keep their meaning.
            const index = path.findIndex((p) => typeof p === 'number');
            removed.push(index < 0 ? path : path.slice(0, index));
        }
    }
    return removed;
}
/**
 * The checks of meaning for a config with type errors: run on the config without its bad parts,
 * so that one pass reports everything. Problems that touch a removed part are its echoes
 * (a removed `image` is "required"), and so are accessory roles when roles were removed.
 */
function checkWithoutBadParts(merged, removed, destination, add) {
    if (removed.some((p) => p.length === 0))
        return;
    const pruned = structuredClone(merged);
    for (const path of removed) {
        let node = pruned;
        for (const part of path.slice(0, -1))
            node = (0,values/* isHash */.jN)(node) || Array.isArray(node) ? node[part] : undefined;
        if ((0,values/* isHash */.jN)(node))
            delete node[path[path.length - 1]];
    }
    const again = configSchema.safeParse(pruned, { error: kamalMessage });
    if (!again.success)
        return;
    const within = (a, b) => a.length <= b.length && a.every((x, i) => String(x) === String(b[i]));
    const rolesTouched = removed.some((p) => p[0] === 'servers' || p[0] === 'primary_role');
    normalize(again.data, destination, (path, message, atKey, at) => {
        const where = at ?? path;
        if (removed.some((r) => within(r, where) || within(where, r)))
            return;
        if (rolesTouched && path[0] === 'accessories' && (path[2] === 'role' || path[2] === 'roles'))
            return;
        add(path, message, atKey, at);
    });
}
/** In file order, then line and column: the order a person reads the file in. */
function sortProblems(problems, sources) {
    const fileIndex = (p) => (p.location ? sources.findIndex((s) => s.file === p.location?.file) : -1);
    return [...problems].sort((a, b) => fileIndex(a) - fileIndex(b) ||
        (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
        (a.location?.column ?? 0) - (b.location?.column ?? 0));
}
/**
 * The sections built and checked one after another (problems at the same place keep this order),
 * then assembled with the root settings' defaults.
 */
function normalize(raw, destination, add) {
    if (raw.require_destination && !destination)
        add([], 'You must specify a destination');
    const registry = normalizeRegistry(raw.registry, ['registry'], add);
    const image = appImage(raw, registry, add);
    const scope = sectionScope(raw, add);
    const envTags = normalizeEnvTags(raw.env, add);
    const roles = buildRoles(scope);
    const accessories = buildAccessories(roles, scope);
    (0,proxy/* checkProxiesAcross */.k3)(roles, accessories, scope.proxyLayers, add);
    checkBuilder(raw, isLocalRegistry(registry), add);
    checkHooksOutput(raw.hooks_output, add);
    checkAliases(raw.aliases, add);
    const ssh = normalizeSsh(raw.ssh, add);
    const warnings = [builderWarning(raw, image), localRegistryWarning(registry), keyDataWarning(raw.ssh)];
    return {
        service: raw.service,
        image,
        destination,
        registry,
        roles,
        primaryRole: scope.primaryRole,
        accessories,
        envTags,
        volumes: raw.volumes ?? [],
        ssh,
        boot: { limit: raw.boot?.limit, wait: raw.boot?.wait ?? 0 },
        retainContainers: raw.retain_containers ?? 5,
        readinessDelay: raw.readiness_delay ?? 7,
        deployTimeout: raw.deploy_timeout ?? 30,
        drainTimeout: raw.drain_timeout ?? 30,
        stopTimeout: raw.stop_timeout,
        maxConcurrentStarts: raw.sshkit?.max_concurrent_starts ?? 30,
        secretsPath: raw.secrets_path ?? '.kamal/secrets',
        ignoredKeys: (0,config_warnings/* ignoredKeys */.l6)(raw),
        warnings: warnings.filter((w) => w !== undefined),
        files: []
    };
}
/** The root values every role and accessory builder starts from. */
function sectionScope(root, add) {
    return {
        root,
        rootEnv: normalizeEnv(root.env, ['env'], add, true),
        rootLogging: normalizeLogging(root.logging),
        primaryRole: root.primary_role ?? 'web',
        add,
        proxyLayers: new Map()
    };
}
/** Root `x-` keys are YAML-anchor holders and are ignored, as Kamal does. */
function stripExtensions(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return value;
    return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('x-')));
}
/** Kamal's destination merge: hashes merge recursively; arrays and scalars are replaced. */
function deepMerge(base, over) {
    if ((0,values/* isHash */.jN)(base) && (0,values/* isHash */.jN)(over)) {
        const out = { ...base };
        for (const [k, v] of Object.entries(over))
            out[k] = k in out ? deepMerge(out[k], v) : v;
        return out;
    }
    return over === undefined ? base : over;
}


/***/ }),

/***/ 1574:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gw: () => (/* binding */ normalizeProxy),
/* harmony export */   X_: () => (/* binding */ PROXY_MINIMUM_VERSION),
/* harmony export */   fb: () => (/* binding */ roleProxyLayers),
/* harmony export */   k3: () => (/* binding */ checkProxiesAcross)
/* harmony export */ });
/* unused harmony exports DEFAULT_LOG_REQUEST_HEADERS, PROXY_REPOSITORY */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _util_values_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7656);
// kamal-proxy settings (Kamal: lib/kamal/configuration/proxy.rb): root `proxy`, a role's (true/false, or a hash merged
// over the root's) and an accessory's, with Kamal's defaults and checks, each problem located at the key causing it.


const DEFAULT_LOG_REQUEST_HEADERS = ['Cache-Control', 'Last-Modified', 'User-Agent'];
const PROXY_MINIMUM_VERSION = 'v0.9.2';
const PROXY_REPOSITORY = 'basecamp/kamal-proxy';
function locate(layers, key) {
    for (const l of [...layers].reverse())
        if (key in l.raw)
            return [...l.path, key];
    const last = layers[layers.length - 1];
    return last ? last.path : ['proxy'];
}
/** Kamal's deep merge of proxy hashes: nested hashes merge, everything else is replaced. */
function mergeProxy(layers) {
    const merge = (a, b) => {
        const out = { ...a };
        for (const [k, v] of Object.entries(b)) {
            const prev = out[k];
            out[k] = (0,_util_values_js__WEBPACK_IMPORTED_MODULE_1__/* .isHash */ .jN)(prev) && (0,_util_values_js__WEBPACK_IMPORTED_MODULE_1__/* .isHash */ .jN)(v) ? merge(prev, v) : v;
        }
        return out;
    };
    return layers.reduce((acc, l) => merge(acc, l.raw), {});
}
const splitList = (v) => (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
/** Normalizes the merged layers (root first, most specific last) and checks them. */
function normalizeProxy(layers, add) {
    const raw = mergeProxy(layers);
    if (raw.host !== undefined && raw.hosts !== undefined)
        add(locate(layers, 'hosts'), "Specify one of 'host' or 'hosts', not both", true);
    const hosts = raw.hosts ?? splitList(raw.host);
    const { ssl, customCertificate } = normalizeSsl(raw.ssl, layers, add);
    if (ssl && hosts.length === 0)
        add(locate(layers, 'ssl'), 'Must set a host to enable automatic SSL', true);
    return {
        hosts,
        appPort: raw.app_port ?? 80,
        ssl,
        customCertificate,
        sslRedirect: raw.ssl_redirect,
        forwardHeaders: raw.forward_headers,
        responseTimeout: raw.response_timeout,
        pathPrefixes: raw.path_prefixes ?? splitList(raw.path_prefix),
        stripPathPrefix: raw.strip_path_prefix,
        healthcheck: {
            path: raw.healthcheck?.path,
            interval: raw.healthcheck?.interval,
            timeout: raw.healthcheck?.timeout
        },
        buffering: {
            requests: raw.buffering?.requests ?? true,
            responses: raw.buffering?.responses ?? true,
            memory: raw.buffering?.memory,
            maxRequestBody: raw.buffering?.max_request_body,
            maxResponseBody: raw.buffering?.max_response_body
        },
        logging: {
            requestHeaders: raw.logging?.request_headers ?? DEFAULT_LOG_REQUEST_HEADERS,
            responseHeaders: raw.logging?.response_headers ?? []
        },
        run: raw.run ? normalizeRun(raw.run, locate(layers, 'run'), add) : undefined
    };
}
/** `ssl: true`, or a hash naming the secrets of a custom certificate and its key (both or neither). */
function normalizeSsl(raw, layers, add) {
    if (!(0,_util_values_js__WEBPACK_IMPORTED_MODULE_1__/* .isHash */ .jN)(raw))
        return { ssl: raw === true, customCertificate: undefined };
    const { certificate_pem: cert, private_key_pem: key } = raw;
    if (cert !== undefined && key === undefined)
        add(locate(layers, 'ssl'), 'Missing private_key_pem setting (required when certificate_pem is present)', true);
    if (key !== undefined && cert === undefined)
        add(locate(layers, 'ssl'), 'Missing certificate_pem setting (required when private_key_pem is present)', true);
    const customCertificate = cert !== undefined && key !== undefined ? { certificatePem: cert, privateKeyPem: key } : undefined;
    return { ssl: true, customCertificate };
}
function normalizeRun(raw, path, add) {
    const publish = raw.publish ?? true;
    if (!publish && (raw.http_port !== undefined || raw.https_port !== undefined || raw.bind_ips !== undefined))
        add([...path, 'publish'], 'Cannot set http_port, https_port or bind_ips when publish is false', true);
    (raw.bind_ips ?? []).forEach((ip, i) => {
        if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(ip) === 0)
            add([...path, 'bind_ips', i], `Invalid publish IP address: ${ip}`);
    });
    const options = {};
    for (const [k, v] of Object.entries(raw.options ?? {}))
        options[k] = v === 'true' ? null : v;
    return {
        httpPort: raw.http_port ?? 80,
        httpsPort: raw.https_port ?? 443,
        bindIps: raw.bind_ips ?? [],
        publish,
        logMaxSize: raw.log_max_size ?? '10m',
        metricsPort: raw.metrics_port,
        debug: raw.debug ?? false,
        registry: raw.registry,
        repository: raw.repository ?? PROXY_REPOSITORY,
        version: raw.version ?? PROXY_MINIMUM_VERSION,
        options
    };
}
/** The role's proxy layers: none when the role does not run the proxy. */
function roleProxyLayers(name, rawRoleProxy, rootProxy, primaryRole, rolePath) {
    const running = rawRoleProxy === undefined ? name === primaryRole : rawRoleProxy !== false;
    if (!running)
        return undefined;
    const layers = [{ raw: rootProxy ?? {}, path: ['proxy'] }];
    if ((0,_util_values_js__WEBPACK_IMPORTED_MODULE_1__/* .isHash */ .jN)(rawRoleProxy))
        layers.push({ raw: rawRoleProxy, path: [...rolePath, 'proxy'] });
    return layers;
}
/**
 * Configuration-level checks across roles: automatic SSL on one server only, no host name shared
 * by two roles with SSL, and one `run` per host.
 */
function checkProxyRoles(roles, layersByRole, add) {
    const sslHosts = new Map();
    for (const role of roles) {
        const proxy = role.proxyConfig;
        const layers = layersByRole.get(role.name);
        if (!proxy || !layers)
            continue;
        if (proxy.ssl && !proxy.customCertificate && role.hosts.length > 1)
            add(locate(layers, 'ssl'), `SSL is only supported on a single server unless you provide custom certificates, found ${role.hosts.length} servers for role ${role.name}`, true);
        if (proxy.ssl) {
            for (const h of proxy.hosts) {
                const other = sslHosts.get(h);
                if (other !== undefined && other !== role.name)
                    add(locate(layers, proxyHostKey(layers)), `Different roles can't share the same host for SSL: ${h}`, true);
                else
                    sslHosts.set(h, role.name);
            }
        }
    }
}
function proxyHostKey(layers) {
    return layers.some((l) => 'hosts' in l.raw) ? 'hosts' : 'host';
}
/** All roles and accessories on one host must start the proxy the same way. */
function checkProxyRunPerHost(users, add) {
    const byHost = new Map();
    const reported = new Set();
    for (const u of users) {
        const key = JSON.stringify(u.proxy.run ?? null);
        for (const h of u.hosts) {
            const seen = byHost.get(h);
            if (seen === undefined)
                byHost.set(h, key);
            else if (seen !== key && !reported.has(h)) {
                reported.add(h);
                add(u.path, `Conflicting proxy run configurations for host ${h}`, true);
            }
        }
    }
}
/** The checks across every user of kamal-proxy: SSL per role, then one `run` per host (roles, then accessories). */
function checkProxiesAcross(roles, accessories, layersByRole, add) {
    checkProxyRoles(roles, layersByRole, add);
    checkProxyRunPerHost([
        ...roles.flatMap((r) => r.proxyConfig
            ? [
                {
                    hosts: r.hosts.map((h) => h.address),
                    proxy: r.proxyConfig,
                    path: [...(layersByRole.get(r.name)?.at(-1)?.path ?? ['proxy'])]
                }
            ]
            : []),
        ...accessories.flatMap((a) => a.proxy ? [{ hosts: a.hosts, proxy: a.proxy, path: ['accessories', a.name, 'proxy'] }] : [])
    ], add);
}


/***/ }),

/***/ 4601:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O$: () => (/* binding */ configWarnings),
/* harmony export */   l6: () => (/* binding */ ignoredKeys)
/* harmony export */ });
/* unused harmony export NOT_ACTED_ON_NOTES */
/** Keys we validate but do not act on (yet); each is reported once as a warning. */
const NOT_ACTED_ON = [
    'aliases',
    'asset_path',
    'servers.*.asset_path',
    'accessories.*.proxy',
    'error_pages_path',
    'hooks_path',
    'hooks_output',
    'minimum_version',
    'run_directory',
    'output',
    'ssh.proxy',
    'ssh.proxy_command',
    'ssh.keys',
    'ssh.keys_only',
    'ssh.key_data',
    'ssh.config',
    'ssh.log_level',
    'ssh.forward_agent',
    'sshkit.pool_idle_timeout',
    'sshkit.dns_retries',
    'boot.parallel_roles'
];
/** Why a key is not acted on, where there is more to say than "not yet". */
const NOT_ACTED_ON_NOTES = {
    hooks_path: 'hooks are not run',
    hooks_output: 'hooks are not run',
    aliases: 'aliases are for the kamal CLI',
    run_directory: 'Kamal 2 ignores it too: the run directory is always .kamal',
    'ssh.proxy': 'jump hosts are not supported: the hosts must be reachable directly',
    'ssh.proxy_command': 'jump hosts are not supported: the hosts must be reachable directly',
    'ssh.keys': 'give the key with the ssh-private-key input',
    'ssh.keys_only': 'the ssh-private-key input is used alone when given; the ssh-agent only without it',
    'ssh.key_data': 'give the key with the ssh-private-key input',
    'ssh.config': '~/.ssh/config is not read',
    minimum_version: 'it names a Kamal version, not a version of this action'
};
/** Every warning about a loaded config, each once: keys not acted on, then the other notes. */
function configWarnings(config) {
    return [
        ...config.ignoredKeys.map((k) => `${k}: read and validated, but not acted on by this version of the action${NOT_ACTED_ON_NOTES[k] ? ` (${NOT_ACTED_ON_NOTES[k]})` : ''}`),
        ...config.warnings
    ];
}
/** The keys of NOT_ACTED_ON that the config sets, in that list's order. */
function ignoredKeys(raw) {
    return NOT_ACTED_ON.filter((k) => hasKey(raw, k));
}
/** Whether the dotted key is set; `*` matches any key at its level. */
function hasKey(node, dotted) {
    const [part, ...rest] = dotted.split('.');
    if (typeof node !== 'object' || node === null || part === undefined)
        return false;
    const values = part === '*' ? Object.values(node) : part in node ? [node[part]] : [];
    return values.some((v) => (rest.length === 0 ? v !== undefined : hasKey(v, rest.join('.'))));
}


/***/ }),

/***/ 8029:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  D: () => (/* binding */ selectTargets),
  d: () => (/* binding */ throwIfCancelled)
});

;// CONCATENATED MODULE: ./src/util/glob.ts
// fnmatch-style wildcards, as Kamal's `-h`/`-r` and OpenSSH's host patterns use them.
/**
 * `*` (any run of characters) and `?` (one character); everything else literal. `ignoreCase` for
 * host names (OpenSSH compares them case-insensitively); Kamal's role and host filters are exact.
 */
function globToRegExp(pattern, opts = {}) {
    const body = pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.');
    return new RegExp(`^${body}$`, opts.ignoreCase ? 'i' : '');
}
function globMatch(pattern, value, opts = {}) {
    return globToRegExp(pattern, opts).test(value);
}

// EXTERNAL MODULE: ./src/flows/errors.ts
var errors = __webpack_require__(5438);
;// CONCATENATED MODULE: ./src/flows/context.ts


function throwIfCancelled(signal) {
    if (signal.aborted)
        throw new errors/* CancelledError */.cc();
}
/** fnmatch-style `*` and `?` wildcards, as Kamal's `-h`/`-r` (case matters). */
function matches(patterns, value) {
    return patterns.some((p) => globMatch(p, value));
}
/** Narrows the config to `hosts`/`roles` filters (empty = everything). */
function selectTargets(config, hostFilter, roleFilter) {
    let roles = config.roles;
    if (roleFilter.length > 0) {
        roles = roles.filter((r) => matches(roleFilter, r.name));
        if (roles.length === 0)
            throw new errors/* TargetError */.I0(`No --roles match for ${roleFilter.join(',')}`);
    }
    const keepHost = (h) => hostFilter.length === 0 || matches(hostFilter, h);
    roles = roles
        .map((r) => ({ ...r, hosts: r.hosts.filter((h) => keepHost(h.address)) }))
        .filter((r) => r.hosts.length > 0);
    const accessories = roleFilter.length > 0
        ? []
        : config.accessories.map((a) => ({ ...a, hosts: a.hosts.filter(keepHost) })).filter((a) => a.hosts.length > 0);
    const appHosts = unique(roles.flatMap((r) => r.hosts.map((h) => h.address)));
    const hosts = unique([...appHosts, ...accessories.flatMap((a) => a.hosts)]);
    const first = hosts[0];
    if (first === undefined)
        throw new errors/* TargetError */.I0(hostFilter.length > 0 ? `No --hosts match for ${hostFilter.join(',')}` : 'No hosts to work on');
    // The primary host is the first host of the primary role (it moves when filters exclude it).
    const primary = roles.find((r) => r.name === config.primaryRole) ?? roles[0];
    return { roles, accessories, hosts, appHosts, primaryHost: primary?.hosts[0]?.address ?? first };
}
function unique(items) {
    return [...new Set(items)];
}


/***/ }),

/***/ 5438:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $u: () => (/* binding */ DockerMissingError),
/* harmony export */   C$: () => (/* binding */ BootFailedError),
/* harmony export */   I0: () => (/* binding */ TargetError),
/* harmony export */   Ku: () => (/* binding */ LockError),
/* harmony export */   Rk: () => (/* binding */ LockHeldError),
/* harmony export */   at: () => (/* binding */ RemoteCommandError),
/* harmony export */   cc: () => (/* binding */ CancelledError),
/* harmony export */   gy: () => (/* binding */ HostsError),
/* harmony export */   w$: () => (/* binding */ lastLines)
/* harmony export */ });
/* harmony import */ var _commands_protocol_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1652);
/* harmony import */ var _util_values_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7656);
// The errors the flows raise, each with its own name and what a person needs to act on it.


/** The last `n` lines of a command's output, without the report lines our scripts print. */
function lastLines(text, n) {
    return (0,_commands_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .withoutReport */ .hO)(text.trim()).split('\n').filter(Boolean).slice(-n).join('\n');
}
/** A remote command that exited non-zero; `label` is what the log and summary show. */
class RemoteCommandError extends Error {
    host;
    label;
    result;
    constructor(host, label, result) {
        const out = lastLines(`${result.stdout}\n${result.stderr}`, 5);
        super(`host ${host}: ${label} failed (${result.code === null ? `signal ${result.signal ?? 'unknown'}` : `exit ${result.code}`})${out ? `: ${out}` : ''}`);
        this.host = host;
        this.label = label;
        this.result = result;
        this.name = 'RemoteCommandError';
    }
}
/** One role's boot on one host failed: `boot` is what the summary shows for it. */
class BootFailedError extends Error {
    boot;
    constructor(boot, options) {
        super(options?.cause === undefined
            ? (boot.error ?? `boot of ${boot.role} on ${boot.host} failed`)
            : (0,_util_values_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(options.cause), options);
        this.boot = boot;
        this.name = 'BootFailedError';
    }
}
/** Work on several hosts failed on some of them; every failure is kept (Kamal's "fail slow"). */
class HostsError extends Error {
    failures;
    constructor(failures) {
        super(failures.length === 1
            ? (0,_util_values_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(failures[0]?.error)
            : `Failures on ${failures.length} hosts:\n${failures.map((f) => `- ${(0,_util_values_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(f.error)}`).join('\n')}`);
        this.failures = failures;
        this.name = 'HostsError';
    }
}
/** Someone else holds the deploy lock; `details` are theirs, decoded. */
class LockHeldError extends Error {
    host;
    details;
    constructor(host, details) {
        super(`Deploy lock already in place on ${host}!\n${details.trim()}\nDeploy lock found. Run the action with command: lock-release (or \`kamal lock release\`) once you are sure nobody is deploying.`);
        this.host = host;
        this.details = details;
        this.name = 'LockHeldError';
    }
}
/** The deploy lock could not be taken or released for another reason than someone holding it. */
class LockError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'LockError';
    }
}
class CancelledError extends Error {
    constructor() {
        super('the run was cancelled');
        this.name = 'CancelledError';
    }
}
/** The `hosts`/`roles` filters leave nothing, or name nothing that exists. */
class TargetError extends Error {
    constructor(message) {
        super(message);
        this.name = 'TargetError';
    }
}
class DockerMissingError extends Error {
    constructor(message) {
        super(message);
        this.name = 'DockerMissingError';
    }
}


/***/ }),

/***/ 9990:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HJ: () => (/* binding */ takeLock),
/* harmony export */   LD: () => (/* binding */ releaseOwnLock),
/* harmony export */   TD: () => (/* binding */ forceRelease),
/* harmony export */   bq: () => (/* binding */ reportedRelease),
/* harmony export */   mF: () => (/* binding */ readLock),
/* harmony export */   s: () => (/* binding */ noteRelease),
/* harmony export */   wN: () => (/* binding */ lockDetails)
/* harmony export */ });
/* unused harmony export lockedByText */
/* harmony import */ var _commands_lock_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7587);
/* harmony import */ var _commands_protocol_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1652);
/* harmony import */ var _commands_script_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8827);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5438);
// Taking, inspecting and releasing the Kamal-compatible deploy lock on the primary host.




function lockedByText(identity) {
    return `${identity.name} [${identity.token}]`;
}
function lockDetails(identity, version, message = _commands_lock_js__WEBPACK_IMPORTED_MODULE_0__/* .AUTOMATIC_LOCK_MESSAGE */ .qn) {
    return { lockedBy: lockedByText(identity), at: new Date(), version, message };
}
/** Takes the lock in one round trip; when someone holds it, fails with the holder's details. */
async function takeLock(host, config, identity, version, message = _commands_lock_js__WEBPACK_IMPORTED_MODULE_0__/* .AUTOMATIC_LOCK_MESSAGE */ .qn) {
    const result = await host.exec((0,_commands_script_js__WEBPACK_IMPORTED_MODULE_2__/* .single */ .J0)((0,_commands_lock_js__WEBPACK_IMPORTED_MODULE_0__/* .acquireOrShowHolder */ .pI)(config, lockDetails(identity, version, message))), 'take the deploy lock');
    if (result.code === _commands_protocol_js__WEBPACK_IMPORTED_MODULE_1__/* .EXIT */ .dc.lockHeld)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .LockHeldError */ .Rk(host.host, result.stdout);
    if (result.code !== 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .LockError */ .Ku(`host ${host.host}: could not take the deploy lock: ${result.stderr.trim() || `exit ${result.code}`}`);
}
const OUTCOMES = ['released', 'not ours', 'absent'];
/** The lock outcome a script reported (undefined when it reported none). */
function reportedRelease(stdout) {
    const outcome = (0,_commands_protocol_js__WEBPACK_IMPORTED_MODULE_1__/* .parseReport */ .MM)(stdout).lock;
    return outcome !== undefined && OUTCOMES.includes(outcome) ? outcome : undefined;
}
/** Releases the lock only when its details carry our token (never someone else's lock). */
async function releaseOwnLock(host, config, identity) {
    const result = await host.exec((0,_commands_script_js__WEBPACK_IMPORTED_MODULE_2__/* .single */ .J0)((0,_commands_lock_js__WEBPACK_IMPORTED_MODULE_0__/* .releaseIfOwner */ .AH)(config, identity.token), { lock: 'released' }), 'release the deploy lock');
    const outcome = reportedRelease(result.stdout);
    if (result.code !== 0 || !outcome)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .LockError */ .Ku(`host ${host.host}: releasing the deploy lock failed: ${result.stderr.trim() || `exit ${result.code}`}`);
    return outcome;
}
/** Records that this run's lock is settled on `host` and says how: released, or found gone or foreign. */
function noteRelease(ctx, host, outcome) {
    ctx.report.lock.released = true;
    if (outcome === 'released')
        ctx.reporter.info(`Released the deploy lock on ${host}`);
    else
        ctx.reporter.warning(`The deploy lock on ${host} was ${outcome === 'absent' ? 'already gone' : "someone else's"} when we went to release it`);
}
/** Releases whatever lock is there (the manual `lock-release`); true when there was one. */
async function forceRelease(host, config) {
    const result = await host.exec((0,_commands_lock_js__WEBPACK_IMPORTED_MODULE_0__/* .forceRelease */ .TD)(config), 'release the deploy lock');
    if (result.code !== 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .LockError */ .Ku(`host ${host.host}: releasing the deploy lock failed: ${result.stderr.trim()}`);
    return reportedRelease(result.stdout) === 'released';
}
/** The decoded details of the current lock, or undefined when there is none. */
async function readLock(host, config) {
    const result = await host.exec((0,_commands_lock_js__WEBPACK_IMPORTED_MODULE_0__/* .readLock */ .mF)(config), 'read the deploy lock');
    const text = result.stdout.trim();
    return text ? text : undefined;
}


/***/ }),

/***/ 6871:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ sshHostPool),
/* harmony export */   Q: () => (/* binding */ runRemote)
/* harmony export */ });
/* harmony import */ var _commands_protocol_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1652);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5438);
// How the flows send a command to a host: a `RemoteCommand` over a `HostConnection`, which is an
// ssh2 connection in a real run (this adapter) and a recorder in a plan (plan.ts).


/** Sends `cmd` and throws a RemoteCommandError unless it exits 0. */
async function runRemote(conn, cmd, label) {
    const result = await conn.exec(cmd, label);
    if (result.code !== 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RemoteCommandError */ .at(conn.host, label, result);
    return { ...result, report: (0,_commands_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .parseReport */ .MM)(result.stdout) };
}
/** The run's ssh2 connections as the flows see them. */
function sshHostPool(pool) {
    const hosts = new Map();
    return {
        limit: pool.limit,
        get(host) {
            let conn = hosts.get(host);
            if (!conn) {
                const ssh = pool.get(host);
                conn = { host, exec: (cmd) => ssh.exec(cmd.command, { stdin: cmd.stdin }) };
                hosts.set(host, conn);
            }
            return conn;
        }
    };
}


/***/ }),

/***/ 3808:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hj: () => (/* binding */ verifyHostKey),
/* harmony export */   Kp: () => (/* binding */ keysForHost),
/* harmony export */   Qb: () => (/* binding */ hostKeyAlgorithms),
/* harmony export */   uJ: () => (/* binding */ parseKnownHosts)
/* harmony export */ });
/* unused harmony exports hostKeyName, fingerprint */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
// OpenSSH known_hosts: plain, `[host]:port`, wildcard and hashed (`|1|salt|hash`) entries,
// `@revoked` markers. ssh2 accepts every host key unless told otherwise; this is what we tell it.

function parseKnownHosts(text) {
    const entries = [];
    for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
        const line = raw.trim();
        if (!line || line.startsWith('#'))
            continue;
        const fields = line.split(/\s+/);
        let revoked = false;
        if (fields[0]?.startsWith('@')) {
            const marker = fields.shift();
            if (marker === '@cert-authority')
                continue; // ssh2 has no certificate support
            revoked = marker === '@revoked';
        }
        const [hosts, type, key] = fields;
        if (!hosts || !type || !key)
            continue;
        entries.push({ patterns: hosts.split(','), type, blob: Buffer.from(key, 'base64'), revoked });
    }
    return entries;
}
/** The name a host is looked up by: `host` on port 22, `[host]:port` otherwise. */
function hostKeyName(host, port) {
    return port === 22 ? host : `[${host}]:${port}`;
}
function globMatch(pattern, value) {
    const re = new RegExp('^' +
        pattern
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.') +
        '$', 'i');
    return re.test(value);
}
function patternMatches(pattern, name) {
    if (pattern.startsWith('|1|')) {
        const [, , salt, hash] = pattern.split('|');
        if (!salt || !hash)
            return false;
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
    }
    return globMatch(pattern, name);
}
function entryMatches(entry, name) {
    let matched = false;
    for (const p of entry.patterns) {
        if (p.startsWith('!')) {
            if (patternMatches(p.slice(1), name))
                return false;
        }
        else if (patternMatches(p, name))
            matched = true;
    }
    return matched;
}
function keysForHost(entries, host, port) {
    const name = hostKeyName(host, port);
    return entries.filter((e) => entryMatches(e, name)).map(({ type, blob, revoked }) => ({ type, blob, revoked }));
}
/** OpenSSH's fingerprint: `SHA256:` + unpadded base64 of the blob's SHA-256. */
function fingerprint(blob) {
    return 'SHA256:' + (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(blob).digest('base64').replace(/=+$/, '');
}
/** Host-key algorithms to offer, limited to the types we hold keys for (so negotiation cannot pick another). */
function hostKeyAlgorithms(keys) {
    const out = [];
    for (const { type } of keys.filter((k) => !k.revoked)) {
        const algos = type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type];
        for (const a of algos)
            if (!out.includes(a))
                out.push(a);
    }
    return out;
}
function verifyHostKey(keys, presented, host, port) {
    const fp = fingerprint(presented);
    if (keys.some((k) => k.revoked && k.blob.equals(presented)))
        return { ok: false, reason: `host key ${fp} is marked @revoked in known-hosts` };
    if (keys.some((k) => !k.revoked && k.blob.equals(presented)))
        return { ok: true };
    const name = hostKeyName(host, port);
    if (keys.filter((k) => !k.revoked).length === 0)
        return {
            ok: false,
            reason: `host key ${fp} is not in known-hosts (no entry for ${name}); add the output of \`ssh-keyscan ${port === 22 ? '' : `-p ${port} `}${host}\` to the known-hosts input after checking it`
        };
    return {
        ok: false,
        reason: `HOST KEY MISMATCH: the server presented ${fp}, which is not the key known-hosts has for ${name} (${keys.map((k) => fingerprint(k.blob)).join(', ')}); someone may be intercepting the connection, or the host was rebuilt`
    };
}


/***/ }),

/***/ 7171:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   VX: () => (/* binding */ SshPool),
/* harmony export */   ko: () => (/* binding */ eachLimited)
/* harmony export */ });
/* unused harmony exports SshError, SshHost */
/* harmony import */ var ssh2__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5472);
/* harmony import */ var ssh2__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(ssh2__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _known_hosts_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3808);
// One ssh2 connection per host, reused for the whole run. Host keys are verified against
// known_hosts; every command's exit code, stdout and stderr are captured; stdin carries anything
// secret (env files, registry passwords) so it never appears on a remote command line.


class SshError extends Error {
    host;
    constructor(host, message) {
        super(`host ${host}: ${message}`);
        this.host = host;
        this.name = 'SshError';
    }
}
/** OpenSSH allows 10 sessions per connection (MaxSessions); stay below it. */
const MAX_CHANNELS = 8;
class SshHost {
    host;
    creds;
    /** Every exec this run sent to the host (the round-trip count the benchmark reports). */
    execCount = 0;
    /** When the TCP connection was started, in ms since the process started (for start-up timing). */
    connectStartedAt;
    client;
    connecting;
    active = 0;
    waiting = [];
    closed = false;
    constructor(host, creds) {
        this.host = host;
        this.creds = creds;
    }
    connect() {
        this.connecting ??= this.open();
        return this.connecting;
    }
    open() {
        this.connectStartedAt = performance.now();
        const keys = (0,_known_hosts_js__WEBPACK_IMPORTED_MODULE_1__/* .keysForHost */ .Kp)(this.creds.knownHosts, this.host, this.creds.port);
        let rejection;
        const algorithms = (0,_known_hosts_js__WEBPACK_IMPORTED_MODULE_1__/* .hostKeyAlgorithms */ .Qb)(keys);
        const config = {
            host: this.host,
            port: this.creds.port,
            username: this.creds.user,
            readyTimeout: this.creds.connectTimeoutMs,
            keepaliveInterval: 30_000,
            keepaliveCountMax: 3,
            hostVerifier: (key) => {
                const verdict = (0,_known_hosts_js__WEBPACK_IMPORTED_MODULE_1__/* .verifyHostKey */ .Hj)(keys, key, this.host, this.creds.port);
                if (!verdict.ok)
                    rejection = verdict.reason;
                return verdict.ok;
            },
            // Offer only the key types we can verify, so the server cannot pick an unpinned one.
            ...(algorithms.length > 0
                ? { algorithms: { serverHostKey: algorithms } }
                : {}),
            ...(this.creds.privateKey ? { privateKey: this.creds.privateKey } : { agent: this.creds.agent })
        };
        return new Promise((resolve, reject) => {
            const client = new ssh2__WEBPACK_IMPORTED_MODULE_0__.Client();
            let ready = false;
            client.on('ready', () => {
                ready = true;
                this.client = client;
                resolve();
            });
            client.on('error', (err) => {
                if (ready)
                    return; // later errors surface through the channel that was open
                reject(new SshError(this.host, rejection ?? describeConnectError(err, this.creds)));
            });
            client.on('close', () => {
                this.client = undefined;
                if (!ready)
                    reject(new SshError(this.host, rejection ?? 'connection closed during handshake'));
            });
            client.connect(config);
            // Without TCP_NODELAY, Nagle's algorithm holds each small SSH packet (channel open, exec
            // request, stdin) until the previous one is acknowledged: ~90 ms per exec on a delayed-ACK
            // peer, paid on every round trip. The socket exists once connect() returns.
            client.setNoDelay(true);
        });
    }
    async acquireChannel() {
        if (this.active < MAX_CHANNELS) {
            this.active++;
            return;
        }
        await new Promise((resolve) => this.waiting.push(resolve));
    }
    releaseChannel() {
        const next = this.waiting.shift();
        if (next)
            next();
        else
            this.active--;
    }
    /** Runs a command; resolves with its result whatever the exit code. */
    async exec(command, opts = {}) {
        await this.connect();
        await this.acquireChannel();
        try {
            const client = this.client;
            if (!client || this.closed)
                throw new SshError(this.host, 'connection is closed');
            this.execCount++;
            const channel = await new Promise((resolve, reject) => client.exec(command, (err, ch) => (err ? reject(new SshError(this.host, err.message)) : resolve(ch))));
            return await new Promise((resolve, reject) => {
                const out = [];
                const err = [];
                channel.on('data', (d) => {
                    out.push(d);
                });
                channel.stderr.on('data', (d) => {
                    err.push(d);
                });
                channel.on('error', (e) => reject(new SshError(this.host, e.message)));
                // 'exit' is optional in the protocol and may come before the last data: settle on 'close'.
                channel.on('close', (code, signal) => {
                    resolve({
                        code: typeof code === 'number' ? code : null,
                        signal,
                        stdout: Buffer.concat(out).toString('utf8'),
                        stderr: Buffer.concat(err).toString('utf8')
                    });
                });
                if (opts.stdin !== undefined)
                    channel.end(opts.stdin);
                else
                    channel.end();
            });
        }
        finally {
            this.releaseChannel();
        }
    }
    close() {
        this.closed = true;
        this.client?.end();
        this.client = undefined;
    }
}
function describeConnectError(err, creds) {
    switch (err.code) {
        case 'ECONNREFUSED':
            return `connection refused (port ${creds.port})`;
        case 'EHOSTUNREACH':
            return 'host unreachable';
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
            return 'host name not found';
        case 'ETIMEDOUT':
            return `timed out connecting to port ${creds.port}`;
    }
    if (err.level === 'client-authentication')
        return `authentication failed for user ${creds.user} (publickey); check ssh-private-key and the server's authorized_keys`;
    if (/Timed out while waiting for handshake/.test(err.message))
        return `timed out after ${creds.connectTimeoutMs / 1000}s waiting for the SSH handshake`;
    if (/Cannot parse privateKey/.test(err.message))
        return `cannot read ssh-private-key (${err.message}); give the whole key in OpenSSH or PEM format, header and footer lines included`;
    return err.message;
}
/** All the hosts of a run, connected lazily, at most `limit` at a time. */
class SshPool {
    creds;
    limit;
    hosts = new Map();
    constructor(creds, limit) {
        this.creds = creds;
        this.limit = limit;
    }
    get(host) {
        let h = this.hosts.get(host);
        if (!h) {
            h = new SshHost(host, this.creds);
            this.hosts.set(host, h);
        }
        return h;
    }
    execCounts() {
        return Object.fromEntries([...this.hosts].map(([name, h]) => [name, h.execCount]));
    }
    /** ms from process start to the first SSH connection attempt. */
    firstConnectMs() {
        const times = [...this.hosts.values()].map((h) => h.connectStartedAt).filter((t) => t !== undefined);
        return times.length > 0 ? Math.min(...times) : undefined;
    }
    closeAll() {
        for (const h of this.hosts.values())
            h.close();
    }
}
/**
 * Runs `fn` for every item, at most `limit` at once, and waits for all of them (fail slow: every
 * host gets to finish and every failure is reported), returning each outcome.
 */
async function eachLimited(items, limit, fn) {
    const results = [];
    const queue = items.entries();
    const worker = async () => {
        for (const [i, item] of queue) {
            try {
                results[i] = { status: 'fulfilled', value: await fn(item) };
            }
            catch (reason) {
                results[i] = { status: 'rejected', reason };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}


/***/ }),

/***/ 7656:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   jN: () => (/* binding */ isHash)
/* harmony export */ });
/* unused harmony export cut */
// Small helpers every layer may use (this folder imports nothing of src/).
/** A YAML/JSON mapping: an object that is neither null nor an array. */
function isHash(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** The message of anything thrown. */
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}
/** A value cut to `max` characters for an error message (a 100 KB value is not echoed whole). */
function cut(value, max = 200) {
    return value.length <= max ? value : `${value.slice(0, max)}… (${value.length} characters)`;
}


/***/ })

};
