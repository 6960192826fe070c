export const id = 571;
export const ids = [571];
export const modules = {

/***/ 2399:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Df: () => (/* binding */ withoutCommands),
/* harmony export */   IE: () => (/* binding */ makeOutput),
/* harmony export */   Jb: () => (/* binding */ annotateConfigError),
/* harmony export */   QU: () => (/* binding */ maskSecrets),
/* harmony export */   fd: () => (/* binding */ DeferredCore),
/* harmony export */   gC: () => (/* binding */ makeReporter)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _commands_shell_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4800);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3175);




/**
 * @actions/core, loaded only when `load()` is called: main loads it once the hosts work on the
 * first remote command (loading it takes ≈ 50 ms of CPU, which would otherwise hold up the SSH
 * handshakes). Calls made before are kept and replayed in their order once it is there — masks
 * before the lines they mask, group starts before their lines. `saveState` is written at once
 * (the post step must find the lock even if main is killed a moment later); `summary` is there
 * only once loaded (main loads it before it ends the run).
 */
class DeferredCore {
    importCore;
    env;
    real;
    loading;
    queue = [];
    constructor(importCore, env) {
        this.importCore = importCore;
        this.env = env;
    }
    /** Loads @actions/core (once) and replays the calls made so far. */
    load() {
        this.loading ??= this.importCore().then((core) => {
            this.real = core;
            for (const call of this.queue)
                call(core);
            this.queue = [];
        });
        return this.loading;
    }
    /** `load()` without waiting for it; a failed load surfaces where main awaits it. */
    loadSoon() {
        this.load().catch(() => undefined);
    }
    call(fn) {
        if (this.real)
            fn(this.real);
        else
            this.queue.push(fn);
    }
    info = (message) => this.call((c) => c.info(message));
    warning = (message, properties) => this.call((c) => c.warning(message, properties));
    error = (message, properties) => this.call((c) => c.error(message, properties));
    debug = (message) => this.call((c) => c.debug(message));
    setSecret = (secret) => this.call((c) => c.setSecret(secret));
    setOutput = (name, value) => this.call((c) => c.setOutput(name, value));
    setFailed = (message) => this.call((c) => c.setFailed(message));
    saveState = (name, value) => {
        const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
        if (!(0,_state_js__WEBPACK_IMPORTED_MODULE_3__/* .saveStateNow */ .P)(this.env, name, text))
            this.call((c) => c.saveState(name, value));
    };
    getState = (name) => this.env[`STATE_${name}`] ?? '';
    /** As @actions/core's group: the group's lines between its start and end. */
    group = async (name, fn) => {
        this.call((c) => c.startGroup(name));
        try {
            return await fn();
        }
        finally {
            this.call((c) => c.endGroup());
        }
    };
    get summary() {
        if (!this.real)
            throw new Error('@actions/core is not loaded yet (DeferredCore.load)');
        return this.real.summary;
    }
}
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
            const paused = withoutCommands(core);
            for (const line of text.split('\n'))
                core.info(`${host}: ${line}`);
            paused.resume();
        }
    };
}
/**
 * Stops the runner from reading workflow commands (`::add-mask::`, `::error::`...) in what is
 * printed next — output of hosts and hooks — until `resume()`; the token is random, so the
 * output cannot end the pause itself.
 */
function withoutCommands(core) {
    const token = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(16).toString('hex');
    core.info(`::stop-commands::${token}`);
    return { resume: () => core.info(`::${token}::`) };
}
/**
 * A runner command's output shown as it comes, line by line; workflow commands in it
 * (`::add-mask::`, `::error::`...) are not acted on, as for remote output.
 */
function makeOutput(core) {
    let paused;
    let partial = '';
    return {
        write(chunk) {
            paused ??= withoutCommands(core);
            const lines = (partial + chunk).split(/\r?\n/);
            partial = lines.pop() ?? '';
            for (const line of lines)
                core.info(line);
        },
        end() {
            if (!paused)
                return;
            if (partial)
                core.info(partial);
            partial = '';
            paused.resume();
        }
    };
}
/** Masks every secret and every form of it that could appear in output (escaped as in env files and --env). */
function maskSecrets(core, values) {
    for (const v of values) {
        if (v.length < 4)
            continue; // masking tiny strings would blank the logs; they are not printed anyway
        for (const form of new Set([v, (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_2__/* .envFileValue */ .n_)(v), (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_2__/* .kamalValue */ .mH)(v).slice(1, -1)]))
            core.setSecret(form);
    }
}
/** The runner shows at most 10 error annotations per step, and setFailed takes one of them. */
const MAX_ANNOTATIONS = 9;
/** Each problem of the config as an annotation on its file and line (the first nine). */
function annotateConfigError(core, error, workingDirectory, repoRoot) {
    for (const p of error.problems.slice(0, MAX_ANNOTATIONS)) {
        const file = p.location ? (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(repoRoot, (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workingDirectory, p.location.file)) : undefined;
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


/***/ }),

/***/ 6746:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bd: () => (/* binding */ ActionHooks),
/* harmony export */   ne: () => (/* binding */ spawnHook),
/* harmony export */   oe: () => (/* binding */ findHooks)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _config_hooks_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6206);
/* harmony import */ var _flows_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5438);
/* harmony import */ var _core_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2399);
// Kamal's hooks on the runner (lib/kamal/cli/base.rb `run_hook`): the executables of `hooks_path`,
// run with the working directory as cwd and the step's environment plus the KAMAL_* variables the
// flows give (flows/hooks.ts). Each run is a log group of its own as `hooks_output` says — Kamal's
// default shows its start and end, `verbose` its output too, `quiet` nothing — its output can never
// issue workflow commands, and its time goes into the job summary.






/**
 * The hooks among `names` that are there, by name → path relative to the working directory.
 * A file that is there but not executable is an error naming it (Kamal would fail on it too), and
 * so is a hook whose real path (symbolic links followed) leaves the working directory.
 */
function findHooks(workingDirectory, hooksPath, names) {
    const found = new Map();
    const root = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.realpathSync)(workingDirectory);
    for (const name of names) {
        const shown = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(hooksPath, name);
        const file = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(workingDirectory, shown);
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)(file, { throwIfNoEntry: false });
        if (!stat)
            continue;
        const real = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.realpathSync)(file);
        if ((0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(root, real).startsWith('..'))
            throw new Error(`Hook ${shown} leads outside the working directory (to ${real}): hooks must be files of the repository`);
        try {
            if (!stat.isFile())
                throw new Error('not a file');
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.accessSync)(file, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.X_OK);
        }
        catch {
            throw new _flows_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .HookNotExecutableError */ .bU(shown);
        }
        found.set(name, shown);
    }
    return found;
}
const KEPT_LINES = 1000;
/** Runs one hook executable; resolves whatever its exit (an executable that cannot start is exit null). */
function spawnHook(file, opts) {
    const started = performance.now();
    const lines = [];
    let dropped = 0;
    const add = (line) => {
        lines.push(line);
        if (lines.length > KEPT_LINES) {
            lines.shift();
            dropped++;
        }
        opts.onLine?.(line);
    };
    return new Promise((resolvePromise) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(file, [], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
        const kill = () => child.kill('SIGTERM');
        opts.signal?.addEventListener('abort', kill);
        for (const stream of [child.stdout, child.stderr]) {
            let partial = '';
            stream.setEncoding('utf8');
            stream.on('data', (chunk) => {
                const parts = (partial + chunk).split('\n');
                partial = parts.pop() ?? '';
                parts.forEach(add);
            });
            stream.on('end', () => {
                if (partial)
                    add(partial);
                partial = '';
            });
        }
        let settled = false;
        const end = (code, signal) => {
            if (settled)
                return;
            settled = true;
            opts.signal?.removeEventListener('abort', kill);
            resolvePromise({ code, signal, seconds: Math.round((performance.now() - started) / 100) / 10, lines, dropped });
        };
        child.on('error', (error) => {
            add(error.code === 'ENOEXEC'
                ? `cannot run ${file}: it has no #! line naming its interpreter`
                : `cannot run ${file}: ${error.message}`);
            end(null, null);
        });
        child.on('close', (code, signal) => end(code, signal));
    });
}
/** The hook runner of a real run. */
class ActionHooks {
    core;
    opts;
    constructor(core, opts) {
        this.core = core;
        this.opts = opts;
    }
    exists(name) {
        return this.opts.files.has(name);
    }
    async run(name, env) {
        const shown = this.opts.files.get(name);
        if (!shown)
            return;
        const level = (0,_config_hooks_js__WEBPACK_IMPORTED_MODULE_3__/* .hooksOutputFor */ .bH)(this.opts.config, name);
        const spawnIt = (onLine) => spawnHook((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(this.opts.workingDirectory, shown), {
            cwd: this.opts.workingDirectory,
            env: { ...this.opts.env, ...env },
            signal: this.opts.signal,
            onLine
        });
        const result = level === 'quiet'
            ? await spawnIt()
            : await this.inGroup(name, shown, () => (level === 'verbose' ? this.streamed(spawnIt) : spawnIt()));
        this.finish(name, result);
    }
    /** A hook that already ran (pre-connect, before this runner existed): shown and judged now. */
    async replay(name, result) {
        const shown = this.opts.files.get(name) ?? name;
        const level = (0,_config_hooks_js__WEBPACK_IMPORTED_MODULE_3__/* .hooksOutputFor */ .bH)(this.opts.config, name);
        if (level !== 'quiet')
            await this.inGroup(name, shown, () => {
                if (level === 'verbose')
                    this.print(result.lines, result.dropped);
                return Promise.resolve(result);
            });
        this.finish(name, result);
    }
    /** Kamal's start and end lines around the hook, in a log group of its own. */
    inGroup(name, shown, fn) {
        return this.core.group(`Run the ${name} hook`, async () => {
            this.core.info(`Running ${shown} on the runner`);
            const r = await fn();
            this.core.info(`Finished in ${r.seconds.toFixed(1)} seconds with ${describeExit(r)}`);
            return r;
        });
    }
    /** The output as it comes, unable to issue workflow commands (the runner masks the secrets). */
    async streamed(spawnIt) {
        const token = (0,_core_js__WEBPACK_IMPORTED_MODULE_5__/* .withoutCommands */ .Df)(this.core);
        try {
            return await spawnIt((line) => this.core.info(line));
        }
        finally {
            token.resume();
        }
    }
    print(lines, dropped) {
        const token = (0,_core_js__WEBPACK_IMPORTED_MODULE_5__/* .withoutCommands */ .Df)(this.core);
        if (dropped > 0)
            this.core.info(`(${dropped} earlier lines not kept)`);
        for (const line of lines)
            this.core.info(line);
        token.resume();
    }
    /** Records the run for the summary; a non-zero exit fails the run with the last lines. */
    finish(name, r) {
        const ok = r.code === 0;
        this.opts.report.hooks.push({ name, ok, seconds: r.seconds, exit: ok ? undefined : describeExit(r) });
        if (!ok)
            throw new _flows_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .HookFailedError */ .jq(name, describeExit(r), r.lines
                .filter((l) => l.trim())
                .slice(-15)
                .join('\n'));
    }
}
function describeExit(r) {
    if (r.code === 0)
        return 'exit status 0 (successful)';
    return r.code !== null
        ? `exit status ${r.code}`
        : r.signal
            ? `signal ${r.signal}`
            : 'no exit status (it did not start)';
}


/***/ }),

/***/ 1334:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  WH: () => (/* binding */ DEPLOYING),
  V4: () => (/* binding */ getInput),
  Ko: () => (/* binding */ readInputs)
});

// UNUSED EXPORTS: COMMANDS, InputError, LINE_INPUT_DEFAULTS, MAX_SHARDS, applyLineInputs, defaultEnvironment, defaultVersion, inputKey, list, parseBoolean, parseSeconds, parseSshTimeout

// EXTERNAL MODULE: ./src/commands/naming.ts
var naming = __webpack_require__(9488);
// EXTERNAL MODULE: ./src/util/values.ts
var values = __webpack_require__(7656);
// EXTERNAL MODULE: ./src/action/kamal/grammar.ts
var grammar = __webpack_require__(8306);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/action/kamal/words.ts
var kamal_words = __webpack_require__(3057);
;// CONCATENATED MODULE: ./src/action/kamal/parse.ts
// A Kamal command line (without the leading `kamal`) read the way Kamal reads it: words split as
// Shellwords does (words.ts), the command's words first, then options in Thor's forms (`-n 5`,
// `-n5`, `--lines 5`, `--lines=5`, `--drain_timeout` = `--drain-timeout`, `--` ends options),
// parsed by Node's own `util.parseArgs` against the command's option table (grammar.ts). Aliases
// from the config expand first, as Kamal expands them before parsing (extra words are appended).



const MAX_ALIAS_DEPTH = 10;
function findSpec(words) {
    const first = words[0] ?? '';
    if (grammar/* NAMESPACES */.dK.includes(first)) {
        // Thor accepts `stale-containers` for `stale_containers`.
        const second = (words[1] ?? '').replace(/-/g, '_');
        const name = second ? `${first} ${second}` : first;
        const refused = grammar/* REFUSED */.ln[name] ?? grammar/* REFUSED */.ln[first];
        const spec = grammar/* COMMAND_SPECS */.fH.find((s) => s.words[0] === first && (s.words[1] ?? '') === second);
        return { spec, used: second ? 2 : 1, refused, name };
    }
    return {
        spec: grammar/* COMMAND_SPECS */.fH.find((s) => s.words.length === 1 && s.words[0] === first),
        used: 1,
        refused: grammar/* REFUSED */.ln[first],
        name: first
    };
}
/** `-d X`, `-dX`, `--destination X`, `--destination=X` (and the same for -c) before parsing: they choose the config whose aliases apply. */
function peekConfigOptions(words) {
    const out = {};
    for (let i = 0; i < words.length; i++) {
        const w = words[i];
        if (w === '--')
            break;
        for (const [key, short, long] of [
            ['destination', '-d', '--destination'],
            ['configFile', '-c', '--config-file']
        ]) {
            if (w === short || w === long || (key === 'configFile' && w === '--config_file'))
                out[key] = words[++i];
            else if (w.startsWith(`${long}=`) || (key === 'configFile' && w.startsWith('--config_file=')))
                out[key] = w.slice(w.indexOf('=') + 1);
            else if (w.startsWith(short) && !w.startsWith('--') && w.length > 2 && short === w.slice(0, 2))
                out[key] = w.slice(2);
        }
    }
    return out;
}
/**
 * Reads a `command` input: the action's own words (`deploy`, `lock-status`, `plan [LINE]` ...) or a
 * Kamal command line (`app logs -r web -n 200`), aliases expanded with `aliases(...)`.
 */
function parseCommandLine(line, aliases) {
    const words = (0,kamal_words/* splitWords */.yM)(line);
    if (words.length === 0)
        return { command: 'deploy', kamal: '', text: 'deploy', args: [], options: {}, inputs: {} };
    return resolve(words, aliases, 0, undefined);
}
function resolve(words, aliases, depth, alias) {
    const first = words[0];
    if (first.startsWith('-'))
        throw new kamal_words/* CommandLineError */.Ox(`The command comes first, then its options, as with kamal: \`app logs -d staging\`, not \`-d staging app logs\` (got \`${words.map(kamal_words/* showWord */.aY).join(' ')}\`)`);
    if (first === 'plan')
        return planLine(words, aliases);
    const own = grammar/* ACTION_WORDS */.dC[first];
    // The action's own words that are no Kamal command (`lock-status`, `exec` ...) take the global options.
    if (own && !grammar/* COMMAND_SPECS */.fH.some((s) => s.words.length === 1 && s.words[0] === first))
        return parseOptions(words, 1, { command: own, kamal: '', args: 'none', options: {} }, alias);
    const found = findSpec(words);
    if (found.spec)
        return parseOptions(words, found.used, found.spec, alias);
    if (found.refused)
        throw new kamal_words/* CommandLineError */.Ox(`\`kamal ${found.name}\` is not supported by this action: ${found.refused}`);
    const expansion = aliases?.(peekConfigOptions(words.slice(1)))[first];
    if (expansion !== undefined) {
        if (depth >= MAX_ALIAS_DEPTH)
            throw new kamal_words/* CommandLineError */.Ox(`Alias \`${first}\` expands into itself (alias of an alias, ${MAX_ALIAS_DEPTH} levels deep)`);
        const expanded = [...(0,kamal_words/* splitWords */.yM)(expansion), ...words.slice(1)];
        if (expanded.length === 0)
            throw new kamal_words/* CommandLineError */.Ox(`Alias \`${first}\` is empty`);
        return resolve(expanded, aliases, depth + 1, alias ?? first);
    }
    if (grammar/* NAMESPACES */.dK.includes(first) && found.used === 2)
        throw new kamal_words/* CommandLineError */.Ox(`Unknown command \`kamal ${found.name}\`. Supported \`${first}\` commands: ${grammar/* COMMAND_SPECS */.fH.filter((s) => s.words[0] === first)
            .map((s) => s.words[1])
            .join(', ')}`);
    if (grammar/* NAMESPACES */.dK.includes(first))
        throw new kamal_words/* CommandLineError */.Ox(`\`kamal ${first}\` needs a command: see \`help\``);
    throw new kamal_words/* CommandLineError */.Ox(`Unknown command \`${first}\`: not a Kamal command this action runs${aliases ? ', nor an alias of the config' : ''} (\`help\` lists what is supported)`);
}
/** `plan` alone plans a deploy (or the `plan-for` input); `plan LINE` plans that command line. */
function planLine(words, aliases) {
    const rest = words.slice(1);
    if (rest.length === 0 || rest[0]?.startsWith('-'))
        return parseOptions(words, 1, { command: 'plan', kamal: '', args: 'none', options: {} }, undefined);
    // Checked here, so that a mistake in it is reported as one of this line; the plan parses it again.
    const target = resolve(rest, aliases, 0, undefined);
    if (target.command === 'plan' || target.command === 'help')
        throw new kamal_words/* CommandLineError */.Ox(`\`plan ${target.text}\`: plan shows the commands of another command`);
    const text = rest.map(kamal_words/* showWord */.aY).join(' ');
    return { command: 'plan', kamal: '', text: `plan ${text}`, args: [], options: {}, inputs: { 'plan-for': text } };
}
const isSpec = (t) => Array.isArray(t.words);
/** Thor's `--drain_timeout` is `--drain-timeout`. */
function dasherize(word) {
    if (!word.startsWith('--'))
        return word;
    const eq = word.indexOf('=');
    return eq === -1 ? word.replace(/_/g, '-') : word.slice(0, eq).replace(/_/g, '-') + word.slice(eq);
}
function parseOptions(words, used, target, alias) {
    const kamal = isSpec(target) ? target.words.join(' ') : (target.kamal ?? '');
    const name = kamal || target.command;
    const table = { ...grammar/* GLOBAL_OPTIONS */.PA, ...target.options };
    const args = words.slice(used).map(dasherize);
    const shorts = new Map(Object.entries(table).flatMap(([long, o]) => (o.short ? [[o.short, long]] : [])));
    const { tokens } = (0,external_node_util_.parseArgs)({
        args,
        options: Object.fromEntries(Object.entries(table).map(([long, o]) => [long, { type: o.type, ...(o.short ? { short: o.short } : {}) }])),
        strict: false,
        allowPositionals: true,
        tokens: true
    });
    const passThrough = target.args === 'command';
    const positionals = [];
    const values = {};
    // An argument the command runs (app exec) is kept whole when any part of it is not an option of ours.
    const unknownArgs = new Set(tokens.flatMap((t) => (t.kind === 'option' && !(t.name in table) && !shorts.has(t.name) ? [t.index] : [])));
    const seen = new Set();
    for (const t of tokens) {
        if (t.kind === 'option-terminator')
            continue;
        if (t.kind === 'positional' || (passThrough && unknownArgs.has(t.index))) {
            if (seen.has(t.index))
                continue;
            seen.add(t.index);
            positionals.push(args[t.index]);
            continue;
        }
        const spec = table[t.name];
        if (!spec)
            throw new kamal_words/* CommandLineError */.Ox(`Unknown option '${t.rawName}' for \`${name}\`${suggestion(t.rawName, table)}`);
        if (spec.refused)
            throw new kamal_words/* CommandLineError */.Ox(`Option '${t.rawName}' of \`${name}\` is not supported by this action: ${spec.refused}`);
        if (spec.type === 'boolean') {
            if (t.value !== undefined)
                throw new kamal_words/* CommandLineError */.Ox(`Option '${t.rawName}' of \`${name}\` takes no value (got '${t.value}')`);
            values[t.name] = true;
        }
        else {
            if (t.value === undefined)
                throw new kamal_words/* CommandLineError */.Ox(`No value provided for option '${t.rawName}' of \`${name}\``);
            if (spec.integer && !/^\d+$/.test(t.value))
                throw new kamal_words/* CommandLineError */.Ox(`Expected a whole number for '${t.rawName}' of \`${name}\`; got "${t.value}"`);
            values[t.name] = t.value;
        }
    }
    const parsed = {
        command: values['help'] ? 'help' : target.command,
        kamal,
        text: [...words.slice(0, used), ...args].map(kamal_words/* showWord */.aY).join(' '),
        args: [],
        options: {},
        inputs: {},
        ...(alias ? { alias } : {}),
        ...(isSpec(target) ? { spec: target } : {})
    };
    for (const [long, value] of Object.entries(values)) {
        if (long === 'help')
            continue;
        const spec = table[long];
        if (spec.noEffect)
            continue;
        if (spec.input)
            parsed.inputs[spec.input] = value === true ? 'true' : String(value);
        else
            parsed.options[long] = value;
    }
    if (parsed.command === 'help')
        return parsed;
    takePositionals(parsed, target, positionals, name);
    return parsed;
}
function takePositionals(parsed, target, positionals, name) {
    const extra = (from) => {
        if (positionals.length > from)
            throw new kamal_words/* CommandLineError */.Ox(`\`${name}\` was called with unexpected arguments: ${positionals.slice(from).map(kamal_words/* showWord */.aY).join(' ')}`);
    };
    switch (target.args) {
        case 'none':
            return extra(0);
        case 'accessory':
            if (positionals.length === 0)
                throw new kamal_words/* CommandLineError */.Ox(`\`${name}\` needs the accessory's NAME (or all)`);
            parsed.args = [positionals[0]];
            return extra(1);
        case 'version':
        case 'optional-version':
            if (positionals.length === 0) {
                if (target.args === 'version')
                    throw new kamal_words/* CommandLineError */.Ox(`\`${name}\` needs a VERSION`);
                return;
            }
            parsed.inputs.version = positionals[0];
            return extra(1);
        case 'command':
            if (positionals.length === 0)
                throw new kamal_words/* CommandLineError */.Ox(`\`${name}\` needs a command to run`);
            // Kamal::Utils.join_commands: the words, stripped, joined by spaces (the remote shell splits them again).
            parsed.inputs.exec = positionals.map((p) => p.trim()).join(' ');
            return;
    }
}
function suggestion(raw, table) {
    const name = raw.replace(/^-+/, '');
    const close = Object.keys(table).filter((k) => !table[k]?.refused && (k.startsWith(name) || name.startsWith(k)));
    return close.length > 0 ? ` (did you mean ${close.map((k) => `--${k}`).join(' or ')}?)` : '';
}

;// CONCATENATED MODULE: ./src/action/inputs.ts
// Every workflow input, read in one place, only from INPUT_* (never from look-alike env vars such
// as SSH_HOST that could silently override an input). `command` may be a Kamal command line
// (kamal/parse.ts): its options that mirror inputs (`-d`, `-r`, `--version` ...) are applied as those
// inputs first, and one given both ways with different values is an error.




/** The action's original command words (each still a valid `command`). */
const COMMANDS = (/* unused pure expression or super */ null && (['setup', 'deploy', 'plan', 'lock-status', 'lock-acquire', 'lock-release']));
/** The commands that deploy a version (and so need one, and may create a GitHub deployment). */
const DEPLOYING = ['setup', 'deploy', 'redeploy', 'rollback'];
/** GitHub runs at most 256 jobs per matrix. */
const MAX_SHARDS = 256;
function readShardCount(value) {
    if (!value)
        return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > MAX_SHARDS)
        throw new InputError(`Input shard-count: '${value}' is not a whole number from 1 to ${MAX_SHARDS} (a matrix runs at most ${MAX_SHARDS} jobs)`);
    return n;
}
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
    const value = env[inputKey(name)] ?? '';
    return opts.trimWhitespace === false ? value : value.trim();
}
/** The runner's variable for an input. */
function inputKey(name) {
    return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
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
/** `ssh-timeout`: whole seconds, at least 10 (keepalives go every quarter of it); empty is 40. */
function parseSshTimeout(value) {
    const v = value.trim();
    if (v === '')
        return 40;
    if (!/^\d+$/.test(v) || Number(v) < 10 || Number(v) > 3600)
        throw new InputError(`Input ssh-timeout: '${(0,values/* cut */.Jj)(v, 40)}' is not a whole number of seconds from 10 to 3600`);
    return Number(v);
}
/** The GitHub environment: the input, else the destination, else `production`. */
function defaultEnvironment(environment, destination) {
    return environment.trim() || destination || 'production';
}
/** Defaults of the inputs a command line can set, as action.yml declares them: equal means "not given". */
const LINE_INPUT_DEFAULTS = {
    'config-file': 'config/deploy.yml',
    'plan-for': 'deploy',
    confirm: 'false',
    primary: 'false',
    reuse: 'false',
    'skip-hooks': 'false',
    'lock-wait': 'false',
    'lock-wait-timeout': '900',
    'lock-wait-interval': '15'
};
const BOOLEAN_LINE_INPUTS = ['confirm', 'primary', 'reuse', 'skip-hooks', 'lock-wait'];
const LIST_LINE_INPUTS = ['roles', 'hosts'];
/** Two values of an input that mean the same (lists as sets, booleans as booleans). */
function sameValue(name, a, b) {
    if (LIST_LINE_INPUTS.includes(name))
        return [...new Set(list(a))].sort().join(',') === [...new Set(list(b))].sort().join(',');
    if (BOOLEAN_LINE_INPUTS.includes(name))
        return parseBoolean(name, a, false) === parseBoolean(name, b, false);
    return a.trim() === b.trim();
}
/**
 * The environment with a command line's input values applied (`-d staging` → INPUT_DESTINATION),
 * refusing an input given with another value both ways. An input left at its default counts as not given.
 */
function applyLineInputs(env, line) {
    const out = { ...env };
    for (const [name, value] of Object.entries(line.inputs)) {
        const given = getInput(env, name);
        const defaulted = given === '' || given === (LINE_INPUT_DEFAULTS[name] ?? '');
        if (!defaulted && !sameValue(name, given, value))
            throw new InputError(`Input ${name} is '${given}', but the command line \`${line.text}\` says '${value}': give it one way, or the same value both ways`);
        out[inputKey(name)] = value;
    }
    return out;
}
/**
 * Reads every input, the `command` line first (aliases expanded with `aliases`, looked up in the
 * config its `-d`/`-c`, or else the inputs, name), then `plan-for`'s line for a plan.
 */
function readInputs(env = process.env, aliases) {
    const lookup = aliases
        ? (where) => aliases({
            destination: where.destination ?? (getInput(env, 'destination') || undefined),
            configFile: where.configFile ?? (getInput(env, 'config-file') || 'config/deploy.yml')
        })
        : undefined;
    const line = parseCommandLine(getInput(env, 'command') || 'deploy', lookup);
    let merged = applyLineInputs(env, line);
    let planned;
    if (line.command === 'plan') {
        planned = parseCommandLine(getInput(merged, 'plan-for') || 'deploy', lookup);
        if (planned.command === 'plan' || planned.command === 'help')
            throw new InputError(`Input plan-for: '${planned.text}' is no command to plan`);
        merged = applyLineInputs(merged, { ...planned, inputs: withoutConfirm(planned.inputs) });
    }
    return readActionInputs(merged, line, planned);
}
/** A plan never touches a host: `-y` in the planned line is not a confirmation of anything. */
function withoutConfirm(inputs) {
    return Object.fromEntries(Object.entries(inputs).filter(([name]) => name !== 'confirm'));
}
function readActionInputs(env, line, planned) {
    const input = (name, opts) => getInput(env, name, opts);
    const command = line.command;
    if (!grammar/* HANDLER_NAMES */.e0.includes(command))
        throw new InputError(`Input command: '${command}' is not one of ${grammar/* HANDLER_NAMES */.e0.join(', ')}`);
    const flow = planned?.command ?? command;
    const [version, versionGiven] = readVersion(env, command, flow);
    const lockWait = parseBoolean('lock-wait', input('lock-wait'), false);
    const build = parseBoolean('build', input('build'), false) ?? false;
    if (build && !['setup', 'deploy', 'redeploy', 'build'].includes(flow))
        throw new InputError(`Input build: true builds before a setup, deploy or redeploy; command ${flow} builds nothing`);
    const key = input('ssh-private-key', { trimWhitespace: false });
    const destination = input('destination') || undefined;
    // Part of file names (config/deploy.<destination>.yml) and of container names.
    if (destination !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(destination))
        throw new InputError(`Input destination: '${(0,values/* cut */.Jj)(destination, 60)}' should hold only letters, digits, '_', '.' and '-' (it names files and containers)`);
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
        line,
        ...(planned ? { planned } : {}),
        configFile: input('config-file') || 'config/deploy.yml',
        destination,
        workingDirectory: input('working-directory') || '.',
        version,
        versionGiven,
        // Keys pasted into secrets often lose their final newline or gain CRLFs; ssh2 wants neither.
        sshPrivateKey: key.trim() ? key.replace(/\r\n?/g, '\n').trim() + '\n' : undefined,
        knownHosts: input('known-hosts') || undefined,
        sshTimeoutSeconds: parseSshTimeout(input('ssh-timeout')),
        hosts: list(input('hosts')),
        roles: list(input('roles')),
        lockMessage: input('lock-message') || undefined,
        deployment,
        planFor: planned ? planned.text : 'deploy',
        confirm: parseBoolean('confirm', input('confirm'), false) ?? false,
        primary: parseBoolean('primary', input('primary'), false) ?? false,
        build,
        skipHooks: parseBoolean('skip-hooks', input('skip-hooks'), false) ?? false,
        lockWait: lockWait
            ? {
                timeoutSeconds: parseSeconds('lock-wait-timeout', input('lock-wait-timeout'), 900, 0),
                intervalSeconds: parseSeconds('lock-wait-interval', input('lock-wait-interval'), 15, 1)
            }
            : undefined,
        holdLockOnError: parseBoolean('hold-lock-on-error', input('hold-lock-on-error'), false) ?? false,
        exec: readExec(input, flow === 'exec'),
        shardCount: readShardCount(input('shard-count')),
        lockToken: input('lock-token') || undefined
    };
}
/** A number of seconds: a whole number, at least `min`; empty means `fallback`. */
function parseSeconds(name, value, fallback, min) {
    const v = value.trim();
    if (v === '')
        return fallback;
    if (!/^\d+$/.test(v) || Number(v) < min)
        throw new InputError(`Input ${name}: '${v}' is not a whole number of seconds of at least ${min}`);
    return Number(v);
}
/** The exec inputs; the command line is required when an exec runs (or is planned). */
function readExec(input, needed) {
    const command = input('exec');
    if (needed && !command)
        throw new InputError('Input exec: empty, but command is exec: give the command line to run (e.g. bin/rails db:migrate)');
    if (/[\r\n]/.test(command))
        throw new InputError("Input exec: one line only (Kamal's app exec takes one command line); join commands with && or use sh -c '...'");
    return {
        command,
        primary: parseBoolean('primary', input('primary'), false) ?? false,
        reuse: parseBoolean('reuse', input('reuse'), false) ?? false
    };
}
/** The version: the input when given, else the tag or commit SHA; rollback needs it given. */
function readVersion(env, command, flow) {
    const given = getInput(env, 'version');
    const version = given || defaultVersion(env);
    if (!given && flow === 'rollback')
        throw new InputError(`Input version: ${command === 'plan' ? 'the planned ' : 'command '}rollback needs the version to go back to (e.g. the previous-version output of the deploy step)`);
    if (!version && (DEPLOYING.includes(flow) || flow === 'build' || command === 'plan'))
        throw new InputError('Input version: no version given and neither GITHUB_REF is a tag nor GITHUB_SHA is set');
    if (version && !naming/* VERSION_PATTERN */.Q6.test(version))
        throw new InputError(`Input version: '${(0,values/* cut */.Jj)(version)}' is not a valid Docker tag (letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-')`);
    return [version, given !== ''];
}


/***/ }),

/***/ 8306:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BK: () => (/* binding */ helpText),
/* harmony export */   PA: () => (/* binding */ GLOBAL_OPTIONS),
/* harmony export */   dC: () => (/* binding */ ACTION_WORDS),
/* harmony export */   dK: () => (/* binding */ NAMESPACES),
/* harmony export */   e0: () => (/* binding */ HANDLER_NAMES),
/* harmony export */   fH: () => (/* binding */ COMMAND_SPECS),
/* harmony export */   ln: () => (/* binding */ REFUSED)
/* harmony export */ });
// Kamal's command-line grammar as far as this action runs it (lib/kamal/cli/*.rb, Thor): the
// global options every command takes, each supported command with its own options, what it maps
// to (a handler of the action, and action inputs), and the Kamal commands the action refuses, with
// why. Pure data: parse.ts reads a line against it, help and the README table are made from it.
const GLOBAL_OPTIONS = {
    destination: {
        type: 'string',
        short: 'd',
        input: 'destination',
        help: 'destination (config/deploy.<destination>.yml)'
    },
    roles: { type: 'string', short: 'r', input: 'roles', help: 'only these roles (comma list, * wildcards)' },
    hosts: { type: 'string', short: 'h', input: 'hosts', help: 'only these hosts (comma list, * wildcards)' },
    primary: { type: 'boolean', short: 'p', input: 'primary', help: 'only the primary host' },
    version: { type: 'string', input: 'version', help: 'the app version to work with' },
    'skip-hooks': { type: 'boolean', short: 'H', input: 'skip-hooks', help: "don't run hooks" },
    'config-file': { type: 'string', short: 'c', input: 'config-file', help: 'the config file' },
    verbose: {
        type: 'boolean',
        short: 'v',
        noEffect: 'the log always shows every host’s output',
        help: 'detailed logging'
    },
    quiet: { type: 'boolean', short: 'q', noEffect: 'the log groups are collapsed anyway', help: 'minimal logging' },
    'lock-wait': {
        type: 'boolean',
        input: 'lock-wait',
        help: 'wait for an automatic deploy lock held by another deploy'
    },
    'lock-wait-timeout': {
        type: 'string',
        integer: true,
        input: 'lock-wait-timeout',
        help: 'seconds to wait for the lock (default 900)'
    },
    'lock-wait-interval': {
        type: 'string',
        integer: true,
        input: 'lock-wait-interval',
        help: 'seconds between lock polls (default 15)'
    },
    help: { type: 'boolean', help: 'show what is supported' }
};
const CONFIRMED = {
    confirmed: {
        type: 'boolean',
        short: 'y',
        input: 'confirm',
        help: 'proceed without confirmation (as input confirm: true)'
    }
};
const LOG_OPTIONS = {
    since: { type: 'string', short: 's', help: 'lines since a timestamp or a duration (42m)' },
    lines: { type: 'string', short: 'n', integer: true, help: 'number of lines per host (default 100)' },
    grep: { type: 'string', short: 'g', help: 'only lines matching' },
    'grep-options': { type: 'string', help: 'options for grep (split into words, each quoted)' },
    'skip-timestamps': { type: 'boolean', short: 'T', help: 'without timestamps' },
    follow: {
        type: 'boolean',
        short: 'f',
        refused: 'a workflow step cannot follow a log: use -n/--lines or --since',
        help: 'follow the log'
    }
};
const BUILD = {
    'skip-push': {
        type: 'boolean',
        short: 'P',
        noEffect: 'the action builds first only with the input build: true',
        help: 'skip the build'
    },
    'no-cache': {
        type: 'boolean',
        refused: 'building without the cache is not supported yet',
        help: 'build without cache'
    }
};
const spec = (words, s) => ({
    words: words.split(' '),
    options: {},
    ...s
});
/** Every Kamal command the action runs. */
const COMMAND_SPECS = [
    spec('setup', {
        command: 'setup',
        args: 'none',
        options: BUILD,
        scope: 'all',
        locks: true,
        secrets: true,
        help: 'Docker, kamal-proxy, accessories, then a deploy'
    }),
    spec('deploy', {
        command: 'deploy',
        args: 'none',
        options: BUILD,
        scope: 'app',
        locks: true,
        secrets: true,
        help: 'pull, boot behind kamal-proxy, prune'
    }),
    spec('redeploy', {
        command: 'redeploy',
        args: 'none',
        options: BUILD,
        scope: 'app',
        locks: true,
        secrets: true,
        help: 'deploy without proxy boot and prune'
    }),
    spec('rollback', {
        command: 'rollback',
        args: 'optional-version',
        scope: 'app',
        locks: true,
        secrets: true,
        help: 'boot VERSION from its container’s image'
    }),
    spec('details', {
        command: 'details',
        args: 'none',
        scope: 'all',
        locks: false,
        help: 'proxy, app and accessory containers'
    }),
    spec('audit', {
        command: 'audit',
        args: 'none',
        scope: 'all',
        locks: false,
        help: 'the last 50 lines of the audit log'
    }),
    spec('remove', {
        command: 'remove',
        args: 'none',
        options: CONFIRMED,
        scope: 'all',
        locks: true,
        destructive: 'app, kamal-proxy and accessories',
        help: 'app, kamal-proxy, accessories and registry login'
    }),
    spec('app boot', {
        command: 'app boot',
        args: 'none',
        scope: 'app',
        locks: true,
        secrets: true,
        help: 'boot --version (default latest)'
    }),
    spec('app start', {
        command: 'app start',
        args: 'none',
        scope: 'app',
        locks: true,
        help: 'start the stopped container again'
    }),
    spec('app stop', {
        command: 'app stop',
        args: 'none',
        scope: 'app',
        locks: true,
        help: 'stop the running container'
    }),
    spec('app details', {
        command: 'app details',
        args: 'none',
        scope: 'app',
        locks: false,
        help: 'running app containers'
    }),
    spec('app containers', {
        command: 'app containers',
        args: 'none',
        scope: 'app',
        locks: false,
        help: 'all app containers'
    }),
    spec('app images', { command: 'app images', args: 'none', scope: 'app', locks: false, help: 'the app’s images' }),
    spec('app logs', {
        command: 'app logs',
        args: 'none',
        options: {
            ...LOG_OPTIONS,
            'container-id': { type: 'string', help: 'this container’s log instead of the running one’s' }
        },
        scope: 'app',
        locks: false,
        help: 'the running container’s log lines'
    }),
    spec('app version', {
        command: 'app version',
        args: 'none',
        scope: 'app',
        locks: false,
        help: 'the running version per host'
    }),
    spec('app stale_containers', {
        command: 'app stale_containers',
        args: 'none',
        options: { stop: { type: 'boolean', short: 's', help: 'stop them' } },
        scope: 'app',
        locks: 'with --stop',
        help: 'running containers of other versions'
    }),
    spec('app maintenance', {
        command: 'app maintenance',
        args: 'none',
        options: {
            'drain-timeout': {
                type: 'string',
                integer: true,
                help: 'seconds for in-flight requests (default drain_timeout)'
            },
            message: { type: 'string', help: 'message for the 503 page' }
        },
        scope: 'proxy',
        locks: true,
        help: 'kamal-proxy answers 503'
    }),
    spec('app live', {
        command: 'app live',
        args: 'none',
        scope: 'proxy',
        locks: true,
        help: 'kamal-proxy serves the app again'
    }),
    spec('app remove', {
        command: 'app remove',
        args: 'none',
        options: CONFIRMED,
        scope: 'app',
        locks: true,
        destructive: 'the app’s containers, images and directories',
        help: 'stop, then remove containers, images, directories'
    }),
    spec('app exec', {
        command: 'exec',
        args: 'command',
        options: {
            reuse: { type: 'boolean', input: 'reuse', help: 'in the running container' },
            interactive: {
                type: 'boolean',
                short: 'i',
                refused: 'a workflow step has no terminal: run the command without -i',
                help: 'interactive'
            },
            env: {
                type: 'string',
                short: 'e',
                refused: 'not supported yet: set the variables in the config’s env',
                help: 'environment'
            },
            detach: { type: 'boolean', refused: 'not supported yet', help: 'detached container' },
            raw: { type: 'boolean', refused: 'not supported yet', help: 'raw output' }
        },
        scope: 'app',
        locks: false,
        secrets: true,
        help: 'run CMD in a new (or, --reuse, the running) app container'
    }),
    ...['boot', 'reboot', 'start', 'stop', 'restart', 'details', 'remove'].map((w) => spec(`accessory ${w}`, {
        command: `accessory ${w}`,
        args: 'accessory',
        options: w === 'remove' ? CONFIRMED : {},
        scope: 'accessory',
        locks: w !== 'details',
        secrets: w === 'boot' || w === 'reboot',
        destructive: w === 'remove' ? 'the accessory’s container, image and data directory' : undefined,
        help: {
            boot: 'boot NAME (or all) where it has no container',
            reboot: 'pull, stop, remove and boot again (data directories kept, files uploaded again)',
            start: 'start the container',
            stop: 'stop the container',
            restart: 'stop, then start',
            details: 'its container',
            remove: 'container, image and data directory'
        }[w]
    })),
    spec('accessory logs', {
        command: 'accessory logs',
        args: 'accessory',
        options: LOG_OPTIONS,
        scope: 'accessory',
        locks: false,
        help: 'its log lines'
    }),
    spec('proxy boot', {
        command: 'proxy boot',
        args: 'none',
        scope: 'proxy',
        locks: true,
        secrets: true,
        help: 'start kamal-proxy where it does not run'
    }),
    spec('proxy reboot', {
        command: 'proxy reboot',
        args: 'none',
        options: { ...CONFIRMED, rolling: { type: 'boolean', help: 'one host at a time' } },
        scope: 'proxy',
        locks: true,
        secrets: true,
        destructive: 'the kamal-proxy container (a brief outage on each host)',
        help: 'stop, remove and run kamal-proxy again'
    }),
    spec('proxy start', {
        command: 'proxy start',
        args: 'none',
        scope: 'proxy',
        locks: true,
        help: 'start the container'
    }),
    spec('proxy stop', { command: 'proxy stop', args: 'none', scope: 'proxy', locks: true, help: 'stop the container' }),
    spec('proxy restart', {
        command: 'proxy restart',
        args: 'none',
        scope: 'proxy',
        locks: true,
        help: 'stop, then start'
    }),
    spec('proxy details', {
        command: 'proxy details',
        args: 'none',
        scope: 'proxy',
        locks: false,
        help: 'its container'
    }),
    spec('proxy logs', {
        command: 'proxy logs',
        args: 'none',
        options: LOG_OPTIONS,
        scope: 'proxy',
        locks: false,
        help: 'its log lines'
    }),
    spec('proxy remove', {
        command: 'proxy remove',
        args: 'none',
        options: { ...CONFIRMED, force: { type: 'boolean', help: 'even when other apps are installed' } },
        scope: 'proxy',
        locks: true,
        destructive: 'the kamal-proxy container, image and .kamal/proxy',
        help: 'container, image and directory (refused while other apps are installed)'
    }),
    spec('prune all', {
        command: 'prune all',
        args: 'none',
        scope: 'all',
        locks: true,
        help: 'prune containers, then images'
    }),
    spec('prune images', {
        command: 'prune images',
        args: 'none',
        scope: 'all',
        locks: true,
        help: 'images no container uses (keeping latest)'
    }),
    spec('prune containers', {
        command: 'prune containers',
        args: 'none',
        options: { retain: { type: 'string', integer: true, help: 'containers to keep (default retain_containers)' } },
        scope: 'all',
        locks: true,
        help: 'stopped containers beyond retain_containers'
    }),
    spec('server bootstrap', {
        command: 'server bootstrap',
        args: 'none',
        scope: 'all',
        locks: true,
        help: 'install Docker where it is missing'
    }),
    spec('lock status', {
        command: 'lock-status',
        args: 'none',
        scope: 'primary',
        locks: false,
        help: 'the lock’s holder'
    }),
    spec('lock acquire', {
        command: 'lock-acquire',
        args: 'none',
        options: { message: { type: 'string', short: 'm', input: 'lock-message', help: 'the lock message' } },
        scope: 'primary',
        locks: false,
        help: 'take a manual lock'
    }),
    spec('lock release', {
        command: 'lock-release',
        args: 'none',
        scope: 'primary',
        locks: false,
        help: 'remove the lock'
    }),
    spec('build', {
        command: 'build',
        args: 'none',
        scope: 'none',
        locks: false,
        secrets: true,
        help: 'build and push the image on the runner (as build push)'
    }),
    spec('build push', {
        command: 'build',
        args: 'none',
        scope: 'none',
        locks: false,
        secrets: true,
        help: 'build the image on the runner and push it, with the builder of the config'
    }),
    spec('help', { command: 'help', args: 'none', scope: 'none', locks: false, help: 'what is supported' })
];
/** Kamal commands (first words, or first two) the action does not run, and why. */
const REFUSED = {
    init: 'it writes a config stub into a checkout; run `kamal init` on your machine and commit the files',
    upgrade: 'it migrates Kamal 1 hosts (Traefik) to Kamal 2; run it once with the kamal CLI',
    docs: 'it prints Kamal’s configuration docs: read them at kamal-deploy.org',
    config: 'it prints the merged config including secrets; `command: plan` checks a config without printing secrets',
    version: 'it prints the kamal gem’s version; this action is not the gem',
    'build deliver': 'use `build push`, then `deploy` (every host pulls the version it deploys)',
    'build pull': '`deploy` pulls the version on every host',
    'build create': 'the builder is made by `build push` when it needs one',
    'build remove': 'the builder is made by `build push` when it needs one; remove it with docker buildx rm',
    'build details': 'the build’s log group and the job summary show the builder and platforms',
    'build dev': 'it builds a local development image: run it with the kamal CLI on your machine',
    secrets: 'the secrets helpers run password managers’ CLIs on the runner: give secrets through the step’s env',
    registry: 'the action logs in on the hosts only when a pull needs it, with the password on stdin',
    'server exec': 'not supported yet: use `app exec` to run a command in the app’s image',
    'accessory exec': 'not supported yet',
    'accessory upload': 'files are uploaded by `accessory boot` and `accessory reboot`',
    'accessory directories': 'directories are made by `accessory boot` and `accessory reboot`',
    'accessory pull_image': '`accessory reboot` pulls the image',
    'accessory remove_container': 'internal Kamal step: use `accessory remove`',
    'accessory remove_image': 'internal Kamal step: use `accessory remove`',
    'accessory remove_service_directory': 'internal Kamal step: use `accessory remove`',
    'accessory upgrade': 'it migrates Kamal 1 accessories; run it once with the kamal CLI',
    'proxy boot_config': 'deprecated in Kamal 2.10: set proxy.run in the config instead',
    'proxy upgrade': 'it migrates Kamal 1 hosts (Traefik); run it once with the kamal CLI',
    'proxy remove_container': 'internal Kamal step: use `proxy remove`',
    'proxy remove_image': 'internal Kamal step: use `proxy remove`',
    'proxy remove_proxy_directory': 'internal Kamal step: use `proxy remove`',
    'app remove_container': 'internal Kamal step: use `app remove`',
    'app remove_containers': 'internal Kamal step: use `app remove`',
    'app remove_images': 'internal Kamal step: use `app remove`',
    'app remove_app_directories': 'internal Kamal step: use `app remove`'
};
/** First words that take a second (Thor subcommands). */
const NAMESPACES = ['app', 'accessory', 'proxy', 'prune', 'server', 'lock', 'build', 'secrets', 'registry'];
/** The action's own command words, which keep working as they are (`plan` takes a line after it). */
const ACTION_WORDS = {
    setup: 'setup',
    deploy: 'deploy',
    plan: 'plan',
    'lock-status': 'lock-status',
    'lock-acquire': 'lock-acquire',
    'lock-release': 'lock-release',
    redeploy: 'redeploy',
    rollback: 'rollback',
    exec: 'exec'
};
/** Every handler name: the action's own words and the console commands. */
const HANDLER_NAMES = [
    ...new Set([...Object.values(ACTION_WORDS), ...COMMAND_SPECS.map((s) => s.command)])
];
/** The help text: what is supported, and what is refused and why. */
function helpText() {
    const width = Math.max(...COMMAND_SPECS.map((s) => s.words.join(' ').length)) + 2;
    const lines = ['Kamal commands this action runs (`command: "<kamal line without kamal>"`):', ''];
    for (const s of COMMAND_SPECS) {
        const opts = Object.entries(s.options)
            .filter(([, o]) => !o.refused)
            .map(([name, o]) => (o.short ? `-${o.short}/--${name}` : `--${name}`));
        const arg = {
            none: '',
            accessory: ' NAME|all',
            version: ' VERSION',
            'optional-version': ' [VERSION]',
            command: ' CMD'
        }[s.args];
        lines.push(`  ${(s.words.join(' ') + arg).padEnd(width + 9)} ${s.help}${opts.length ? ` [${opts.join(' ')}]` : ''}${s.locks ? ' (locks)' : ''}${s.destructive ? ' (needs confirm: true or -y)' : ''}`);
    }
    lines.push('', 'Global options: -d/--destination -r/--roles -h/--hosts -p/--primary --version -H/--skip-hooks -c/--config-file (-v and -q are accepted)', 'The action’s own words still work: setup, deploy, plan [LINE], lock-status, lock-acquire, lock-release, redeploy, rollback, exec.', '', 'Refused:');
    for (const [words, why] of Object.entries(REFUSED))
        lines.push(`  ${words}: ${why}`);
    return lines.join('\n');
}


/***/ }),

/***/ 3057:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ox: () => (/* binding */ CommandLineError),
/* harmony export */   aY: () => (/* binding */ showWord),
/* harmony export */   yM: () => (/* binding */ splitWords)
/* harmony export */ });
// A Kamal command line split into words exactly as Kamal splits an alias's text: Ruby's
// `Shellwords.split` (lib/shellwords.rb, used by lib/kamal/cli/alias/command.rb), ported regex for
// regex. POSIX quoting: 'single quotes' are literal, "double quotes" keep a backslash only before
// $ ` " \ and newline, a backslash outside quotes escapes the next character. Nothing is
// expanded: no variables, no globs, and `|`, `;`, `>` are ordinary characters.
class CommandLineError extends Error {
    constructor(message) {
        super(message);
        this.name = 'CommandLineError';
    }
}
const WORD = /\s*(?:([^\s\\'"]+)|'([^']*)'|"((?:[^"\\]|\\[\s\S])*)"|(\\[\s\S]?)|(\S))(\s|$)?/y;
/** Ruby's `Shellwords.split(line)`; an unmatched quote is an error naming where it starts. */
function splitWords(line) {
    const words = [];
    let field = '';
    let started = false;
    WORD.lastIndex = 0;
    while (WORD.lastIndex < line.length) {
        const at = WORD.lastIndex;
        const m = WORD.exec(line);
        if (!m)
            break;
        const [all, word, sq, dq, esc, garbage, sep] = m;
        if (all === '')
            break;
        if (garbage !== undefined) {
            const start = at + all.indexOf(garbage);
            throw new CommandLineError(`${garbage === '\0' ? 'Nul character' : 'Unmatched quote'} at ${start}: ${line.slice(start)}`);
        }
        const piece = word ??
            sq ??
            (dq !== undefined ? dq.replace(/\\([$`"\\\n])/g, '$1') : undefined) ??
            (esc ?? '').replace(/\\(.)/g, '$1');
        if (word !== undefined || sq !== undefined || dq !== undefined || esc !== undefined) {
            field += piece;
            started = true;
        }
        if (sep !== undefined) {
            if (started)
                words.push(field);
            field = '';
            started = false;
        }
    }
    if (started)
        words.push(field);
    return words;
}
/** A word as a person would type it back into a command line (for messages and the summary). */
function showWord(word) {
    return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}


/***/ }),

/***/ 6835:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  zC: () => (/* binding */ hostsFor),
  iA: () => (/* binding */ prepare),
  Uf: () => (/* binding */ resolveRun)
});

// UNUSED EXPORTS: selectRunTargets

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/commands/naming.ts
var naming = __webpack_require__(9488);
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
/** Build args keep `false` apart from `"false"` (Kamal passes `KEY=false` for it, `KEY="false"` for the string). */
const buildArgsHash = schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* union */.KCZ([bool, str, schemas/* null */.chJ(), schemas/* array */.YOg(str)], { error: 'should be a string, a boolean or an array' }));
const builderSchema = schemas/* strictObject */.rej({
    arch: schemas/* union */.KCZ([str, schemas/* array */.YOg(str)], { error: 'should be a string or an array' }).optional(),
    remote: str.optional(),
    local: bool.optional(),
    driver: str.optional(),
    cache: schemas/* strictObject */.rej({ type: str.optional(), options: str.optional(), image: str.optional() }).optional(),
    context: str.optional(),
    dockerfile: str.optional(),
    target: str.optional(),
    args: buildArgsHash.optional(),
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

// EXTERNAL MODULE: ./src/config/erb.ts
var erb = __webpack_require__(6833);
// EXTERNAL MODULE: ./src/config/paths.ts
var config_paths = __webpack_require__(1066);
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
        add(root.primary_role ? ['primary_role'] : ['servers'], `The primary_role ${(0,values/* cut */.Jj)(primaryRole, 100)} isn't defined`, true);
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
    const files = (raw.files ?? []).map((f, i) => normalizeFile(f, [...path, 'files', i], add));
    const directories = (raw.directories ?? []).map((f, i) => normalizeFile(f, [...path, 'directories', i], add));
    // Files are read from this machine: inside the working directory, symlinks followed. Directories
    // are on the host: a relative one lives in the accessory's directory there and stays in it.
    files.forEach((f, i) => {
        if (!f.local || scope.workingDirectory === undefined)
            return;
        const where = (0,config_paths/* resolveInside */.LI)(scope.workingDirectory, f.local);
        if (!where.ok)
            add([...path, 'files', i], where.problem);
    });
    directories.forEach((d, i) => {
        if (d.local && !(0,config_paths/* staysBelow */.cK)(d.local))
            add([...path, 'directories', i], `${JSON.stringify(d.local)} climbs out of the accessory's directory on the host`);
    });
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
                add([...path, raw.role ? 'role' : 'roles'], `unknown role: ${(0,values/* cut */.Jj)(r, 100)}`);
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
/** The mode as the config gives it (a file's default is `accessoryFileMode`'s; directories are chmod-ed only when a mode is given). */
function normalizeFile(entry, path, add) {
    if (typeof entry === 'string') {
        const [local, remote, options] = entry.split(':');
        if (!local || !remote)
            add(path, 'should be local:remote[:options]');
        return { local: local ?? '', remote: remote ?? '', options };
    }
    return {
        local: entry.local,
        remote: entry.remote,
        mode: entry.mode,
        owner: entry.owner,
        options: entry.options
    };
}
/**
 * A file rendered from ERB while the accessory has secret env may hold secret values, so it is
 * written 0600 (see `accessoryFileMode` in commands/accessory.ts): say so when the config gives
 * neither a mode nor an owner, since a container that reads it as another user then cannot.
 */
function secretFileWarnings(accessories) {
    return accessories.flatMap((a) => a.env.secret.length > 0
        ? a.files
            .filter((f) => (0,erb/* isErbFile */.YI)(f.local) && f.mode === undefined && f.owner === undefined)
            .map((f) => `accessories/${a.name}/files: ${f.local} is rendered with the accessory's secrets in ENV, so it is written 0600 (readable by the SSH user only, Kamal writes 0755); give it an owner (the user its container reads it as, e.g. "999:999" for postgres) or a mode`)
        : []);
}

;// CONCATENATED MODULE: ./src/config/builder.ts

/** `arch` as a list without empty entries (`arch: amd64` or `arch: [amd64, arm64]`). */
function arches(b) {
    return b.arch === undefined ? [] : (Array.isArray(b.arch) ? b.arch : [b.arch]).filter((a) => a !== '');
}
/**
 * Kamal's builder checks (validator/builder.rb; the local-registry one is
 * `ensure_local_registry_remote_builder_has_ssh_url` in lib/kamal/configuration.rb). The schema has
 * checked the types.
 */
function checkBuilder(raw, localRegistry, add) {
    const b = raw.builder;
    if (!b)
        return;
    const arch = arches(b);
    if (arch.length === 0)
        add(['builder'], 'Builder arch not set', true);
    const type = b.cache?.type;
    if (type !== undefined && type !== 'gha' && type !== 'registry')
        add(['builder'], `Invalid cache type: ${(0,values/* cut */.Jj)(type, 100)}`, false, ['builder', 'cache', 'type']);
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
/** Ruby's `Array#to_s` of strings, which is what Kamal puts in a build arg given a list. */
function rubyArray(values) {
    return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}
/** The builder section with Kamal's defaults (undefined without one: then nothing can be built). */
function normalizeBuilder(raw) {
    if (!raw)
        return undefined;
    const args = {};
    for (const [key, value] of Object.entries(raw.args ?? {}))
        args[key] = value === true ? 'true' : Array.isArray(value) ? rubyArray(value) : value === '' ? null : value;
    const type = raw.cache?.type;
    return {
        arch: arches(raw),
        remote: raw.remote || undefined,
        localDisabled: raw.local === false,
        driver: raw.driver ?? 'docker-container',
        cache: type === 'gha' || type === 'registry'
            ? { type, options: raw.cache?.options, image: raw.cache?.image }
            : undefined,
        context: raw.context,
        dockerfile: raw.dockerfile ?? 'Dockerfile',
        target: raw.target || undefined,
        args,
        secrets: raw.secrets ?? [],
        ssh: raw.ssh || undefined,
        provenance: raw.provenance,
        sbom: raw.sbom,
        pack: raw.pack ? { builder: raw.pack.builder ?? '', buildpacks: raw.pack.buildpacks ?? [] } : undefined
    };
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
            add(['hooks_output'], `Invalid hooks_output '${(0,values/* cut */.Jj)(value, 100)}', must be one of: ${HOOKS_OUTPUT.join(', ')}`, false, at);
    }
}

;// CONCATENATED MODULE: ./src/config/docker-args.ts
// Values that become `docker` arguments, checked before any host is touched: a value Docker would
// refuse only fails on the hosts (after the lock, the pull, the login), so it is a config error here,
// at its key's file and line. Image names follow Docker's reference grammar
// (github.com/distribution/reference, regexp.go and normalize.go); the other checks follow what the
// docker CLI and daemon accept for labels, volumes, ports, networks and container names.


const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const DOMAIN_RE = new RegExp(`^${DOMAIN}$`);
const REMOTE_NAME_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG_RE = new RegExp(`^${TAG}$`);
const DIGEST_RE = new RegExp(`^${DIGEST}$`);
/** Docker limits a repository name (registry included) to 255 characters. */
const NAME_MAX = 255;
/**
 * Parses an image reference as Docker does, or says why it is not one. The first component is a
 * registry when it has a `.` or a `:`, is `localhost`, or has upper-case letters
 * (normalize.go's splitDockerDomain).
 */
function parseImageReference(ref) {
    let rest = ref;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!DIGEST_RE.test(digest))
            return { problem: 'has an invalid digest after @' };
    }
    let tag;
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG_RE.test(tag))
            return { problem: `has an invalid tag ${JSON.stringify((0,values/* cut */.Jj)(tag, 60))}` };
    }
    if (rest.length > NAME_MAX)
        return { problem: `is longer than ${NAME_MAX} characters` };
    const slash = rest.indexOf('/');
    const first = slash < 0 ? '' : rest.slice(0, slash);
    const isDomain = slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
    const domain = isDomain ? first : undefined;
    const path = isDomain ? rest.slice(slash + 1) : rest;
    if (domain !== undefined && !DOMAIN_RE.test(domain))
        return { problem: `has an invalid registry ${JSON.stringify((0,values/* cut */.Jj)(domain, 60))}` };
    if (!REMOTE_NAME_RE.test(path))
        return {
            problem: path.toLowerCase() !== path
                ? 'is not a valid image name: the repository name must be lowercase'
                : 'is not a valid image name (lowercase letters and digits, separated by ".", "_", "__" or "-", in "/"-separated parts)'
        };
    return { domain, path, tag, digest };
}
const quoted = (value) => JSON.stringify((0,values/* cut */.Jj)(value, 120));
/**
 * The app's `image` as written: a repository (the version becomes its tag); then, when it is
 * fine and the registry server too, the image as used (registry prefix included).
 */
function checkAppImage(written, used, serverOk, add) {
    const parsed = parseImageReference(written);
    if ('problem' in parsed)
        add(['image'], `${quoted(written)} ${parsed.problem}`);
    else if (parsed.tag !== undefined || parsed.digest !== undefined)
        add(['image'], `${quoted(written)} should not include a tag or digest: the version is the tag`);
    else if (serverOk && used !== written) {
        const full = parseImageReference(used);
        if ('problem' in full)
            add(['image'], `${quoted(used)} (with the registry server) ${full.problem}`);
    }
}
/** A full image reference (an accessory's image, kamal-proxy's), a tag or digest allowed. */
function checkImage(image, path, add) {
    const parsed = parseImageReference(image);
    if ('problem' in parsed)
        add(path, `${quoted(image)} ${parsed.problem}`);
}
/** `registry.server`: a registry host (`ghcr.io`, `registry:5000`, `[::1]:5000`), maybe with a path. */
function checkRegistryServer(server, path, add) {
    const [domain, ...rest] = server.split('/');
    const ok = DOMAIN_RE.test(domain ?? '') && rest.every((p) => new RegExp(`^${PATH_COMPONENT}$`).test(p));
    if (!ok)
        add(path, `${quoted(server)} is not a registry address (host[:port], e.g. ghcr.io or 10.0.0.5:5000)`);
    return ok;
}
/** Docker's label keys: not empty, no whitespace (the CLI refuses it) and no `=`. */
function docker_args_checkLabels(labels, path, add) {
    for (const key of Object.keys(labels ?? {}))
        if (!/^[^\s=]+$/.test(key))
            add([...path, key], `label name ${quoted(key)} may not be empty or hold whitespace or "="`, true);
}
/** Environment variable names: not empty, no whitespace, no `=` (an env file line is NAME=value). */
function checkEnvNames(env, path, add) {
    if (!(0,values/* isHash */.jN)(env))
        return;
    const bad = (name) => !/^[^\s=]+$/.test(name);
    const message = (name) => `environment variable name ${quoted(name)} may not be empty or hold whitespace or "="`;
    if (!isFullEnv(env)) {
        for (const key of Object.keys(env))
            if (bad(key))
                add([...path, key], message(key), true);
        return;
    }
    if ((0,values/* isHash */.jN)(env['clear']))
        for (const key of Object.keys(env['clear']))
            if (bad(key))
                add([...path, 'clear', key], message(key), true);
    if (Array.isArray(env['secret']))
        env['secret'].forEach((entry, i) => {
            const name = String(entry).split(':')[0] ?? '';
            if (bad(name))
                add([...path, 'secret', i], message(name));
        });
}
/** Option names become `--<name>` flags of `docker run`. */
function checkOptionNames(options, path, add) {
    for (const key of Object.keys(options ?? {}))
        if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(key))
            add([...path, key], `${quoted(key)} is not a docker run option name (letters, digits and "-")`, true);
}
const VOLUME_OPTIONS = new Set([
    'rw',
    'ro',
    'z',
    'Z',
    'nocopy',
    'consistent',
    'cached',
    'delegated',
    'shared',
    'rshared',
    'slave',
    'rslave',
    'private',
    'rprivate'
]);
/** A path on the host or in a container: these characters, and `$VAR`/`${VAR}` for the host's shell. */
const PATH_CHARS = '(?:[A-Za-z0-9_./@+,%=~-]|\\$[A-Za-z_][A-Za-z0-9_]*|\\$\\{[A-Za-z_][A-Za-z0-9_]*\\})';
const HOST_PATH_RE = new RegExp(`^(?:/|\\$[A-Za-z_][A-Za-z0-9_]*|\\$\\{[A-Za-z_][A-Za-z0-9_]*\\})${PATH_CHARS}*$`);
const CONTAINER_PATH_RE = new RegExp(`^/${PATH_CHARS}*$`);
const VOLUME_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
/**
 * `volumes` entries, which reach `docker run --volume` as written (Kamal's form, so `$PWD` and
 * other host variables still expand there): `[host-path-or-volume:]container-path[:options]`.
 */
function volumeProblem(spec) {
    const parts = spec.split(':');
    if (parts.length > 3 || parts.some((p) => p === ''))
        return 'should be [host path or volume name:]container path[:options]';
    const [first = '', second, third] = parts;
    const container = parts.length === 1 ? first : second;
    const host = parts.length === 1 ? undefined : first;
    if (host !== undefined && !HOST_PATH_RE.test(host) && !VOLUME_NAME_RE.test(host))
        return `its host side ${quoted(host)} should be an absolute path (letters, digits, "/._-@+,%=~" and $VARIABLES) or a volume name`;
    if (container === undefined || !CONTAINER_PATH_RE.test(container))
        return `its container side ${quoted(container ?? '')} should be an absolute path without spaces or shell characters`;
    if (third !== undefined && !third.split(',').every((o) => VOLUME_OPTIONS.has(o)))
        return `its options ${quoted(third)} should be a comma list of ${[...VOLUME_OPTIONS].join(', ')}`;
    return undefined;
}
function checkVolumes(volumes, path, add) {
    ;
    (volumes ?? []).forEach((v, i) => {
        const problem = volumeProblem(v);
        if (problem)
            add([...path, i], `${quoted(v)}: ${problem}`);
    });
}
const PORT = '[0-9]{1,5}(?:-[0-9]{1,5})?';
const IPV4 = '(?:[0-9]{1,3}\\.){3}[0-9]{1,3}';
const PORT_RE = new RegExp(`^(?:(?:${IPV4}|\\[[0-9a-fA-F:]+\\]):)?(?:(?:${PORT})?:)?${PORT}(?:/(?:tcp|udp|sctp))?$`);
/** An accessory's `port`: `[ip:][host-port:]container-port[/protocol]`, ports 1–65535. */
function portProblem(spec) {
    if (!PORT_RE.test(spec))
        return 'should be [ip:][host port:]container port[/tcp|udp|sctp], e.g. 5432 or 127.0.0.1:5432:5432';
    const ports = spec.replace(/^\[[^\]]*\]:/, '').match(/(?<![.0-9])[0-9]+(?![.0-9])/g) ?? [];
    if (ports.some((p) => Number(p) < 1 || Number(p) > 65535))
        return 'has a port outside 1–65535';
    return undefined;
}
const CONTAINER_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const NETWORK_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const ROLE_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** `proxy.run`'s image parts: `[registry/]repository:version`. */
function checkProxyRun(run, path, add) {
    if (!run)
        return;
    if (run.registry)
        checkRegistryServer(run.registry, [...path, 'registry'], add);
    if (run.repository !== undefined && !REMOTE_NAME_RE.test(run.repository))
        add([...path, 'repository'], `${quoted(run.repository)} is not a valid image repository`);
    if (run.version !== undefined && !TAG_RE.test(run.version))
        add([...path, 'version'], `${quoted(run.version)} is not a valid image tag`);
}
/** Every value of the raw config that becomes a docker argument; `image` is the app image as used. */
function checkDockerArgs(raw, image, add) {
    const serverOk = raw.registry?.server ? checkRegistryServer(raw.registry.server, ['registry', 'server'], add) : true;
    if (raw.image !== undefined)
        checkAppImage(raw.image, image, serverOk, add);
    docker_args_checkLabels(raw.labels, ['labels'], add);
    checkVolumes(raw.volumes, ['volumes'], add);
    checkEnvNames(raw.env, ['env'], add);
    if ((0,values/* isHash */.jN)(raw.env) && (0,values/* isHash */.jN)(raw.env['tags']))
        for (const [tag, env] of Object.entries(raw.env['tags']))
            checkEnvNames(env, ['env', 'tags', tag], add);
    if ((0,values/* isHash */.jN)(raw.servers))
        for (const [name, role] of Object.entries(raw.servers)) {
            // The role name is part of every container name (`<service>-<role>-<version>`).
            if (!ROLE_NAME_RE.test(name))
                add(['servers', name], `role name ${quoted(name)} may hold only letters, digits, "_", "." and "-"`, true);
            if (!(0,values/* isHash */.jN)(role))
                continue;
            docker_args_checkLabels(role['labels'], ['servers', name, 'labels'], add);
            checkOptionNames(role['options'], ['servers', name, 'options'], add);
            checkEnvNames(role['env'], ['servers', name, 'env'], add);
        }
    checkProxyRun(raw.proxy?.run, ['proxy', 'run'], add);
    if ((0,values/* isHash */.jN)(raw.servers))
        for (const [name, role] of Object.entries(raw.servers))
            if ((0,values/* isHash */.jN)(role) && (0,values/* isHash */.jN)(role['proxy']))
                checkProxyRun(role['proxy']['run'], ['servers', name, 'proxy', 'run'], add);
    for (const [name, acc] of Object.entries(raw.accessories ?? {})) {
        const path = ['accessories', name];
        const server = acc.registry?.server;
        if (server)
            checkRegistryServer(server, [...path, 'registry', 'server'], add);
        checkImage(acc.image, [...path, 'image'], add);
        if (acc.service !== undefined && !CONTAINER_NAME_RE.test(acc.service))
            add([...path, 'service'], `${quoted(acc.service)} is not a container name (letters, digits, "_", "." and "-", at least 2)`);
        if (acc.port !== undefined) {
            const problem = portProblem(acc.port);
            if (problem)
                add([...path, 'port'], `${quoted(acc.port)} ${problem}`);
        }
        if (acc.network !== undefined && !NETWORK_RE.test(acc.network))
            add([...path, 'network'], `${quoted(acc.network)} is not a network name (letters, digits, "_", "." and "-")`);
        checkVolumes(acc.volumes, [...path, 'volumes'], add);
        docker_args_checkLabels(acc.labels, [...path, 'labels'], add);
        checkOptionNames(acc.options, [...path, 'options'], add);
        checkEnvNames(acc.env, [...path, 'env'], add);
    }
}

// EXTERNAL MODULE: ./src/config/hooks.ts
var config_hooks = __webpack_require__(6206);
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
            text = (0,config_paths/* readCapped */.EF)(path, displayName, config_paths/* MAX_CONFIG_BYTES */.GW).toString('utf8');
        }
        catch (e) {
            const message = e instanceof config_paths/* LocalFileError */.QD && e.problem !== 'not found'
                ? `Configuration file ${displayName} ${e.problem}`
                : `Configuration file not found in ${displayName}`;
            throw new errors/* ConfigError */.x([{ keyPath: '', message }], { cause: e });
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
    /** The document as plain data; aliases that expand too far (a "billion laughs") are refused. */
    value() {
        try {
            return this.doc.toJS({ maxAliasCount: 1000 }) ?? {};
        }
        catch (e) {
            if (!(e instanceof ReferenceError))
                throw e;
            throw new errors/* ConfigError */.x([
                {
                    keyPath: '',
                    message: `YAML aliases expand too far (${e.message}); refused`,
                    location: { file: this.file, line: 1, column: 1 }
                }
            ], { cause: e });
        }
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

// EXTERNAL MODULE: ./src/config/ssh.ts
var config_ssh = __webpack_require__(2020);
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
    return buildConfig(merged, sources, opts.destination, opts.workingDirectory);
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
        // The config files themselves stay inside the working directory too (a symlink included).
        const where = (0,config_paths/* resolveInside */.LI)(workingDirectory, (0,external_node_path_.resolve)(path));
        if (!where.ok) {
            readProblems.push({ keyPath: '', message: `Configuration file ${where.problem}` });
            continue;
        }
        try {
            sources.push(source_YamlSource.read(where.path, display(path), erbEnv));
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
function buildConfig(merged, sources, destination, workingDirectory) {
    const { problems, add } = problemCollector(sources);
    const parsed = configSchema.safeParse(merged, { error: kamalMessage });
    if (!parsed.success) {
        const removed = reportSchemaIssues(parsed.error.issues, merged, add);
        checkWithoutBadParts(merged, removed, destination, add, workingDirectory);
        throw new errors/* ConfigError */.x(sortProblems(problems, sources));
    }
    const config = normalize(parsed.data, destination, add, workingDirectory);
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
        // A value echoed in a message is cut where it is built; this bounds anything else (a 100 KB key).
        problems.push({
            keyPath: (0,values/* cut */.Jj)(path.join('/'), 200),
            message: (0,values/* cut */.Jj)(message, 600),
            location: locate(at ?? path, atKey)
        });
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
function checkWithoutBadParts(merged, removed, destination, add, workingDirectory) {
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
    }, workingDirectory);
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
function normalize(raw, destination, add, workingDirectory) {
    if (raw.require_destination && !destination)
        add([], 'You must specify a destination');
    const registry = normalizeRegistry(raw.registry, ['registry'], add);
    const image = appImage(raw, registry, add);
    const scope = sectionScope(raw, add, workingDirectory);
    const envTags = normalizeEnvTags(raw.env, add);
    const roles = buildRoles(scope);
    const accessories = buildAccessories(roles, scope);
    (0,proxy/* checkProxiesAcross */.k3)(roles, accessories, scope.proxyLayers, add);
    checkBuilder(raw, isLocalRegistry(registry), add);
    checkHooksOutput(raw.hooks_output, add);
    checkAliases(raw.aliases, add);
    const ssh = (0,config_ssh/* normalizeSsh */.uT)(raw.ssh, add);
    const hooks = (0,config_hooks/* hooksPath */.Er)(raw, add);
    checkDockerArgs(raw, image, add);
    if (workingDirectory)
        checkLocalPaths(raw, workingDirectory, add);
    const warnings = [localRegistryWarning(registry), ...(0,config_ssh/* sshWarnings */.cT)(raw.ssh), ...secretFileWarnings(accessories)];
    return {
        service: raw.service,
        image,
        destination,
        registry,
        roles,
        primaryRole: scope.primaryRole,
        accessories,
        builder: normalizeBuilder(raw.builder),
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
        aliases: raw.aliases ?? {},
        hooksPath: hooks,
        hooksOutput: (0,config_hooks/* hooksOutput */.GZ)(raw),
        ignoredKeys: (0,config_warnings/* ignoredKeys */.l6)(raw),
        warnings: warnings.filter((w) => w !== undefined),
        files: []
    };
}
/** The root values every role and accessory builder starts from. */
function sectionScope(root, add, workingDirectory) {
    return {
        root,
        workingDirectory,
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
/**
 * Local paths named at the root stay inside the working directory: `secrets_path` (its files are
 * read), `hooks_path` and `error_pages_path` (read by Kamal; validated here).
 */
function checkLocalPaths(raw, workingDirectory, add) {
    for (const key of ['secrets_path', 'hooks_path', 'error_pages_path']) {
        const value = raw[key];
        // hooks_path's text was checked by hooksPath (also without a working directory): one message.
        if (value === undefined || (key === 'hooks_path' && !(0,config_paths/* staysInside */.No)(value)))
            continue;
        const where = (0,config_paths/* resolveInside */.LI)(workingDirectory, value);
        if (!where.ok)
            add([key], where.problem);
    }
}

// EXTERNAL MODULE: ./src/config/secrets.ts + 1 modules
var config_secrets = __webpack_require__(992);
// EXTERNAL MODULE: ./src/flows/context.ts + 1 modules
var context = __webpack_require__(8029);
// EXTERNAL MODULE: ./src/flows/errors.ts
var flows_errors = __webpack_require__(5438);
// EXTERNAL MODULE: ./src/flows/hooks.ts
var hooks = __webpack_require__(7421);
// EXTERNAL MODULE: ./src/flows/remove.ts
var remove = __webpack_require__(5009);
// EXTERNAL MODULE: ./src/transport/ssh.ts + 1 modules
var transport_ssh = __webpack_require__(2845);
// EXTERNAL MODULE: ./src/action/hooks.ts
var action_hooks = __webpack_require__(6746);
// EXTERNAL MODULE: ./src/action/inputs.ts + 1 modules
var action_inputs = __webpack_require__(1334);
// EXTERNAL MODULE: ./src/action/ssh-setup.ts + 2 modules
var ssh_setup = __webpack_require__(1477);
;// CONCATENATED MODULE: ./src/action/prepare.ts
// Everything a run needs before its first connection — inputs, config, targets, secrets, SSH
// credentials, the hooks there are — done without @actions/core, and the connections started right
// away. @actions/core (≈ 50 ms of CPU to load) waits until the hosts run the first commands (main.ts:
// loaded earlier, it would hold up the handshakes). With a `pre-connect` hook, the connections start
// only once it has succeeded (Kamal runs it before the first SSH connection and before a build); its
// output is shown in the step's log (step.ts).












/** The command a run works as (`plan` plans one). */
function flowOf(inputs) {
    return (inputs.planned ?? inputs.line).command;
}
/** The hosts a command works on (and, for one that locks, the lock host); `plan` plans one. */
function hostsFor(inputs, targets) {
    const line = inputs.planned ?? inputs.line;
    const flow = line.command;
    // A build works on the runner only.
    if (flow === 'build')
        return [];
    // The action's own words: setup all hosts, deploy-like flows the app hosts, lock commands the primary.
    if (!line.spec ||
        line.command === 'lock-status' ||
        line.command === 'lock-acquire' ||
        line.command === 'lock-release')
        return flow === 'setup'
            ? targets.hosts
            : ['deploy', 'redeploy', 'rollback', 'exec'].includes(flow)
                ? targets.appHosts
                : [targets.primaryHost];
    const hosts = (0,context/* hostsInScope */.$L)(targets, line.spec.scope, line.args[0]);
    const locks = line.spec.locks === true || (line.spec.locks === 'with --stop' && line.options['stop'] === true);
    return locks && !hosts.includes(targets.primaryHost) ? [...hosts, targets.primaryHost] : hosts;
}
/**
 * Loads configs as the inputs name them, keeping each (a line's alias is looked up in the config of
 * the line's destination; the run then loads the config of the final destination, usually the same).
 */
function configLoader(workingDirectory, env) {
    const loaded = new Map();
    return (where) => {
        const key = JSON.stringify([where.configFile, where.destination ?? null]);
        let config = loaded.get(key);
        if (!config) {
            config = loadConfig({
                workingDirectory: workingDirectory(),
                configFile: where.configFile,
                destination: where.destination,
                env
            });
            loaded.set(key, config);
        }
        return config;
    };
}
/** Every input, the command line and its aliases resolved, and the config it names. */
function resolveRun(env) {
    const workingDirectory = () => (0,external_node_path_.resolve)(env['GITHUB_WORKSPACE'] ?? process.cwd(), (0,action_inputs/* getInput */.V4)(env, 'working-directory') || '.');
    const load = configLoader(workingDirectory, env);
    const inputs = (0,action_inputs/* readInputs */.Ko)(env, (where) => load(where).aliases);
    const config = load({ destination: inputs.destination, configFile: inputs.configFile });
    return { inputs, workingDirectory: workingDirectory(), config };
}
/** The secret names a command needs: its flow's (with `build`, the build's too), or a build's alone. */
function secretNames(inputs, config) {
    const line = inputs.planned ?? inputs.line;
    if (line.command === 'build')
        return (0,config_secrets/* buildSecrets */.S_)(config);
    // An exec in the running container writes no env file (`--reuse`).
    const needs = line.command === 'exec'
        ? !inputs.exec.reuse
        : line.spec
            ? line.spec.secrets === true
            : action_inputs/* DEPLOYING */.WH.includes(line.command);
    if (!needs)
        return [];
    return [...new Set([...(0,config_secrets/* requiredSecrets */.Hz)(config), ...(inputs.build ? (0,config_secrets/* buildSecrets */.S_)(config) : [])])];
}
/** Kamal's tags of the run, as every hook gets them. */
function hookTagsFor(inputs, config, targets, env) {
    return {
        performer: env['GITHUB_ACTOR'] ?? 'deckhand',
        service: config.service,
        version: inputs.version,
        destination: config.destination,
        roles: inputs.roles.length > 0 ? targets.roles.map((r) => r.name) : undefined,
        command: flowOf(inputs)
    };
}
/** The secrets a run needs, resolved up front (a missing one stops the run before anything touches a
 * host), and every secret of the secrets files when a hook that gets them (pre-connect, pre/post-deploy) will run. */
function secretsFor(inputs, config, hookFiles, read, env, connects) {
    // The secrets holding SSH keys (`ssh.key_data`): every command that connects needs them.
    const names = [...new Set([...secretNames(inputs, config), ...(connects ? (0,config_secrets/* sshKeySecrets */.tc)(config) : [])])];
    const forHooks = [...hookFiles.keys()].some((name) => hooks/* HOOKS_WITH_SECRETS */.GH.includes(name));
    if (names.length === 0 && !forHooks)
        return { secrets: new Map(), hookSecrets: new Map() };
    const source = read();
    return {
        secrets: names.length > 0 ? (0,config_secrets/* resolveSecrets */.Mx)(config, source, env, names) : new Map(),
        hookSecrets: forHooks ? new Map(source.fromFiles) : new Map()
    };
}
/** Kamal's pre-connect: once, before the first SSH connection or build, which wait for it to succeed. */
function startPreConnect(base, hookSecrets, env, signal) {
    const hook = base.hookFiles.get('pre-connect');
    if (!hook)
        return undefined;
    const inherited = env['KAMAL_LOCK'] === 'true';
    return (0,action_hooks/* spawnHook */.ne)((0,external_node_path_.resolve)(base.workingDirectory, hook), {
        cwd: base.workingDirectory,
        env: {
            ...env,
            ...(0,hooks/* hookEnv */.$R)('pre-connect', base.hookTags, { hosts: base.targets.hosts, lock: inherited }, hookSecrets)
        },
        signal
    });
}
function prepare(env, signal) {
    let inputs;
    let workingDirectory;
    try {
        workingDirectory = (0,external_node_path_.resolve)(env['GITHUB_WORKSPACE'] ?? process.cwd(), (0,action_inputs/* getInput */.V4)(env, 'working-directory') || '.');
        const resolved = resolveRun(env);
        inputs = resolved.inputs;
        const { config } = resolved;
        const targets = selectRunTargets(config, inputs);
        const flow = flowOf(inputs);
        const hookFiles = inputs.skipHooks
            ? new Map()
            : (0,action_hooks/* findHooks */.oe)(workingDirectory, config.hooksPath, (0,hooks/* hooksOf */.uj)(flow, inputs.build));
        const hosts = hostsFor(inputs, targets);
        const routes = (0,ssh_setup/* sshRoutes */.B)(config, hosts, workingDirectory, env);
        const ssh = { routes: routes.routes, warnings: routes.warnings };
        const base = {
            ok: true,
            inputs,
            workingDirectory,
            config,
            targets,
            hosts,
            ssh,
            version: flow === 'exec' && !inputs.versionGiven ? (0,naming/* latestTag */.wk)(config) : inputs.version,
            hookFiles,
            hookTags: hookTagsFor(inputs, config, targets, env)
        };
        refuseUnconfirmed(inputs, config, targets);
        if (inputs.command === 'help')
            return { ...base, kind: 'plan', secrets: new Map(), hookSecrets: new Map(), missingSecrets: [] };
        if (inputs.command === 'plan') {
            // No values and no connections: `$(commands)` in the secrets files are not run either.
            const source = (0,config_secrets/* readSecretFiles */.EH)(workingDirectory, config.secretsPath, config.destination, env, () => '<from command>');
            const planned = (0,config_secrets/* planSecrets */.Ds)(config, source, env, secretNames(inputs, config));
            return {
                ...base,
                kind: 'plan',
                secrets: planned.secrets,
                hookSecrets: new Map(),
                missingSecrets: planned.missing
            };
        }
        const { secrets, hookSecrets } = secretsFor(inputs, config, hookFiles, () => (0,config_secrets/* readSecretFiles */.EH)(base.workingDirectory, config.secretsPath, config.destination, env), env, hosts.length > 0);
        const preConnect = startPreConnect(base, hookSecrets, env, signal);
        const prepared = { ...base, secrets, hookSecrets, ...(preConnect ? { preConnect } : {}) };
        if (inputs.command === 'build')
            return { ...prepared, kind: 'build' };
        const { creds, warnings } = (0,ssh_setup/* sshCredentials */.r)(inputs, config, env, { workingDirectory, secrets, routes, hosts });
        ssh.warnings.push(...warnings);
        const pool = new transport_ssh/* SshPool */.VX(creds, Math.max(1, config.maxConcurrentStarts), routes.endpoint);
        // Every connection is asked for at once; the pool starts at most max_concurrent_starts handshakes
        // at a time, and the step's preflight waits for them all (step.ts: a failing host stops the run
        // before anything runs). A run that builds first connects only once the image is pushed: a
        // failed build touches no host at all; with a pre-connect hook, only once it has succeeded.
        const connect = () => {
            for (const host of base.hosts)
                pool
                    .get(host)
                    .connect()
                    .catch(() => undefined);
        };
        if (!inputs.build) {
            if (!preConnect)
                connect();
            else
                void preConnect.then((r) => {
                    if (r.code === 0 && !signal?.aborted)
                        connect();
                });
        }
        return { ...prepared, kind: 'remote', pool };
    }
    catch (error) {
        const command = inputs?.line.text ?? ((0,action_inputs/* getInput */.V4)(env, 'command') || 'deploy');
        return { ok: false, error, command, version: inputs?.version ?? '', workingDirectory };
    }
}
/** The run's targets: the hosts and roles inputs, and `-p` (the primary host only: of the first
 * role given with -r, else of the config, as Kamal's specific_primary!). */
function selectRunTargets(config, inputs) {
    const targets = (0,context/* selectTargets */.Dv)(config, inputs.hosts, inputs.roles);
    return inputs.primary ? (0,context/* selectTargets */.Dv)(config, [targets.primaryHost], inputs.roles) : targets;
}
/** A destructive command without confirm stops here, before any connection, saying what it would remove. */
function refuseUnconfirmed(inputs, config, targets) {
    const spec = inputs.line.spec;
    if (!spec?.destructive || inputs.confirm)
        return;
    throw new flows_errors/* NotConfirmedError */.nM(inputs.line.text, (0,remove/* removalPreview */.h)(config, targets, spec.command, inputs.line.args[0]));
}


/***/ }),

/***/ 1477:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  r: () => (/* binding */ sshCredentials),
  B: () => (/* binding */ sshRoutes)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/config/errors.ts
var errors = __webpack_require__(7827);
// EXTERNAL MODULE: ./src/config/paths.ts
var paths = __webpack_require__(1066);
// EXTERNAL MODULE: ./src/util/endpoint.ts
var util_endpoint = __webpack_require__(7);
// EXTERNAL MODULE: ./src/util/tokens.ts
var util_tokens = __webpack_require__(7432);
// EXTERNAL MODULE: ./src/config/ssh.ts
var ssh = __webpack_require__(2020);
// EXTERNAL MODULE: ./node_modules/ssh-config/lib/ssh-config.js + 1 modules
var ssh_config = __webpack_require__(699);
;// CONCATENATED MODULE: ./src/config/ssh-config.ts
// OpenSSH client config files (ssh_config(5)) as far as they decide where and how to connect.
// The `ssh-config` package tokenizes the files (quoting, `=` or blanks between key and value,
// comments, Host/Match sections); host matching and "first obtained value wins" are done here,
// not by its compute(): that one runs `Match exec` commands and `nslookup`, matches `?` as "zero or
// one character", and does not tell which lines applied — which the warnings need.


function valuesOf(value) {
    return typeof value === 'string' ? [value] : value.map((v) => v.val);
}
/** The value as one string, quotes kept where they were (ProxyCommand is split by the tokenizer). */
function textOf(value) {
    if (typeof value === 'string')
        return value;
    return value
        .map(({ val, separator, quoted }) => `${separator}${quoted ? `"${val.replace(/"/g, '\\"')}"` : val}`)
        .join('')
        .trim();
}
function newlines(text) {
    return text.split('\n').length - 1;
}
/** Parses one file; `file` names it in messages. A file OpenSSH could not read either is a ConfigError. */
function parseSshConfig(text, file) {
    let parsed;
    try {
        parsed = ssh_config/* default.parse */.Ay.parse(text);
    }
    catch (e) {
        throw new errors/* ConfigError */.x([
            { keyPath: 'ssh/config', message: `${file}: cannot be read as an OpenSSH config (${e.message})` }
        ]);
    }
    const out = { file, blocks: [{ directives: [] }], notes: [] };
    let line = 1;
    let current = out.blocks[0];
    let skipping = false;
    const visit = (node) => {
        line += newlines(node.before);
        const at = line;
        line += newlines(node.after);
        if (node.type !== ssh_config/* LineType */.Vv.DIRECTIVE)
            return;
        const key = node.param.toLowerCase();
        if (key === 'host') {
            current = { patterns: valuesOf(node.value), directives: [] };
            out.blocks.push(current);
            skipping = false;
        }
        else if (key === 'match') {
            out.notes.push(`${file}:${at}: Match blocks are not supported: the settings under this one are not used`);
            skipping = true;
        }
        else if (key === 'include') {
            out.notes.push(`${file}:${at}: Include is not followed: ${textOf(node.value)} is not read`);
        }
        else if (!skipping) {
            const value = node.value;
            current.directives.push({ key, name: node.param, values: valuesOf(value), text: textOf(value), file, line: at });
        }
        if ('config' in node)
            for (const child of node.config)
                visit(child);
    };
    for (const node of parsed)
        visit(node);
    return out;
}
/** One ssh_config pattern: `*` any run of characters, `?` exactly one; case does not matter. */
function patternMatches(pattern, name) {
    const re = pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.');
    return new RegExp(`^${re}$`, 'i').test(name);
}
/** A Host line applies when one of its patterns matches and none of its `!` patterns does. */
function hostMatches(patterns, name) {
    let matched = false;
    for (const p of patterns) {
        if (p.startsWith('!')) {
            if (patternMatches(p.slice(1), name))
                return false;
        }
        else if (patternMatches(p, name))
            matched = true;
    }
    return matched;
}
/** Keys that take every value obtained instead of the first one. */
const ACCUMULATED = new Set(['identityfile', 'certificatefile', 'localforward', 'remoteforward', 'dynamicforward']);
/** The settings for `name` (the host as given, before HostName), files and lines in order. */
function lookupHost(files, name) {
    const first = new Map();
    const identityFiles = [];
    const applied = [];
    for (const f of files)
        for (const block of f.blocks) {
            if (block.patterns && !hostMatches(block.patterns, name))
                continue;
            for (const d of block.directives) {
                if (ACCUMULATED.has(d.key)) {
                    if (d.key === 'identityfile')
                        identityFiles.push(d);
                    applied.push(d);
                }
                else if (!first.has(d.key)) {
                    first.set(d.key, d);
                    applied.push(d);
                }
            }
        }
    return { first, identityFiles, applied };
}

;// CONCATENATED MODULE: ./src/config/reach.ts
// How each host of a run is reached: deploy.yml's ssh section (Kamal: user, port, proxy,
// proxy_command) over the OpenSSH config files it names (ssh.config). As in Kamal, where the
// config sets `ssh.user`/`ssh.port` (root and 22 when unset) and `ssh.proxy`, those win over the
// files; HostName, ProxyJump, ProxyCommand, IdentityFile and the rest come from the files.





/** The ssh_config keys acted on; every other key that applies to a host is named in a warning. */
const ACTED_ON = new Set([
    'host',
    'hostname',
    'user',
    'port',
    'identityfile',
    'identitiesonly',
    'proxyjump',
    'proxycommand',
    'serveraliveinterval',
    'serveralivecountmax',
    'stricthostkeychecking',
    'userknownhostsfile',
    'connecttimeout'
]);
/** A chain that loops (a jump host whose own ProxyJump leads back) stops here, as a config error. */
const MAX_HOPS = 8;
function fail(message) {
    throw new errors/* ConfigError */.x([{ keyPath: 'ssh', message }]);
}
function where(d) {
    return `${d.file}:${d.line}`;
}
/** `~/x` and OpenSSH's tokens in a file name (IdentityFile, UserKnownHostsFile). */
function expandPath(d, value, tokens) {
    try {
        const path = (0,util_tokens/* expandTokens */.R7)(value, tokens);
        return path === '~' ? tokens['d'] : path.startsWith('~/') ? `${tokens['d']}${path.slice(1)}` : path;
    }
    catch (e) {
        if (e instanceof util_tokens/* TokenError */.gz)
            fail(`${where(d)}: ${d.name} ${value}: ${e.message}`);
        throw e;
    }
}
function seconds(d) {
    if (!d)
        return undefined;
    const n = Number(d.values[0]);
    if (!Number.isInteger(n) || n < 0)
        fail(`${where(d)}: ${d.name} should be a number of seconds, not '${d.text}'`);
    return n;
}
/** Resolves every host's Endpoint and collects the warnings about the files, each once. */
class HostRoutes {
    ssh;
    files;
    local;
    notes = new Map();
    constructor(ssh, files, local) {
        this.ssh = ssh;
        this.files = files;
        this.local = local;
        for (const f of files)
            for (const n of f.notes)
                this.note(n, undefined);
    }
    /** An app host: deploy.yml's user and port, its route from ssh.proxy, ssh.proxy_command or the files. */
    forHost(name) {
        const opts = this.lookup(name);
        this.overridden(opts, 'user', this.ssh.user, name, 'ssh.user');
        this.overridden(opts, 'port', String(this.ssh.port), name, 'ssh.port');
        const address = this.hostName(opts, name);
        const target = { name, address, port: this.ssh.port, user: this.ssh.user };
        let route;
        if (this.ssh.proxy) {
            this.overriddenRoute(opts, name, 'ssh.proxy');
            route = this.chain(this.ssh.proxy, 'root', 0);
        }
        else if (this.ssh.proxyCommand !== undefined) {
            this.overriddenRoute(opts, name, 'ssh.proxy_command');
            route = this.command(this.ssh.proxyCommand, target, 'ssh.proxy_command');
        }
        else
            route = this.fileRoute(opts, target, 0);
        return { ...target, route, ...this.common(opts, target) };
    }
    /** Warnings: what the files say that is not acted on, each line once with the hosts it applied to. */
    warnings() {
        // In the order of the files and their lines (each note starts with `file:line:`).
        const place = (text) => {
            const m = /^(.*?):(\d+):/.exec(text);
            return m ? [this.files.findIndex((f) => f.file === m[1]), Number(m[2])] : [-1, 0];
        };
        return [...this.notes]
            .sort(([a], [b]) => {
            const [fa = 0, la = 0] = place(a);
            const [fb = 0, lb = 0] = place(b);
            return fa - fb || la - lb;
        })
            .map(([text, hosts]) => (hosts.size > 0 ? `${text} (for ${[...hosts].join(', ')})` : text));
    }
    note(text, host) {
        const hosts = this.notes.get(text) ?? new Set();
        if (host !== undefined)
            hosts.add(host);
        this.notes.set(text, hosts);
    }
    lookup(name) {
        const opts = lookupHost(this.files, name);
        for (const d of opts.applied) {
            if (!ACTED_ON.has(d.key))
                this.note(`${where(d)}: ${d.name} is read but not acted on by this action`, name);
            if (d.key === 'stricthostkeychecking' && !['yes', 'true'].includes(d.text.toLowerCase()))
                this.note(`${where(d)}: StrictHostKeyChecking ${d.text} is not followed: host keys are always checked against known-hosts`, name);
        }
        return opts;
    }
    overridden(opts, key, used, host, setting) {
        const d = opts.first.get(key);
        if (d && d.text !== used)
            this.note(`${where(d)}: ${d.name} ${d.text} is not used: ${setting} (${used}) wins, as in Kamal`, host);
    }
    overriddenRoute(opts, host, setting) {
        for (const key of ['proxyjump', 'proxycommand']) {
            const d = opts.first.get(key);
            if (d && d.text.toLowerCase() !== 'none')
                this.note(`${where(d)}: ${d.name} is not used: ${setting} wins`, host);
        }
    }
    /** HostName, with `%h` (the name as given) substituted. */
    hostName(opts, name) {
        const d = opts.first.get('hostname');
        if (!d)
            return name;
        try {
            return (0,util_tokens/* expandTokens */.R7)(d.text, { h: name });
        }
        catch (e) {
            if (e instanceof util_tokens/* TokenError */.gz)
                fail(`${where(d)}: HostName ${d.text}: ${e.message}`);
            throw e;
        }
    }
    /** The first of ProxyJump and ProxyCommand a file gives (OpenSSH uses the first obtained); `none` is direct. */
    fileRoute(opts, target, depth) {
        const jump = opts.first.get('proxyjump');
        const command = opts.first.get('proxycommand');
        // Both set: the one obtained first wins (`applied` is in the order the lines were obtained).
        const order = (d) => (d ? opts.applied.indexOf(d) : Infinity);
        const useJump = jump !== undefined && order(jump) < order(command);
        if (useJump && jump.text.toLowerCase() !== 'none') {
            const hops = (0,ssh/* parseJumpList */.ye)(jump.text);
            if (!hops)
                fail(`${where(jump)}: ProxyJump ${jump.text} should be [user@]host[:port], a comma list for a chain`);
            return this.chain(hops, undefined, depth);
        }
        if (!useJump && command && command.text.toLowerCase() !== 'none')
            return this.command(command.text, target, where(command));
        return { kind: 'direct' };
    }
    /** ssh.proxy_command or ProxyCommand with %h %p %r %n substituted (the target's address, port, user, name). */
    command(template, target, origin) {
        try {
            const command = (0,util_tokens/* expandTokens */.R7)(template, {
                h: target.address,
                p: String(target.port),
                r: target.user,
                n: target.name
            });
            return { kind: 'command', command, shown: (0,util_endpoint/* showCommand */.TB)(template) };
        }
        catch (e) {
            if (e instanceof util_tokens/* TokenError */.gz)
                fail(`${origin}: ${e.message} in the proxy command`);
            throw e;
        }
    }
    /** Jump hosts: the first reached its own way (its own ProxyJump/ProxyCommand), each next one through the one before. */
    chain(hops, defaultUser, depth) {
        let via;
        for (const hop of hops)
            via = this.jumpHost(hop, via, defaultUser, depth + 1);
        return { kind: 'jump', via: via };
    }
    jumpHost(spec, previous, defaultUser, depth) {
        if (depth > MAX_HOPS)
            fail(`more than ${MAX_HOPS} jump hosts on the way to ${spec.host}: does a ProxyJump lead back?`);
        const opts = this.lookup(spec.host);
        const portLine = opts.first.get('port');
        const port = spec.port ?? (portLine ? Number(portLine.text) : 22);
        if (!Number.isInteger(port) || port < 1 || port > 65535)
            fail(`${where(portLine)}: Port ${portLine?.text} is not a port`);
        const user = spec.user ?? defaultUser ?? opts.first.get('user')?.text ?? this.local.user;
        const target = { name: spec.host, address: this.hostName(opts, spec.host), port, user };
        const route = previous ? { kind: 'jump', via: previous } : this.fileRoute(opts, target, depth);
        return { ...target, route, ...this.common(opts, target) };
    }
    /** IdentityFile, IdentitiesOnly, UserKnownHostsFile, ServerAlive*, ConnectTimeout. */
    common(opts, target) {
        const tokens = {
            d: this.local.home,
            u: this.local.user,
            h: target.address,
            p: String(target.port),
            r: target.user,
            n: target.name
        };
        const known = opts.first.get('userknownhostsfile');
        const interval = seconds(opts.first.get('serveraliveinterval'));
        const countMax = seconds(opts.first.get('serveralivecountmax'));
        const timeout = seconds(opts.first.get('connecttimeout'));
        return {
            identityFiles: opts.identityFiles
                .filter((d) => d.text.toLowerCase() !== 'none')
                .map((d) => expandPath(d, d.text, tokens)),
            identitiesOnly: ['yes', 'true'].includes(opts.first.get('identitiesonly')?.text.toLowerCase() ?? ''),
            knownHostsFiles: known
                ? known.values.filter((v) => v.toLowerCase() !== 'none').map((v) => expandPath(known, v, tokens))
                : [],
            ...(interval !== undefined && interval > 0
                ? { keepalive: { intervalMs: interval * 1000, countMax: countMax ?? 3 } }
                : {}),
            ...(timeout !== undefined && timeout > 0 ? { connectTimeoutMs: timeout * 1000 } : {})
        };
    }
}
/** Every host's route in words, for the log, the summary and the plan. */
function routesInWords(endpoints) {
    return new Map(endpoints.map((ep) => [ep.name, describeRoute(ep)]));
}

// EXTERNAL MODULE: ./src/transport/known-hosts.ts
var known_hosts = __webpack_require__(3808);
// EXTERNAL MODULE: ./src/transport/ssh.ts + 1 modules
var transport_ssh = __webpack_require__(2845);
;// CONCATENATED MODULE: ./src/action/ssh-setup.ts
// The run's SSH side, prepared before the first connection: which OpenSSH config files apply
// (ssh.config), how each host is reached (directly, through jump hosts, or a proxy command), the
// keys (the ssh-private-key input, ssh.key_data, ssh.keys, IdentityFile) and the agent, and the
// known-hosts lines. Everything that is wrong stops the run here, before any host is touched.










function localUser(env) {
    let user = env['USER'] ?? '';
    try {
        user = (0,external_node_os_.userInfo)().username;
    }
    catch {
        // No passwd entry (some containers): $USER it is.
    }
    return { home: env['HOME'] || (0,external_node_os_.homedir)(), user };
}
/** `~/x` is the home directory's, a relative path the working directory's. */
function localPath(path, workingDirectory, home) {
    if (path === '~')
        return home;
    if (path.startsWith('~/'))
        return (0,external_node_path_.join)(home, path.slice(2));
    return (0,external_node_path_.isAbsolute)(path) ? path : (0,external_node_path_.join)(workingDirectory, path);
}
/** The OpenSSH config files ssh.config names (Kamal's default: `~/.ssh/config`, when there is one). */
function readSshConfigs(config, workingDirectory, home) {
    const files = [];
    for (const name of config.ssh.configFiles) {
        const path = localPath(name, workingDirectory, home);
        let text;
        try {
            text = (0,external_node_fs_.readFileSync)(path, 'utf8');
        }
        catch (e) {
            if (!config.ssh.configNamed && e.code === 'ENOENT')
                continue;
            throw new errors/* ConfigError */.x([{ keyPath: 'ssh/config', message: `cannot read ${name} (${e.message})` }], {
                cause: e
            });
        }
        files.push(parseSshConfig(text, name));
    }
    return files;
}
/** Resolves how every host is reached; a bad ProxyJump, token or file is a ConfigError now. */
function sshRoutes(config, hosts, workingDirectory, env) {
    const local = localUser(env);
    const resolver = new HostRoutes(config.ssh, readSshConfigs(config, workingDirectory, local.home), local);
    const endpoints = new Map();
    const endpoint = (host) => {
        let ep = endpoints.get(host);
        if (!ep)
            endpoints.set(host, (ep = resolver.forHost(host)));
        return ep;
    };
    const routes = new Map(hosts.map((h) => [h, (0,util_endpoint/* describeRoute */.fx)(endpoint(h))]));
    return { endpoint, routes, warnings: resolver.warnings() };
}
/** The keys of the run, in the order they are offered: the input, ssh.key_data, ssh.keys. */
function runKeys(inputs, config, secrets, workingDirectory) {
    const keys = [];
    if (inputs.sshPrivateKey)
        keys.push({ from: 'Input ssh-private-key', text: inputs.sshPrivateKey });
    config.ssh.keyData.forEach((k, i) => {
        const text = 'secret' in k ? secrets.get(k.secret) : k.literal;
        if (text)
            keys.push({ from: `ssh.key_data[${i}]${'secret' in k ? ` (secret ${k.secret})` : ''}`, text: tidyKey(text) });
    });
    for (const path of config.ssh.keys) {
        let text;
        try {
            // Inside the working directory (symlinks followed), and no bigger than a key file can be.
            text = (0,paths/* readInside */.xO)(workingDirectory, path, 64 * 1024).toString('utf8');
        }
        catch (e) {
            if (!(e instanceof paths/* LocalFileError */.QD))
                throw e;
            throw new errors/* ConfigError */.x([{ keyPath: 'ssh/keys', message: `${path}: ${e.problem}` }], { cause: e });
        }
        keys.push({ from: `ssh.keys ${path}`, text: tidyKey(text) });
    }
    for (const k of keys) {
        const problem = (0,transport_ssh/* privateKeyProblem */.ss)(k.text);
        if (problem)
            throw new Error(`${k.from}: cannot be used as an SSH key: ${problem}`);
    }
    return keys.map((k) => k.text);
}
/** Keys pasted into secrets often lose their final newline or gain CRLFs; ssh2 wants neither. */
function tidyKey(text) {
    return text.replace(/\r\n?/g, '\n').trim() + '\n';
}
/**
 * The files the endpoints' ssh config names: IdentityFile (missing or unusable ones are skipped
 * with a warning, as OpenSSH skips them) and UserKnownHostsFile (missing ones hold no keys).
 */
function endpointFiles(endpoints, warnings) {
    const files = new Map();
    let identities = 0;
    const all = endpoints.flatMap((ep) => [...(0,util_endpoint/* jumpChain */.I8)(ep), ep]);
    for (const path of new Set(all.flatMap((ep) => ep.identityFiles))) {
        if (!(0,external_node_fs_.existsSync)(path))
            continue;
        try {
            const text = tidyKey((0,external_node_fs_.readFileSync)(path, 'utf8'));
            const problem = (0,transport_ssh/* privateKeyProblem */.ss)(text);
            if (problem)
                warnings.push(`IdentityFile ${path}: not used: ${problem}`);
            else {
                files.set(path, text);
                identities++;
            }
        }
        catch (e) {
            warnings.push(`IdentityFile ${path}: not used: ${e.message}`);
        }
    }
    for (const path of new Set(all.flatMap((ep) => ep.knownHostsFiles))) {
        try {
            files.set(path, (0,external_node_fs_.readFileSync)(path, 'utf8'));
        }
        catch {
            // No file, no keys.
        }
    }
    return { files, identities };
}
/** The run's credentials: keys, agent and known-hosts lines, for every endpoint of `hosts`. */
function sshCredentials(inputs, config, env, opts) {
    const warnings = [];
    let knownHostsText = inputs.knownHosts;
    if (!knownHostsText) {
        try {
            knownHostsText = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(localUser(env).home, '.ssh', 'known_hosts'), 'utf8');
        }
        catch {
            knownHostsText = '';
        }
    }
    const privateKeys = runKeys(inputs, config, opts.secrets, opts.workingDirectory);
    const { files, identities } = endpointFiles(opts.hosts.map(opts.routes.endpoint), warnings);
    const agent = config.ssh.keysOnly ? undefined : env['SSH_AUTH_SOCK'] || undefined;
    if (privateKeys.length === 0 && !agent && identities === 0)
        throw new Error(`No SSH key: the ssh-private-key input is empty, ssh.keys and ssh.key_data name none, and ${config.ssh.keysOnly ? 'ssh.keys_only rules out the ssh-agent' : 'no ssh-agent is running (SSH_AUTH_SOCK)'}: give the deploy key`);
    if (config.ssh.forwardAgent && !agent)
        warnings.push('ssh.forward_agent: nothing is forwarded without an ssh-agent (SSH_AUTH_SOCK); keys given as text or files are not forwarded');
    return {
        creds: {
            user: config.ssh.user,
            port: config.ssh.port,
            privateKeys,
            agent,
            forwardAgent: config.ssh.forwardAgent,
            knownHosts: (0,known_hosts/* parseKnownHosts */.uJ)(knownHostsText),
            connectTimeoutMs: 20_000,
            silenceTimeoutMs: inputs.sshTimeoutSeconds * 1000,
            files
        },
        warnings
    };
}


/***/ }),

/***/ 1864:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $m: () => (/* binding */ startAccessory),
/* harmony export */   CQ: () => (/* binding */ accessoryFilePath),
/* harmony export */   Ck: () => (/* binding */ accessoryFileMode),
/* harmony export */   I_: () => (/* binding */ accessoryLogs),
/* harmony export */   JW: () => (/* binding */ accessoryInfo),
/* harmony export */   KG: () => (/* binding */ removeAccessoryDirectory),
/* harmony export */   Kf: () => (/* binding */ removeAccessoryImage),
/* harmony export */   O7: () => (/* binding */ runningContainerId),
/* harmony export */   Oh: () => (/* binding */ makeDirectory),
/* harmony export */   Sw: () => (/* binding */ chownFile),
/* harmony export */   XB: () => (/* binding */ pullAccessoryImage),
/* harmony export */   qI: () => (/* binding */ removeAccessoryContainer),
/* harmony export */   rN: () => (/* binding */ stopAccessory),
/* harmony export */   s5: () => (/* binding */ runAccessory),
/* harmony export */   s7: () => (/* binding */ stopIfAccessoryExists)
/* harmony export */ });
/* unused harmony exports accessoryDirectoryPath, publishArg, accessoryExists */
/* harmony import */ var _config_erb_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6833);
/* harmony import */ var _app_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1413);
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9488);
/* harmony import */ var _protocol_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1652);
/* harmony import */ var _shell_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4800);
// Commands for accessories (databases, caches ...), as Kamal builds them.





/** Remote path of an uploaded accessory file: `<service>/<remote path>` under the home directory. */
function accessoryFilePath(accessory, file) {
    return `${accessory.service}/${file.remote.replace(/^\//, '')}`;
}
/** Host side of a directory mount: relative local paths live under `$PWD/<service>/`. */
function accessoryDirectoryPath(accessory, dir) {
    return dir.local.startsWith('/') ? (0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(dir.local) : underPwd(`${accessory.service}/${dir.local}`);
}
/** `$PWD/` (left for the remote shell) followed by the quoted rest. */
const underPwd = (relative) => `$PWD/${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(relative)}`;
/** `host:container[:options]`, quoted, with a relative host side under `$PWD`. */
function volumeSpec(host, container, options) {
    const rest = `${container}${options ? `:${options}` : ''}`;
    return host.startsWith('/') ? (0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(`${host}:${rest}`) : underPwd(`${host}:${rest}`);
}
/** `3306` means `3306:3306`; anything else is passed as written. */
function publishArg(port) {
    return `--publish ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(port.includes(':') ? port : `${port}:${port}`)}`;
}
function runAccessory(config, accessory, host) {
    const volumes = [
        ...accessory.files.map((f) => volumeSpec(accessoryFilePath(accessory, f), f.remote, f.options)),
        ...accessory.directories.map((d) => volumeSpec(d.local.startsWith('/') ? d.local : `${accessory.service}/${d.local}`, d.remote, d.options)),
        ...accessory.volumes
    ];
    return [
        `docker run --name ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(accessory.service)} --detach --restart ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(accessory.restart)}`,
        `--network ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(accessory.network)}`,
        ...(0,_app_js__WEBPACK_IMPORTED_MODULE_1__/* .loggingArgs */ .ro)(accessory.logging),
        ...(accessory.port ? [publishArg(accessory.port)] : []),
        ...(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .argumentize */ .Ou)('--env', { KAMAL_HOST: host }),
        ...(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .argumentize */ .Ou)('--env', accessory.env.clear),
        `--env-file ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)((0,_naming_js__WEBPACK_IMPORTED_MODULE_4__/* .accessoryEnvFile */ .QG)(config, accessory))}`,
        ...volumes.map((v) => `--volume ${v}`),
        ...(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .argumentize */ .Ou)('--label', { service: accessory.service, ...accessory.labels }),
        ...(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .optionize */ .Ew)(accessory.options),
        (0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(accessory.image),
        ...(accessory.cmd ? [accessory.cmd] : [])
    ].join(' ');
}
/** Any container of the accessory, in any state (Kamal skips booting when one exists). */
function accessoryExists(accessory) {
    return `docker ps -a -q --filter label=service=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(accessory.service)}`;
}
/** Ends the script (successfully, reporting `accessory` = exists) when a container of it is there. */
function stopIfAccessoryExists(accessory) {
    return {
        lines: [`if [ -n "$(${accessoryExists(accessory)})" ]; then ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_2__/* .reportLine */ .BS)('accessory', 'exists')}; exit 0; fi`]
    };
}
/**
 * The mode an accessory file is written with: the config's, else Kamal's 0755 — except a file
 * rendered from ERB while the accessory has secret env (its secrets are in ENV then, so the file
 * may hold them): 0600, readable by its owner only (`owner` from the config, else the SSH user).
 */
function accessoryFileMode(accessory, file) {
    return file.mode ?? ((0,_config_erb_js__WEBPACK_IMPORTED_MODULE_0__/* .isErbFile */ .YI)(file.local) && accessory.env.secret.length > 0 ? '600' : '755');
}
/** `chown` of an uploaded file when the config gives an owner. */
function chownFile(accessory, file) {
    return file.owner ? [`chown ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(file.owner)} ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(accessoryFilePath(accessory, file))}`] : [];
}
function makeDirectory(accessory, dir) {
    const path = accessoryDirectoryPath(accessory, dir);
    return [
        `mkdir -p ${path}`,
        ...(dir.mode ? [`chmod ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(dir.mode)} ${path}`] : []),
        ...(dir.owner ? [`chown ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(dir.owner)} ${path}`] : [])
    ];
}
// --- Kamal's `accessory` commands (lib/kamal/commands/accessory.rb, accessory/proxy.rb)
/** `accessory details`: its running containers. */
function accessoryInfo(accessory) {
    return `docker ps --filter label=service=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(accessory.service)}`;
}
/** `accessory logs`, with Kamal's spacing (its optional parts start with a space of their own). */
function accessoryLogs(accessory, o) {
    const grep = o.grep === undefined ? '' : ` | grep ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)(o.grep)}${(o.grepOptions ?? []).map((w) => ` ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(w)}`).join('')}`;
    return `docker logs ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(accessory.service)}${o.since !== undefined ? `  --since ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(o.since)}` : ''}${o.lines !== undefined ? `  --tail ${o.lines}` : ''}${o.timestamps ? ' --timestamps' : ''} 2>&1${grep}`;
}
function startAccessory(accessory) {
    return `docker container start ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(accessory.service)}`;
}
function stopAccessory(accessory) {
    return `docker container stop ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(accessory.service)}`;
}
function pullAccessoryImage(accessory) {
    return `docker image pull ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(accessory.image)}`;
}
/** The accessory's stopped containers (after `stopAccessory`). */
function removeAccessoryContainer(accessory) {
    return `docker container prune --force --filter label=service=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(accessory.service)}`;
}
function removeAccessoryImage(accessory) {
    return `docker image rm --force ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(accessory.image)}`;
}
/** Its uploaded files and data directories (`~/<service>`). */
function removeAccessoryDirectory(accessory) {
    return `rm -rf ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .word */ .Vm)(accessory.service)}`;
}
/** The ID of the accessory's running container (what kamal-proxy is pointed at). */
function runningContainerId(name) {
    return `docker container ls --filter ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)(`name=^${name}$`)} --quiet`;
}


/***/ }),

/***/ 1413:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Kc: () => (/* binding */ proxyResume),
/* harmony export */   PM: () => (/* binding */ containerIdByName),
/* harmony export */   TT: () => (/* binding */ runApp),
/* harmony export */   UQ: () => (/* binding */ renameContainer),
/* harmony export */   VV: () => (/* binding */ HEALTH_COMMAND_ARGS),
/* harmony export */   YO: () => (/* binding */ currentVersion),
/* harmony export */   YT: () => (/* binding */ tagLatest),
/* harmony export */   Yk: () => (/* binding */ startApp),
/* harmony export */   cR: () => (/* binding */ stopApp),
/* harmony export */   dc: () => (/* binding */ newestContainerName),
/* harmony export */   hF: () => (/* binding */ envFileContent),
/* harmony export */   jY: () => (/* binding */ appLogs),
/* harmony export */   k8: () => (/* binding */ removeAppImages),
/* harmony export */   kH: () => (/* binding */ runningContainers),
/* harmony export */   mY: () => (/* binding */ removeAppContainers),
/* harmony export */   qi: () => (/* binding */ appInfo),
/* harmony export */   ro: () => (/* binding */ loggingArgs),
/* harmony export */   ts: () => (/* binding */ listContainers),
/* harmony export */   tt: () => (/* binding */ proxyRemove),
/* harmony export */   ut: () => (/* binding */ proxyMaintenance),
/* harmony export */   v8: () => (/* binding */ listImages),
/* harmony export */   vs: () => (/* binding */ envFor),
/* harmony export */   yO: () => (/* binding */ listVersions),
/* harmony export */   yy: () => (/* binding */ stopTimeout),
/* harmony export */   zG: () => (/* binding */ HEALTH_FORMAT),
/* harmony export */   zt: () => (/* binding */ currentContainer)
/* harmony export */ });
/* unused harmony exports containerHostname, containerFilters, roleFilters */
/* harmony import */ var _config_env_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8409);
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9488);
/* harmony import */ var _shell_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4800);
// Commands for the app containers of a role on a host (Kamal's `app` commands), as exact strings.



/** Root + role env, then the env of each tag the host carries. */
function envFor(config, role, host) {
    return (0,_config_env_js__WEBPACK_IMPORTED_MODULE_1__/* .mergeEnv */ .Q)(role.env, ...host.tags.map((t) => config.envTags[t]).filter((e) => e !== undefined));
}
/** Content of a Kamal env file: `KEY=value` lines; an empty file holds just a newline. */
function envFileContent(env, secrets) {
    const lines = env.secret.map((entry) => {
        const { name, source } = (0,_config_env_js__WEBPACK_IMPORTED_MODULE_1__/* .secretAlias */ .j)(entry);
        return `${name}=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .envFileValue */ .n_)(secrets.get(source) ?? '')}`;
    });
    return lines.length === 0 ? '\n' : lines.join('\n') + '\n';
}
function loggingArgs(logging) {
    if (!logging.driver && Object.keys(logging.options).length === 0)
        return ['--log-opt max-size="10m"'];
    return [
        ...(logging.driver ? [`--log-driver ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .kamalValue */ .mH)(logging.driver)}`] : []),
        ...(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .argumentize */ .Ou)('--log-opt', logging.options)
    ];
}
/** Kamal's container hostname: the host name (at most 51 characters) plus `-` and 12 hex digits. */
function containerHostname(host, hex12) {
    return `${host.replace(/\.$/, '').slice(0, 51)}-${hex12}`;
}
/** `docker run` of a new app container, argument for argument as Kamal builds it. */
function runApp({ config, role, host, version, hostnameSuffix }) {
    const name = (0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .containerName */ .xN)(config, role, version);
    const env = envFor(config, role, host);
    const injected = {
        KAMAL_CONTAINER_NAME: name,
        KAMAL_VERSION: version,
        KAMAL_HOST: host.address,
        ...(config.destination ? { KAMAL_DESTINATION: config.destination } : {})
    };
    return [
        'docker run --detach',
        `--restart ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(role.restart)}`,
        `--name ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(name)}`,
        '--network kamal',
        `--hostname ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(containerHostname(host.address, hostnameSuffix))}`,
        ...(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .argumentize */ .Ou)('--env', injected),
        ...(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .argumentize */ .Ou)('--env', env.clear),
        `--env-file ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)((0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .roleEnvFile */ .c8)(config, role))}`,
        ...loggingArgs(role.logging),
        ...config.volumes.map((v) => `--volume ${v}`),
        ...(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .argumentize */ .Ou)('--label', { service: config.service, role: role.name, destination: config.destination ?? '' }),
        ...(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .argumentize */ .Ou)('--label', role.labels),
        ...(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .optionize */ .Ew)(role.options),
        (0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)((0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .imageRef */ .D6)(config, version)),
        ...(role.cmd ? [role.cmd] : [])
    ].join(' ');
}
/** Container ID(s) of the container with exactly this name, in any state. */
function containerIdByName(name) {
    return `docker container ls --all --filter ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .hD)(`name=^${name}$`)} --quiet`;
}
/** Kamal's container filters: service, destination (empty without one) and, given a role, role. */
function containerFilters(config, role) {
    return `--filter label=service=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(config.service)} --filter label=destination=${config.destination ? (0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(config.destination) : ''}${role ? ` --filter label=role=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(role.name)}` : ''}`;
}
function roleFilters(config, role) {
    return containerFilters(config, role);
}
/**
 * The newest running container of a role whose image is the one tagged latest, else the newest
 * running one of any image (Kamal's current_running_container), in `format` (`--quiet` for its ID).
 */
function currentContainer(config, role, format) {
    const f = format === 'id' ? '--quiet' : `--format '\\''{{.Names}}'\\''`;
    const filters = `${roleFilters(config, role)} --filter status=running --filter status=restarting`;
    const latest = `${config.image}:${(0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .latestTag */ .wk)(config)}`;
    const inner = `docker ps --latest ${f} ${filters} --filter ancestor=$(docker image ls --filter reference=${latest} --format '\\''{{.ID}}'\\'') ; ` +
        `docker ps --latest ${f} ${filters}`;
    return `sh -c '${inner}' | head -1`;
}
/** `| while read line; do echo ${line#<prefix>-}; done`: container names to versions. */
function versionsFromNames(config, role) {
    return `while read line; do echo \${line#${(0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .rolePrefix */ .l6)(config, role)}-}; done`;
}
/**
 * The version currently running for a role: the newest running container whose image is the one
 * tagged latest, else the newest running one of any image. The version is the name minus the prefix.
 */
function currentVersion(config, role) {
    return `${currentContainer(config, role, 'name')} | ${versionsFromNames(config, role)}`;
}
/** Versions of the role's running containers (Kamal's list_versions). */
function listVersions(config, role) {
    return `docker ps ${roleFilters(config, role)} --format "{{.Names}}" | ${versionsFromNames(config, role)}`;
}
/**
 * The role's running (or restarting) containers, newest first, one `<id>=<name>` line each: found
 * by the service, role and destination labels (Kamal's `list_versions` filters), so renamed
 * `_replaced_` containers and leftovers of a cancelled deploy are in it too.
 */
function runningContainers(config, role, latest = false) {
    const filters = `${roleFilters(config, role)} --filter status=running --filter status=restarting`;
    return latest
        ? `docker ps --latest ${filters} --filter ancestor=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(`${config.image}:${(0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .latestTag */ .wk)(config)}`)} --format '{{.ID}}={{.Names}}'`
        : `docker ps ${filters} --format '{{.ID}}={{.Names}}'`;
}
/** Seconds `docker stop` waits: the role's stop_timeout, else drain_timeout for roles without the proxy. */
function stopTimeout(config, role) {
    return role.stopTimeout ?? config.stopTimeout ?? (role.proxy ? undefined : config.drainTimeout);
}
function renameContainer(from, to) {
    return `docker rename ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(from)} ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(to)}`;
}
/** Docker's view of a container's health: `healthy`/`unhealthy`/`starting`, else its state (Kamal's format). */
const HEALTH_FORMAT = '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}';
/**
 * The image's health command as NUL-separated `docker exec` arguments (`/bin/sh -c CMD` for
 * CMD-SHELL, the list for CMD; nothing without a health check), for probing it ourselves.
 */
const HEALTH_COMMAND_ARGS = '{{if .Config.Healthcheck}}{{$t := index .Config.Healthcheck.Test 0}}{{if eq $t "CMD-SHELL"}}/bin/sh{{"\\x00"}}-c{{"\\x00"}}{{index .Config.Healthcheck.Test 1}}{{"\\x00"}}{{else if eq $t "CMD"}}{{range $i, $a := .Config.Healthcheck.Test}}{{if $i}}{{$a}}{{"\\x00"}}{{end}}{{end}}{{end}}{{end}}';
function tagLatest(config, version) {
    return `docker tag ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)((0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .imageRef */ .D6)(config, version))} ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(`${config.image}:${(0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .latestTag */ .wk)(config)}`)}`;
}
// --- Kamal's `app` commands (lib/kamal/commands/app.rb, app/containers.rb, app/images.rb, app/logging.rb, app/proxy.rb)
/** `app details`: the role's running containers. */
function appInfo(config, role) {
    return `docker ps ${roleFilters(config, role)}`;
}
/** `app containers`: every container of the app (all roles, any state). */
function listContainers(config) {
    return `docker container ls --all ${containerFilters(config)}`;
}
/** `app images`. */
function listImages(config) {
    return `docker image ls ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(config.image)}`;
}
/** The `| grep` tail of Kamal's log commands (its pattern single-quoted, as Kamal writes it). */
function grepTail(o) {
    return o.grep === undefined
        ? ''
        : ` | grep ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .hD)(o.grep)}${(o.grepOptions ?? []).map((w) => ` ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(w)}`).join('')}`;
}
/** `app logs`: the running (or given) container's log lines. */
function appLogs(config, role, o) {
    const source = o.containerId === undefined ? currentContainer(config, role, 'id') : `sh -c ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .hD)(`echo ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(o.containerId)}`)}`;
    return `${source} | xargs docker logs${o.timestamps ? ' --timestamps' : ''}${o.since !== undefined ? ` --since ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(o.since)}` : ''}${o.lines !== undefined ? ` --tail ${o.lines}` : ''} 2>&1${grepTail(o)}`;
}
/** `app start`: the container of `version`. */
function startApp(config, role, version) {
    return `docker start ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)((0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .containerName */ .xN)(config, role, version))}`;
}
/** `app stop` (the running container) or the stop of one version (stale containers). */
function stopApp(config, role, version) {
    const t = stopTimeout(config, role);
    const source = version === undefined
        ? currentContainer(config, role, 'id')
        : containerIdByName((0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .containerName */ .xN)(config, role, version));
    return `${source} | xargs docker stop${t === undefined ? '' : ` -t ${t}`}`;
}
/** kamal-proxy forgets the service (it then answers 404 for it). */
function proxyRemove(service) {
    return `docker exec kamal-proxy kamal-proxy remove ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(service)}`;
}
/** `app maintenance`: kamal-proxy answers 503 (with `message`) after draining for `drainTimeout` seconds. */
function proxyMaintenance(service, drainTimeout, message) {
    return `docker exec kamal-proxy kamal-proxy stop ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(service)} --drain-timeout=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .kamalValue */ .mH)(`${drainTimeout}s`)}${message === undefined ? '' : ` --message=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .kamalValue */ .mH)(message)}`}`;
}
/** `app live`. */
function proxyResume(service) {
    return `docker exec kamal-proxy kamal-proxy resume ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(service)}`;
}
/** `app remove`: the role's stopped containers. */
function removeAppContainers(config, role) {
    return `docker container prune --force ${roleFilters(config, role)}`;
}
/** `app remove`: every image of the app (on hosts where every role goes). */
function removeAppImages(config) {
    return `docker image prune --all --force --filter label=service=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(config.service)}`;
}
/** The name of the role's newest container in any state (what `app start` starts without --version). */
function newestContainerName(config, role) {
    return `docker container ls --all --latest ${roleFilters(config, role)} --format '{{.Names}}'`;
}


/***/ }),

/***/ 6689:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EJ: () => (/* binding */ auditAppend),
/* harmony export */   dw: () => (/* binding */ auditReveal),
/* harmony export */   kk: () => (/* binding */ auditLine),
/* harmony export */   xL: () => (/* binding */ auditFor)
/* harmony export */ });
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9488);
/* harmony import */ var _shell_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4800);


/** Kamal's audit line (`mkdir -p .kamal && echo … >> .kamal/<service>-audit.log`). */
function auditLine(...args) {
    return `mkdir -p .kamal && ${auditAppend(...args)}`;
}
/** `auditLine`, or `auditAppend` where the script made `.kamal` first (`kamalDirMade`). */
const auditFor = (kamalDirMade) => (kamalDirMade ? auditAppend : auditLine);
/**
 * `auditLine` without its `mkdir -p .kamal`, for a script that made `.kamal` in its first line
 * (a boot exec, see `cancelHandling`): the same line appended, one process start fewer.
 */
function auditAppend(config, performer, message, tags = [], at = new Date()) {
    const time = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const fields = [time, performer, ...(config.destination ? [config.destination] : []), ...tags]
        .map((f) => `[${f}]`)
        .join(' ');
    return `echo ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .kamalValue */ .mH)(`${fields} ${message}`)} >> ${(0,_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .auditLog */ .sc)(config)}`;
}
/** `audit`: the last 50 lines of the audit log. */
function auditReveal(config) {
    return `tail -n 50 ${(0,_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .auditLog */ .sc)(config)}`;
}


/***/ }),

/***/ 2868:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HH: () => (/* binding */ rememberCurrentVersion),
/* harmony export */   IH: () => (/* binding */ overridesHealthCheck),
/* harmony export */   Rl: () => (/* binding */ bootStep),
/* harmony export */   Ry: () => (/* binding */ runCreatingNetwork),
/* harmony export */   UM: () => (/* binding */ stopRunScripts),
/* harmony export */   YC: () => (/* binding */ forgetProbe),
/* harmony export */   Ys: () => (/* binding */ stopStaleContainers),
/* harmony export */   Zf: () => (/* binding */ lockAndList),
/* harmony export */   bs: () => (/* binding */ waitUntilReady),
/* harmony export */   cW: () => (/* binding */ cancelHandling),
/* harmony export */   hP: () => (/* binding */ markRunStart),
/* harmony export */   jb: () => (/* binding */ afterSwitch),
/* harmony export */   lb: () => (/* binding */ tagLatestLines),
/* harmony export */   nL: () => (/* binding */ probeFrom),
/* harmony export */   ts: () => (/* binding */ listContainers),
/* harmony export */   u5: () => (/* binding */ parseProbe),
/* harmony export */   yp: () => (/* binding */ stopRunScriptsAndWait)
/* harmony export */ });
/* unused harmony exports CANCEL_STOP_SECONDS, stopOldVersion */
/* harmony import */ var _app_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1413);
/* harmony import */ var _audit_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6689);
/* harmony import */ var _docker_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1420);
/* harmony import */ var _lock_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7587);
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9488);
/* harmony import */ var _protocol_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1652);
/* harmony import */ var _shell_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4800);







/**
/**
 * One `docker ps --all` of every container on the host, read in the shell into what the role's
 * boot needs (Kamal asks Docker several times for these; the effect is the same):
 * - `DECKHAND_RUNNING`: the role's running or restarting containers as `<id>=<name>` (labels
 *   `service`, `destination`, `role` as Kamal's filters; a container without a `destination`
 *   label counts as destination-less), newest first — the current version, and the stale ones
 *   (`_replaced_` containers, leftovers of a cancelled or killed deploy);
 * - `DECKHAND_SERVICE`: every container of the service (label `service`, any role or destination,
 *   as Kamal's prune filters) as `<id>,<state>,<image>` words, newest first — what `afterSwitch`
 *   prunes by, instead of asking Docker again for the stopped ones and the images in use;
 * - `DECKHAND_SAME`: set when a container (any labels, any state) already has the new name.
 * Docker names, IDs and image references have no `|`, `=`, `,` or blank; label values come last,
 * compared whole.
 */
function listContainers(config, role, version, { listed = false } = {}) {
    const labels = `${config.service}|${config.destination ?? ''}|${role.name}`;
    return {
        lines: [
            // `listed`: the head of a deploy in one exec listed them already (`lockAndList`).
            ...(listed ? [] : [LIST_ALL]),
            'DECKHAND_RUNNING=; DECKHAND_SERVICE=; DECKHAND_SAME=',
            'while IFS= read -r l; do',
            '  n=${l%%|*}; l=${l#*|}; s=${l%%|*}; l=${l#*|}; i=${l%%|*}; l=${l#*|}',
            `  if [ "\${n#*=}" = ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_5__/* .word */ .Vm)((0,_naming_js__WEBPACK_IMPORTED_MODULE_6__/* .containerName */ .xN)(config, role, version))} ]; then DECKHAND_SAME=1; fi`,
            `  if [ "\${l%%|*}" = ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_5__/* .word */ .Vm)(config.service)} ]; then DECKHAND_SERVICE="$DECKHAND_SERVICE \${n%%=*},$s,$i"; fi`,
            `  if [ "$l" = ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(labels)} ]; then case $s in running|restarting) DECKHAND_RUNNING="$DECKHAND_RUNNING $n" ;; esac; fi`,
            'done <<EOF',
            '$DECKHAND_PS',
            'EOF'
        ]
    };
}
/** Every container on the host, for `listContainers`. */
const LIST_ALL = `DECKHAND_PS=$(docker ps --all --format '{{.ID}}={{.Names}}|{{.State}}|{{.Image}}|{{.Label "service"}}|{{.Label "destination"}}|{{.Label "role"}}')`;
/**
 * The head of a deploy in one exec (`bootScript` with a head), after the pull, with the image's
 * inspect under way (`inspectImage` in the background): Kamal's lock (`acquireLock`), and once it
 * is ours the host's containers listed (`LIST_ALL`, for `listContainers`) while the inspect
 * runs — under the lock, so no other deploy changes them before the boot; then the label check
 * (`labelAndProbe`) and the early probe. Kamal checks the label before it takes the lock: when the
 * check fails the lock is released again and the script exits 1, nothing else changed. When
 * someone else holds the lock, the label is checked and the probe reported all the same (the run
 * may wait for the lock and boot in an exec of its own), then the holder is shown and the script
 * exits EXIT.lockHeld. Reports `boot` = started once the lock is ours and the label checked.
 * `.kamal` is there: a boot exec makes it in its first line (`cancelHandling`).
 */
function lockAndList(config, version, details, token) {
    return {
        lines: [
            `DECKHAND_LOCKED=; if { ${(0,_lock_js__WEBPACK_IMPORTED_MODULE_3__/* .acquireLock */ .IZ)(config, details)} ; } 2> /dev/null; then DECKHAND_LOCKED=1; ${LIST_ALL}; fi`,
            'wait "$DECKHAND_INSPECT" || : > "$DECKHAND_IMAGE_FILE"',
            ...(0,_docker_js__WEBPACK_IMPORTED_MODULE_2__/* .labelAndProbe */ .kj)(config, version, `if [ -n "$DECKHAND_LOCKED" ]; then ${(0,_lock_js__WEBPACK_IMPORTED_MODULE_3__/* .releaseIfOwner */ .AH)(config, token)}; fi; `),
            `if [ -z "$DECKHAND_LOCKED" ]; then ${_docker_js__WEBPACK_IMPORTED_MODULE_2__/* .reportProbe */ .Vn}; { ${(0,_lock_js__WEBPACK_IMPORTED_MODULE_3__/* .lockStatus */ .oj)(config)} ; } || true; echo; exit ${_protocol_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .dc.lockHeld}; fi`,
            (0,_protocol_js__WEBPACK_IMPORTED_MODULE_4__/* .reportLine */ .BS)('boot', 'started')
        ],
        assumed: { boot: 'started' }
    };
}
/** The early probe's file, when the boot does not probe (a role with its own health check). */
const forgetProbe = 'rm -f "$DECKHAND_PROBE_ARGS"';
/**
 * `$OLD` := the version the role runs now (reported as `old`), and `$DECKHAND_OLD_ID` its ID, from
 * `listContainers`. Kamal's rule for the current version (lib/kamal/commands/app.rb
 * `current_running_container`): the newest running container whose image is the one tagged
 * latest, else the newest; with a single running container both give it, so the `ancestor` query
 * runs only when several are running (after a fault). `$DECKHAND_CURRENT` (`<id>=<name>`) is what
 * `stopStaleContainers` keeps. A container that already has the new version's name (a redeploy)
 * moves aside to `<version>_replaced_<hex>`; if it was the running one, `$OLD` follows it.
 */
function rememberCurrentVersion(config, role, version, replaced) {
    const prefix = (0,_naming_js__WEBPACK_IMPORTED_MODULE_6__/* .rolePrefix */ .l6)(config, role);
    const name = (0,_naming_js__WEBPACK_IMPORTED_MODULE_6__/* .containerName */ .xN)(config, role, version);
    return {
        lines: [
            'set -- $DECKHAND_RUNNING',
            `DECKHAND_CURRENT=\${1:-}; if [ $# -gt 1 ]; then DECKHAND_LATEST=$(${(0,_app_js__WEBPACK_IMPORTED_MODULE_0__/* .runningContainers */ .kH)(config, role, true)} 2> /dev/null) || DECKHAND_LATEST=; DECKHAND_CURRENT=\${DECKHAND_LATEST:-$1}; fi`,
            `DECKHAND_OLD_ID=\${DECKHAND_CURRENT%%=*}; OLD=\${DECKHAND_CURRENT#*=}; OLD=\${OLD#${prefix}-}`,
            `if [ -n "$DECKHAND_SAME" ]; then ${(0,_app_js__WEBPACK_IMPORTED_MODULE_0__/* .renameContainer */ .UQ)(name, `${prefix}-${replaced}`)}; if [ "$OLD" = ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_5__/* .word */ .Vm)(version)} ]; then OLD=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_5__/* .word */ .Vm)(replaced)}; fi; fi`,
            (0,_protocol_js__WEBPACK_IMPORTED_MODULE_4__/* .reportLine */ .BS)('old', '$OLD')
        ]
    };
}
/**
 * Kamal's stale-container stop ("Detect stale containers...", lib/kamal/cli/app.rb
 * `stale_containers`): every running container of the role other than the current one (from
 * `rememberCurrentVersion`'s listing: `_replaced_` ones, leftovers of a cancelled or killed
 * deploy) is stopped before the boot, in one `docker stop`, so that after the boot the role runs
 * exactly one container — the new one, or the old one when the boot fails. Those stopped are in
 * `DECKHAND_STALE_STOPPED` (for `afterSwitch`'s prune). Reports `stale`.
 */
function stopStaleContainers(config, role) {
    const prefix = (0,_naming_js__WEBPACK_IMPORTED_MODULE_6__/* .rolePrefix */ .l6)(config, role);
    return {
        lines: [
            'DECKHAND_STALE=; DECKHAND_STALE_IDS=; DECKHAND_STALE_STOPPED=',
            `for DECKHAND_C in $DECKHAND_RUNNING; do if [ "$DECKHAND_C" != "$DECKHAND_CURRENT" ]; then DECKHAND_STALE_IDS="$DECKHAND_STALE_IDS \${DECKHAND_C%%=*}"; DECKHAND_C=\${DECKHAND_C#*=}; DECKHAND_STALE="$DECKHAND_STALE \${DECKHAND_C#${prefix}-}"; fi; done`,
            `if [ -n "$DECKHAND_STALE_IDS" ]; then docker stop${stopArgs(config, role)} $DECKHAND_STALE_IDS > /dev/null && DECKHAND_STALE_STOPPED=$DECKHAND_STALE_IDS || echo "could not stop every stale container of ${role.name}" >&2; ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_4__/* .reportLine */ .BS)('stale', '${DECKHAND_STALE# }')}; fi`
        ]
    };
}
const stopArgs = (config, role) => {
    const t = (0,_app_js__WEBPACK_IMPORTED_MODULE_0__/* .stopTimeout */ .yy)(config, role);
    return t === undefined ? '' : ` -t ${t}`;
};
/** Marks the step the boot script has reached. */
function bootStep(step) {
    return `DECKHAND_STEP=${step}`;
}
/** Containers a cancelled boot stops get at most this grace period (the runner's budget is 7.5 s). */
const CANCEL_STOP_SECONDS = 3;
/** The file a running script of this run keeps its process group in (`$$` of the script). */
const pidFile = (token) => `.kamal/deckhand-${token}-$$.pid`;
/**
 * A boot script's cancel handling, first in the script. `deckhand_settle` leaves the role in one
 * consistent state and reports it (`settled` = the step it was at, `runs` = the version running):
 * - `start` (before `run`): nothing changed but stale containers stopped; no `runs` (unchanged).
 * - `run` (the new container may exist, nothing was switched to it): it is stopped and kept, the
 *   old version keeps serving. Behind kamal-proxy, a switch that happened just before is found
 *   with `kamal-proxy list` (the target names the new container's ID): the new container is then
 *   started again and the step is `switched`.
 * - `switched` (the new container serves) or `done`: the old one is stopped; the new version runs.
 * It runs, then the script exits EXIT.cancelled, on a TERM to the script's process group (a
 * cancelled run: `stopRunScripts`; OpenSSH refuses channel signals for root logins, so the action
 * sends that exec), on SIGPIPE (the SSH session is gone and a report line found it), or when the
 * session's sshd process — the script's parent — is gone (a killed runner or sshd; a watchdog
 * checks every second). It also runs when the script fails anywhere else (not on its own named
 * exits), so no failure leaves two containers running. Containers get at most
 * CANCEL_STOP_SECONDS to stop.
 */
function cancelHandling(config, role, h) {
    const stop = `docker stop -t ${Math.min(CANCEL_STOP_SECONDS, (0,_app_js__WEBPACK_IMPORTED_MODULE_0__/* .stopTimeout */ .yy)(config, role) ?? CANCEL_STOP_SECONDS)}`;
    const proxied = h.proxyService
        ? [
            `    if docker exec kamal-proxy kamal-proxy list 2> /dev/null | grep -Eq "^${h.proxyService}[[:space:]].*[[:space:]]$DECKHAND_ID:"; then docker start ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_5__/* .word */ .Vm)(h.container)} > /dev/null 2>&1; DECKHAND_STEP=switched; fi`
        ]
        : [];
    return {
        lines: [
            `mkdir -p .kamal; DECKHAND_STEP=start; DECKHAND_WATCH=; DECKHAND_PIDFILE=${pidFile(h.token)}; echo $$ > "$DECKHAND_PIDFILE"`,
            'deckhand_settle() {',
            "  trap '' TERM INT HUP PIPE",
            // Later stops (the action resends them, the post step sends one) skip a settling script, and
            // its watchdog is done: the docker commands below must not be cut short by a TERM to the group.
            '  set +e; : > "$DECKHAND_PIDFILE.settling"; [ -z "$DECKHAND_WATCH" ] || kill "$DECKHAND_WATCH" 2> /dev/null; DECKHAND_WATCH=',
            '  if [ "$DECKHAND_STEP" = run ]; then',
            `    ${stop} ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_5__/* .word */ .Vm)(h.container)} > /dev/null 2>&1`,
            ...proxied,
            '  fi',
            `  case "$DECKHAND_STEP" in switched|done) [ -z "$DECKHAND_OLD_ID" ] || ${stop} "$DECKHAND_OLD_ID" > /dev/null 2>&1; ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_4__/* .reportLine */ .BS)('runs', h.version)} ;; run) ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_4__/* .reportLine */ .BS)('runs', '$OLD')} ;; esac`,
            `  ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_4__/* .reportLine */ .BS)('settled', '$DECKHAND_STEP')}`,
            '}',
            `trap 'deckhand_settle; exit ${_protocol_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .dc.cancelled}' TERM INT HUP PIPE`,
            `trap 'DECKHAND_RC=$?; case $DECKHAND_RC in 0|${_protocol_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .dc.bootFailed}|${_protocol_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .dc.cancelled}|${_protocol_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .dc.lockHeld}) ;; *) deckhand_settle ;; esac; rm -f "$DECKHAND_PIDFILE" "$DECKHAND_PIDFILE.settling"; [ -z "$DECKHAND_WATCH" ] || kill "$DECKHAND_WATCH" 2> /dev/null' EXIT`,
            'if [ "$PPID" -gt 1 ]; then',
            '  ( while kill -0 "$PPID" 2> /dev/null || [ -e "/proc/$PPID" ]; do sleep 1; done; kill -TERM 0 ) < /dev/null > /dev/null 2>&1 &',
            '  DECKHAND_WATCH=$!',
            'fi'
        ]
    };
}
/**
 * Stops this run's scripts still running on a host (those with `cancelHandling`): TERM to each
 * one's process group, which runs its `deckhand_settle`. A script already settling is left alone,
 * so sending it again is safe.
 */
function stopRunScripts(token) {
    return `for f in .kamal/deckhand-${token}-*.pid; do if [ -f "$f" ] && [ ! -e "$f.settling" ]; then kill -TERM "-$(cat "$f")" 2> /dev/null || true; fi; done`;
}
/**
 * `stopRunScripts`, then waits (at most `seconds`) until they have ended, for the post step of a
 * main step that was killed: the lock is released only once no boot of the run runs behind it.
 * Exits 1, naming the pid files left, when some did not end in time.
 */
function stopRunScriptsAndWait(token, seconds) {
    return [
        stopRunScripts(token),
        `i=0; while [ $i -lt ${seconds * 5} ] && [ -n "$(ls .kamal/deckhand-${token}-*.pid 2> /dev/null)" ]; do sleep 0.2; i=$((i + 1)); done`,
        `ls .kamal/deckhand-${token}-*.pid 2> /dev/null && exit 1 || true`
    ].join('\n');
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
        (0,_shell_js__WEBPACK_IMPORTED_MODULE_5__/* .quietly */ .gd)(runLine),
        '}',
        'if ! DECKHAND_ERR=$(deckhand_run 2>&1); then',
        `  case "$DECKHAND_ERR" in *"network kamal not found"*) docker rm ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_5__/* .word */ .Vm)(name)} > /dev/null 2>&1 || true; ${_docker_js__WEBPACK_IMPORTED_MODULE_2__/* .createNetwork */ .VS}; deckhand_run ;; *) printf '%s\\n' "$DECKHAND_ERR" >&2; exit 1 ;; esac`,
        `elif [ -n "$DECKHAND_ERR" ]; then printf '%s\\n' "$DECKHAND_ERR" >&2`,
        'fi'
    ];
}
/** The `probe` report of a pull exec (`<ns> <base64 of NUL-separated arguments>`); undefined when absent or malformed. */
function parseProbe(reported) {
    const m = /^([1-9][0-9]*) ([A-Za-z0-9+/]+=*)$/.exec(reported ?? '');
    if (!m?.[1] || !m[2])
        return undefined;
    const withinNs = Number(m[1]);
    const args = Buffer.from(m[2], 'base64').toString('utf8').split('\0');
    if (args.at(-1) === '')
        args.pop();
    return Number.isSafeInteger(withinNs) && args.length > 0 ? { args, withinNs } : undefined;
}
/** In a boot exec, the early probe the pull exec reported, as `labelAndProbe` leaves it in a deploy of one exec. */
function probeFrom(early) {
    return `DECKHAND_PROBE_NS=${early.withinNs}; DECKHAND_PROBE_ARGS=$(mktemp); printf '%s\\0' ${early.args.map(_shell_js__WEBPACK_IMPORTED_MODULE_5__/* .word */ .Vm).join(' ')} > "$DECKHAND_PROBE_ARGS"`;
}
/** Whether a role's Docker options set the container's health check itself (then the image's is not the one that runs). */
function overridesHealthCheck(role) {
    return Object.keys(role.options).some((k) => /^-*(health[-_]|no[-_]healthcheck$)/i.test(k));
}
/** Just before `docker run`, for an `EarlyProbe`: the time in ns (empty where `date` has no `%N`). */
const markRunStart = "DECKHAND_RUN_AT=$(date +%s%N 2> /dev/null) || DECKHAND_RUN_AT=; case $DECKHAND_RUN_AT in ''|*[!0-9]*) DECKHAND_RUN_AT= ;; esac";
/**
 * Waits until container `name` is ready, within `deploy_timeout`: Docker says `healthy`, or (no
 * health check) `running` for `readiness_delay` seconds in a row, Kamal's rule. So that a deploy
 * does not wait for Docker's health-check interval (30 s by default), each pass (every 250 ms)
 * also runs the image's own health command in the container while Docker says `starting`, and one
 * that passes counts as ready. Docker's verdict always wins: a container Docker calls `unhealthy`
 * is never probed, so it is ready only when Docker says `healthy` again. One `docker inspect` per
 * pass gives the status and the health command. A passing probe counts as ready only while
 * Docker cannot have called the container `unhealthy`. With `early` (the image's health check
 * known from its inspect: `$DECKHAND_PROBE_NS` and `$DECKHAND_PROBE_ARGS`, see `labelAndProbe`
 * and `probeFrom`; `markRunStart` before the run), the command first runs every 0.1 s while less
 * than `$DECKHAND_PROBE_NS` has passed since just before the run — the earliest time Docker's
 * checks could have made the container `unhealthy` (`Retries` counted failures): a probe started
 * within that time that passes is ready without any `docker inspect` (the same rule as a pass,
 * whose probe starts once Docker said `starting`); after it, the passes follow. Reports `status`.
 * A container that never gets ready is stopped and kept, its last log lines go to stderr, and
 * the script exits EXIT.bootFailed (the old version keeps running).
 */
function waitUntilReady(config, name, early = false) {
    const n = (0,_shell_js__WEBPACK_IMPORTED_MODULE_5__/* .word */ .Vm)(name);
    return {
        lines: [
            // `$PROBE` (for a pass's inspect) is made by the first pass: none when the early probe passes.
            `DEADLINE=$(( $(date +%s) + ${config.deployTimeout} )); SINCE=; READY=; STATUS=; PROBE=`,
            // The probe as in the passes (`timeout` under xargs, see below), every 0.1 s while the
            // container is young enough when the probe starts — as a pass's probe starts once Docker
            // said `starting`.
            ...(early
                ? [
                    `if [ -n "$DECKHAND_RUN_AT" ] && [ -n "$DECKHAND_PROBE_NS" ]; then while DECKHAND_NOW=$(date +%s%N) && [ $(( DECKHAND_NOW - DECKHAND_RUN_AT )) -lt "$DECKHAND_PROBE_NS" ] && [ $(( DECKHAND_NOW / 1000000000 )) -lt "$DEADLINE" ]; do`,
                    `  if xargs -0 timeout 10 docker exec ${n} < "$DECKHAND_PROBE_ARGS" > /dev/null 2>&1; then STATUS=healthy; READY=1; break; fi`,
                    '  sleep 0.1',
                    'done; fi'
                ]
                : []),
            'while [ -z "$READY" ]; do',
            '  [ -n "$PROBE" ] || PROBE=$(mktemp)',
            `  docker inspect --format ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(`${_app_js__WEBPACK_IMPORTED_MODULE_0__/* .HEALTH_FORMAT */ .zG}{{"\\n"}}${_app_js__WEBPACK_IMPORTED_MODULE_0__/* .HEALTH_COMMAND_ARGS */ .VV}`)} ${n} > "$PROBE" 2> /dev/null || : > "$PROBE"`,
            '  STATUS=$(head -n 1 "$PROBE"); STATUS=${STATUS:-missing}; NOW=$(date +%s)',
            '  if [ "$STATUS" = healthy ]; then READY=1; break; fi',
            // `timeout` runs in a process group of its own, so it is under xargs: a TERM to the script's
            // group then ends xargs at once (the probe itself stops within its 10 s).
            `  if [ "$STATUS" = starting ] && tail -n +2 "$PROBE" | head -c -1 | xargs -0 timeout 10 docker exec ${n} > /dev/null 2>&1; then STATUS=healthy; READY=1; break; fi`,
            `  if [ "$STATUS" = running ]; then SINCE=\${SINCE:-$NOW}; if [ $((NOW - SINCE)) -ge ${config.readinessDelay} ]; then READY=1; break; fi; else SINCE=; fi`,
            '  if [ "$NOW" -ge "$DEADLINE" ]; then break; fi',
            '  sleep 0.25',
            'done',
            `rm -f \${PROBE:+"$PROBE"}${early ? ' "$DECKHAND_PROBE_ARGS"' : ''}`,
            (0,_protocol_js__WEBPACK_IMPORTED_MODULE_4__/* .reportLine */ .BS)('status', '$STATUS'),
            'if [ -z "$READY" ]; then',
            `  docker stop ${n} > /dev/null 2>&1 || true`,
            `  echo "container ${name} not ready after ${config.deployTimeout} seconds ($STATUS); it was stopped and kept for inspection. Its last log lines:" >&2`,
            `  docker logs --tail 15 ${n} 2>&1 | sed 's/^/  /' >&2 || true`,
            `  exit ${_protocol_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .dc.bootFailed}`,
            'fi'
        ],
        assumed: { status: 'healthy' }
    };
}
/**
 * Kamal's stop of the old version (by the ID `rememberCurrentVersion` found), with the role's stop
 * timeout. Like Kamal's, a failed stop does not fail the boot. Reports `stopped`.
 */
function stopOldVersion(config, role) {
    return `if [ -n "$DECKHAND_OLD_ID" ] && ${stopOld(config, role)}; then ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_4__/* .reportLine */ .BS)('stopped', '$OLD')}; fi`;
}
/** Kamal's `docker stop` of the old version, by its ID. */
const stopOld = (config, role) => `docker stop${stopArgs(config, role)} "$DECKHAND_OLD_ID" > /dev/null`;
/**
 * The end of a boot, once the new container serves: `stopOldVersion`, with Kamal's tag and prune
 * (`tagLatestLines`, then the prune's lines) done while the old container stops — its stop (up to
 * the role's stop timeout, ~0.1 s for an app that exits on TERM) runs in the background, and only
 * what depends on it waits for it. The prune is Kamal's (`lib/kamal/commands/prune.rb`): the
 * same `docker rm`, `docker image prune` and `docker rmi` lines, the same containers and images —
 * but what Kamal asks Docker for (`docker ps -q -a` of the stopped ones, `docker container ls` of
 * the images in use) comes from the boot's own listing (`listContainers`) and what the boot
 * stopped, and `docker image prune` runs only when it can remove something, so the effect is the
 * same with two docker calls fewer, three when no image of the service is untagged:
 * - the service's stopped containers (created, exited, dead, or stopped by this boot), newest
 *   first, beyond `retain_containers` are removed. Those that are beyond it even if the old
 *   container's stop failed are removed at once; the one that is beyond it only because the old
 *   container stopped (one at most) once its stop worked.
 * - while the old container stops, after those removals and after Kamal's tag (which untags an
 *   image that only had `:latest`, so the listing comes after it), the service's images are
 *   listed (Kamal's image prune listing).
 * - after the old container's stop and the removal that waited for it: when the listing has a
 *   line whose tag is `<none>` (`<none>:<none>` or `IMG:<none>`), Kamal's `docker image prune` of
 *   the service's dangling images runs and the images are listed again — Kamal's order: prune,
 *   listing, `docker rmi`. Otherwise the prune is skipped: it removes the service's dangling
 *   images (untagged, top-level), the same set that `docker image ls` (without `-a`) shows with
 *   the tag `<none>`, so without such a line it would remove nothing; and removing a container
 *   never untags an image (a removed container whose image was already untagged has that image
 *   in the listing as `<none>`, so the prune runs).
 * - each tag of the listing no remaining container uses (the listing's images of the containers
 *   not removed, and the new container's) but `:latest` is removed with `docker rmi`.
 * The prune runs only when a container is due for removal: otherwise no image loses its last
 * container; the images the image prunes could still find then (a re-pushed tag's old image no
 * container uses, a version pulled by a deploy that failed before its `docker run`) wait for the
 * next prune. It needs nothing from other hosts, so it runs in a host's boot exec; a failed prune
 * does not fail the boot. Its audit lines are `auditAppend`'s: a boot exec made `.kamal` first.
 */
function afterSwitch(config, role, what) {
    if (!what.prune && !what.tag)
        return [stopOldVersion(config, role)];
    const retain = config.retainContainers;
    const inUse = (image) => `DECKHAND_IN_USE="\${DECKHAND_IN_USE}${image}\\|"`;
    const beyond = (c) => `DECKHAND_RM_LATER=${c}; DECKHAND_RM_LATER_IMAGE=$r; continue`;
    const plan = [
        // i counts the stopped containers with the old one, j without it.
        'DECKHAND_RM=; DECKHAND_RM_LATER=; DECKHAND_RM_LATER_IMAGE=; DECKHAND_IN_USE=; DECKHAND_IMAGES=; i=0; j=0',
        'for r in $DECKHAND_SERVICE; do',
        '  c=${r%%,*}; r=${r#*,}; s=${r%%,*}; r=${r#*,}',
        '  case " $DECKHAND_STALE_STOPPED " in *" $c "*) s=exited ;; esac',
        '  if [ "$c" = "$DECKHAND_OLD_ID" ]; then s=stopping; fi',
        '  case $s in',
        `    created|exited|dead) i=$((i + 1)); j=$((j + 1)); if [ $j -gt ${retain} ]; then DECKHAND_RM="$DECKHAND_RM $c"; continue; elif [ $i -gt ${retain} ]; then ${beyond('$c')}; fi ;;`,
        `    stopping) i=$((i + 1)); if [ $i -gt ${retain} ]; then ${beyond('$c')}; fi ;;`,
        '  esac',
        `  ${inUse('$r')}`,
        'done',
        inUse((0,_shell_js__WEBPACK_IMPORTED_MODULE_5__/* .word */ .Vm)((0,_naming_js__WEBPACK_IMPORTED_MODULE_6__/* .imageRef */ .D6)(config, what.version)))
    ];
    const listImages = `DECKHAND_IMAGES=$(${(0,_docker_js__WEBPACK_IMPORTED_MODULE_2__/* .listServiceImages */ .A2)(config)})`;
    const due = 'if [ -n "$DECKHAND_RM$DECKHAND_RM_LATER" ]; then';
    return [
        ...(what.prune ? plan : []),
        `DECKHAND_STOPPING=; if [ -n "$DECKHAND_OLD_ID" ]; then ${stopOld(config, role)} & DECKHAND_STOPPING=$!; fi`,
        ...(what.tag ? tagLatestLines(config, what.performer, what.version, { kamalDirMade: true }) : []),
        ...(what.prune
            ? [
                // Groups on the left of `||` (set -e does not apply there): a failed prune does not fail
                // the boot, and each prune command runs whatever the one before it did.
                `${due} {`,
                (0,_audit_js__WEBPACK_IMPORTED_MODULE_1__/* .auditAppend */ .EJ)(config, what.performer, 'Pruned containers'),
                'for container_id in $DECKHAND_RM; do docker rm $container_id; done',
                (0,_audit_js__WEBPACK_IMPORTED_MODULE_1__/* .auditAppend */ .EJ)(config, what.performer, 'Pruned images'),
                listImages,
                '} || echo "pruning failed" >&2; fi'
            ]
            : []),
        `DECKHAND_OLD_STOPPED=; if [ -n "$DECKHAND_STOPPING" ] && wait "$DECKHAND_STOPPING"; then DECKHAND_OLD_STOPPED=1; ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_4__/* .reportLine */ .BS)('stopped', '$OLD')}; fi`,
        ...(what.prune
            ? [
                `${due} {`,
                `if [ -z "$DECKHAND_RM_LATER" ]; then :; elif [ -n "$DECKHAND_OLD_STOPPED" ]; then docker rm $DECKHAND_RM_LATER; else ${inUse('$DECKHAND_RM_LATER_IMAGE')}; fi`,
                // An untagged image of the service: Kamal's dangling-image prune, then its listing again.
                "case $DECKHAND_IMAGES in *':<none>'*)",
                (0,_shell_js__WEBPACK_IMPORTED_MODULE_5__/* .quietly */ .gd)((0,_docker_js__WEBPACK_IMPORTED_MODULE_2__/* .pruneDanglingImages */ .BI)(config)),
                listImages,
                ';; esac',
                `if [ -n "$DECKHAND_IMAGES" ]; then printf '%s\\n' "$DECKHAND_IMAGES" | ${(0,_docker_js__WEBPACK_IMPORTED_MODULE_2__/* .removeImagesNotIn */ .p7)(config, '${DECKHAND_IN_USE}')} > /dev/null; fi`,
                '} || echo "pruning failed" >&2; fi'
            ]
            : [])
    ];
}
/**
 * Kamal's move of `:latest[-destination]` to the new version, with its audit line (without its
 * `mkdir -p .kamal` where the script made `.kamal` first: `kamalDirMade`, see `auditAppend`).
 */
function tagLatestLines(config, performer, version, { kamalDirMade = false } = {}) {
    return [
        (0,_audit_js__WEBPACK_IMPORTED_MODULE_1__/* .auditFor */ .xL)(kamalDirMade)(config, performer, `Tagging ${(0,_naming_js__WEBPACK_IMPORTED_MODULE_6__/* .imageRef */ .D6)(config, version)} as the latest image`),
        (0,_app_js__WEBPACK_IMPORTED_MODULE_0__/* .tagLatest */ .YT)(config, version)
    ];
}


/***/ }),

/***/ 9794:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Aw: () => (/* binding */ dockerArchName),
/* harmony export */   Cu: () => (/* binding */ localImageSize),
/* harmony export */   F2: () => (/* binding */ pushedManifest),
/* harmony export */   I5: () => (/* binding */ builderPlatforms),
/* harmony export */   IK: () => (/* binding */ inspectBuilder),
/* harmony export */   Ij: () => (/* binding */ createBuilder),
/* harmony export */   NO: () => (/* binding */ runnerLogout),
/* harmony export */   T5: () => (/* binding */ buildxPush),
/* harmony export */   _M: () => (/* binding */ runnerLogin),
/* harmony export */   b8: () => (/* binding */ builderName),
/* harmony export */   dJ: () => (/* binding */ ensureDockerInstalled),
/* harmony export */   f1: () => (/* binding */ fallbackBuild),
/* harmony export */   gb: () => (/* binding */ packPush),
/* harmony export */   hA: () => (/* binding */ dockerArch),
/* harmony export */   iq: () => (/* binding */ removeBuilder),
/* harmony export */   k0: () => (/* binding */ buildTarget),
/* harmony export */   z2: () => (/* binding */ fallbackPush)
/* harmony export */ });
/* unused harmony exports cacheOptions, buildContext */
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9488);
/* harmony import */ var _shell_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4800);


const command = (line, more = {}) => ({
    command: line,
    env: {},
    secrets: [],
    assumed: { code: 0, output: '' },
    ...more
});
/** BuildKit's plain progress (one line per step and state), instead of a TTY's redrawn screen. */
const PLAIN_PROGRESS = { BUILDKIT_PROGRESS: 'plain' };
/**
 * A shell word that keeps `$VAR`/`${VAR}` for the shell to expand (Kamal passes `builder.ssh` raw, and
 * `default=$SSH_AUTH_SOCK` relies on it); anything else unusual is single-quoted.
 */
function wordWithVars(value) {
    return /^(?:[A-Za-z0-9_@%+=:,./-]|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*\})+$/.test(value)
        ? value
        : (0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .hD)(value);
}
/** Kamal's `docker_arch`: the daemon's architecture as Docker names platforms. */
function dockerArchName(architecture) {
    if (/aarch64/.test(architecture))
        return 'arm64';
    if (/x86_64/.test(architecture))
        return 'amd64';
    return architecture.trim();
}
// ---- checks on the runner ----------------------------------------------------------------------
/** Kamal's `ensure_docker_installed` (commands/base.rb): the CLI, then the buildx plugin. */
const ensureDockerInstalled = command('docker --version && docker buildx version', {
    assumed: { code: 0, output: 'Docker version 28.0.4, build b8034c0\ngithub.com/docker/buildx v0.23.0 28c90ea\n' }
});
/** Kamal's `Kamal::Utils.docker_arch` (the daemon's architecture; it also proves the daemon answers). */
function dockerArch(assumedArchitecture) {
    return command(`docker info --format '{{.Architecture}}'`, {
        assumed: { code: 0, output: `${assumedArchitecture}\n` }
    });
}
/** Kamal's registry `login`, with the password on stdin instead of `-p`. */
function runnerLogin(server, username) {
    return command(`docker login${server ? ` ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(server)}` : ''} -u ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .kamalValue */ .mH)(username)} --password-stdin`, {
        stdin: 'password'
    });
}
/** Kamal's registry `logout`: the runner keeps no registry credential after the build. */
function runnerLogout(server) {
    return command(`docker logout${server ? ` ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(server)}` : ''}`);
}
function buildTarget(builder, nativeArch) {
    const { arch, remote, localDisabled } = builder;
    const localArches = localDisabled ? [] : remote ? arch.filter((a) => a === nativeArch) : arch;
    const remoteArches = remote ? arch.filter((a) => !localArches.includes(a)) : [];
    const local = !localDisabled && (arch.length === 0 || localArches.length > 0);
    const kind = remoteArches.length > 0
        ? local
            ? 'hybrid'
            : 'remote'
        : builder.pack
            ? 'pack'
            : builder.driver.startsWith('cloud')
                ? 'cloud'
                : 'local';
    return { kind, builder, localArches, remoteArches };
}
const dockerDriver = (t) => t.builder.driver === 'docker';
const remoteSuffix = (t) => (t.builder.remote ?? '').replace(/[^a-z0-9_-]/g, '-');
/** The buildx builder's name (undefined: the `docker` driver uses the current builder; pack uses none). */
function builderName(t) {
    switch (t.kind) {
        case 'local':
            return dockerDriver(t) ? undefined : `kamal-local-${t.builder.driver}`;
        case 'remote':
            return `kamal-remote-${remoteSuffix(t)}`;
        case 'hybrid':
            return `kamal-hybrid-${t.builder.driver}-${remoteSuffix(t)}`;
        case 'cloud':
            return t.builder.driver.replace(/[ /]/g, '-');
        case 'pack':
            return undefined;
    }
}
const platforms = (arches) => arches.length > 0 ? [`--platform ${arches.map((a) => `linux/${a}`).join(',')}`] : [];
/** `docker context create` of a remote builder (builder/remote.rb `create_remote_context`). */
function createRemoteContext(name, remote) {
    return `docker context create ${name}-context --description ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .hD)(`${name} host`)} --docker ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .hD)(`host=${remote}`)}`;
}
/**
 * Does the builder exist (Kamal's `inspect_builder`)? A failure whose output says it does not is
 * answered by `removeBuilder` + `createBuilder` (cli/build.rb `push`). Undefined: nothing to check.
 */
function inspectBuilder(t) {
    const name = builderName(t);
    if (t.kind === 'pack')
        return command(`pack builder inspect ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(t.builder.pack?.builder ?? '')}`);
    if (!name)
        return undefined;
    if (t.kind === 'remote' || t.kind === 'hybrid') {
        const ctx = `${name}-context`;
        return command(`docker buildx inspect ${name} | grep -q Endpoint:.*${ctx} && docker context inspect ${ctx} --format '{{.Endpoints.docker.Host}}' | grep -xq ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(t.builder.remote ?? '')} || (echo no compatible builder && exit 1)`, { assumed: { code: 1, output: 'no compatible builder\n' } });
    }
    return command(`docker buildx inspect ${name}`, {
        assumed: { code: 1, output: `ERROR: no builder "${name}" found\n` }
    });
}
/** Kamal's `remove` before a new builder is created (its failure is fine when nothing was there). */
function removeBuilder(t) {
    const name = builderName(t);
    if (!name)
        return undefined;
    if (t.kind === 'remote' || t.kind === 'hybrid')
        return command(`docker context rm ${name}-context ; docker buildx rm ${name}`);
    return command(`docker buildx rm ${name}`);
}
/** Kamal's `create` for each builder (local.rb, remote.rb, hybrid.rb, cloud.rb). */
function createBuilder(t) {
    const name = builderName(t);
    if (!name)
        return undefined;
    const remote = t.builder.remote ?? '';
    switch (t.kind) {
        case 'remote':
            return command(`${createRemoteContext(name, remote)} ; docker buildx create --name ${name} ${name}-context`);
        case 'hybrid':
            return command([
                `docker buildx create ${platforms(t.localArches).join(' ')} --name ${name} --driver=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(t.builder.driver)}`,
                createRemoteContext(name, remote),
                `docker buildx create ${platforms(t.remoteArches).join(' ')} --append --name ${name} ${name}-context`
            ].join(' && '));
        case 'cloud':
            return command(`docker buildx create --driver ${t.builder.driver.split(' ').map(_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm).join(' ')}`);
        default:
            return command(`docker buildx create --name ${name} --driver=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(t.builder.driver)}`);
    }
}
/** The platforms a local builder can build, once started (for arches other than the runner's own). */
function builderPlatforms(t) {
    const name = builderName(t);
    return command(`docker buildx inspect --bootstrap${name ? ` ${name}` : ''}`, {
        assumed: {
            code: 0,
            output: `Platforms: ${['amd64', 'arm64', ...t.builder.arch].map((a) => `linux/${a}`).join(', ')}\n`
        }
    });
}
// ---- the build ---------------------------------------------------------------------------------
/** Kamal's `argumentize` for build args: `KEY="value"`, `KEY=false`, or a bare `KEY`. */
function argumentizeArgs(flag, args) {
    return Object.entries(args).map(([key, value]) => value === null
        ? `${flag} ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(key)}`
        : value === false
            ? `${flag} ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(key)}=false`
            : `${flag} ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(key)}=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .kamalValue */ .mH)(value)}`);
}
/** The registry cache's image: `cache.image`, or `<image>-build-cache`, on the registry's server. */
function cacheRef(config) {
    const own = config.builder?.cache?.image;
    if (!own)
        return `${config.image}-build-cache`;
    return config.registry.server ? `${config.registry.server}/${own}` : own;
}
/** Kamal's `cache_to` / `cache_from` (configuration/builder.rb), for `--cache-to`/`--cache-from`. */
function cacheOptions(config) {
    const cache = config.builder?.cache;
    if (!cache)
        return undefined;
    const options = cache.options;
    if (cache.type === 'gha') {
        const allowed = (options?.split(',') ?? []).filter((o) => /^(url|url_v2|token|scope|timeout)=/.test(o));
        return { to: ['type=gha', options].filter(Boolean).join(','), from: ['type=gha', ...allowed].join(',') };
    }
    const ref = `type=registry,ref=${cacheRef(config)}`;
    return { to: [ref, options].filter(Boolean).join(','), from: ref };
}
/** `-t <image>:<version> -t <image>:latest[-<destination>]` (base.rb `build_tag_options`). */
function tagOptions(config, version) {
    return [(0,_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .imageRef */ .D6)(config, version), `${config.image}:${(0,_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .latestTag */ .wk)(config)}`].map((t) => `-t ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(t)}`);
}
/** Kamal's `build_options` after the cache: label, args, secrets, file, target, ssh, attestations. */
function buildOptions(config, builder, attestations) {
    return [
        `--label service=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .kamalValue */ .mH)(config.service)}`,
        ...argumentizeArgs('--build-arg', builder.args),
        ...builder.secrets.map((s) => `--secret id=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .kamalValue */ .mH)(s)}`),
        `--file ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(builder.dockerfile)}`,
        ...(builder.target ? [`--target ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(builder.target)}`] : []),
        ...(builder.ssh ? [`--ssh ${wordWithVars(builder.ssh)}`] : []),
        ...(attestations && builder.provenance !== undefined ? [`--provenance ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(builder.provenance)}`] : []),
        ...(attestations && builder.sbom !== undefined ? [`--sbom ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(builder.sbom)}`] : [])
    ];
}
/** The build context: `builder.context`, else the working directory (see flows/build.ts). */
function buildContext(builder) {
    return builder.context ?? '.';
}
/**
 * Kamal's `push` (builder/base.rb): `docker buildx build --output=type=registry` builds every arch
 * and pushes both tags in one go. With a remote builder the registry token is fetched by the builder
 * itself (`push_env`, remote.rb).
 */
function buildxPush(config, version, t) {
    const builder = t.builder;
    const name = dockerDriver(t) ? undefined : builderName(t);
    const cache = cacheOptions(config);
    const line = [
        'docker buildx build --output=type=registry',
        ...platforms(builder.arch),
        ...(name ? [`--builder ${name}`] : []),
        ...tagOptions(config, version),
        ...(cache ? [`--cache-to ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(cache.to)} --cache-from ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(cache.from)}`] : []),
        ...buildOptions(config, builder, true),
        (0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(buildContext(builder)),
        '2>&1'
    ].join(' ');
    const remote = t.kind === 'remote' || t.kind === 'hybrid';
    return command(line, {
        env: { ...PLAIN_PROGRESS, ...(remote ? { BUILDKIT_NO_CLIENT_TOKEN: '1' } : {}) },
        secrets: builder.secrets
    });
}
/**
 * Kamal's pack `push` (builder/pack.rb): `pack build`, then a `docker push` of each tag. Build
 * secrets are value-less `--env NAME` (pack takes the value from its environment), where Kamal puts
 * `NAME="value"` on the line.
 */
function packPush(config, version, t) {
    const pack = t.builder.pack ?? { builder: '', buildpacks: [] };
    const latest = `${config.image}:${(0,_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .latestTag */ .wk)(config)}`;
    const line = [
        `pack build ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(config.image)}`,
        `--platform linux/${t.localArches[0] ?? t.builder.arch[0] ?? ''}`,
        '--creation-time now',
        `--builder ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(pack.builder)}`,
        ...[...pack.buildpacks, 'paketo-buildpacks/image-labels'].map((b) => `--buildpack ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(b)}`),
        ...tagOptions(config, version),
        `--env BP_IMAGE_LABELS=service=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(config.service)}`,
        ...argumentizeArgs('--env', t.builder.args),
        ...t.builder.secrets.map((s) => `--env ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(s)}`),
        `--path ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(buildContext(t.builder))}`
    ].join(' ');
    return command(`${line} && docker push ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)((0,_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .imageRef */ .D6)(config, version))} && docker push ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(latest)}`, {
        secrets: t.builder.secrets
    });
}
/**
 * Without buildx: the same build through the daemon's BuildKit (`DOCKER_BUILDKIT=1 docker build`:
 * tags, label, args, secrets, file, target, ssh, one platform), into the runner's Docker.
 */
function fallbackBuild(config, version, nativeArch) {
    const builder = config.builder;
    if (!builder)
        throw new Error('no builder section');
    return command([
        'DOCKER_BUILDKIT=1 docker build --progress=plain',
        ...platforms([builder.arch[0] ?? nativeArch]),
        ...tagOptions(config, version),
        ...buildOptions(config, builder, false),
        (0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(buildContext(builder)),
        '2>&1'
    ].join(' '), { secrets: builder.secrets });
}
/** Then each tag is pushed (as Kamal's pack builder does). */
function fallbackPush(config, version) {
    return [(0,_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .imageRef */ .D6)(config, version), `${config.image}:${(0,_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .latestTag */ .wk)(config)}`].map((ref) => command(`docker push ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(ref)} 2>&1`));
}
/** The image's size in the runner's Docker (unpacked), after a build into it. */
function localImageSize(ref) {
    return command(`docker image inspect --format '{{.Size}}' ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(ref)}`);
}
/** The pushed manifest (or index) as the registry has it, for the compressed size of what was pushed. */
function pushedManifest(ref) {
    return command(`docker buildx imagetools inspect --raw ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(ref)}`);
}


/***/ }),

/***/ 1420:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A2: () => (/* binding */ listServiceImages),
/* harmony export */   BI: () => (/* binding */ pruneDanglingImages),
/* harmony export */   BY: () => (/* binding */ pruneImages),
/* harmony export */   Jp: () => (/* binding */ ensureDocker),
/* harmony export */   Jx: () => (/* binding */ removeAppDirectory),
/* harmony export */   MZ: () => (/* binding */ registryLogout),
/* harmony export */   VS: () => (/* binding */ createNetwork),
/* harmony export */   Vn: () => (/* binding */ reportProbe),
/* harmony export */   YE: () => (/* binding */ checkLabelAndProbe),
/* harmony export */   ZP: () => (/* binding */ pullImage),
/* harmony export */   kj: () => (/* binding */ labelAndProbe),
/* harmony export */   mm: () => (/* binding */ inspectImage),
/* harmony export */   p7: () => (/* binding */ removeImagesNotIn),
/* harmony export */   zO: () => (/* binding */ pruneContainers)
/* harmony export */ });
/* unused harmony export PLANNED_PROBE */
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9488);
/* harmony import */ var _protocol_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1652);
/* harmony import */ var _shell_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4800);



/**
 * The pull of a version and Kamal's `service` label check. Unlike Kamal there is no
 * `docker image rm` first: `docker pull` checks the tag's digest anyway, and removing the image
 * races with a concurrent deploy pulling the same tag.
 */
function pullImage(config, version) {
    const image = (0,_shell_js__WEBPACK_IMPORTED_MODULE_1__/* .word */ .Vm)((0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .imageRef */ .D6)(config, version));
    return {
        pull: `docker pull ${image}`,
        checkLabel: `docker inspect -f '{{ .Config.Labels.service }}' ${image} | ${serviceLabelIs(config, version)}`
    };
}
/** The end of Kamal's label check: the label on stdin must be the service, else its message and exit 1. */
function serviceLabelIs(config, version) {
    return `grep -x ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_1__/* .word */ .Vm)(config.service)} || ${missingLabel(config, version)}`;
}
/** Kamal's message when the image's `service` label is not the service, and exit 1. */
const missingLabel = (config, version) => `(echo "Image ${(0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .imageRef */ .D6)(config, version)} is missing the 'service' label" && exit 1)`;
/**
 * The image's `service` label (line 1), its health check's `Interval`, `StartPeriod` and `Retries`
 * as numbers (line 2; empty without a health check) and its command as NUL-separated `docker exec`
 * arguments (the rest: `/bin/sh -c CMD` for CMD-SHELL, the list for CMD, nothing for NONE or
 * anything else).
 */
const IMAGE_FORMAT = '{{ .Config.Labels.service }}{{"\\n"}}' +
    '{{with .Config.Healthcheck}}{{if .Test}}{{printf "%d %d %d" .Interval .StartPeriod .Retries}}{{end}}{{end}}{{"\\n"}}' +
    '{{with .Config.Healthcheck}}{{if .Test}}{{$t := index .Test 0}}' +
    '{{if eq $t "CMD-SHELL"}}{{if eq (len .Test) 2}}/bin/sh{{"\\x00"}}-c{{"\\x00"}}{{index .Test 1}}{{"\\x00"}}{{end}}' +
    '{{else if eq $t "CMD"}}{{range $i, $a := .Test}}{{if $i}}{{$a}}{{"\\x00"}}{{end}}{{end}}{{end}}{{end}}{{end}}';
/**
 * One `docker inspect` of the pulled image into `$DECKHAND_IMAGE_FILE`, for `labelAndProbe` (with
 * `background`, its PID in `$DECKHAND_INSPECT`, for a script that does other work meanwhile). A
 * failed inspect leaves the file empty (Docker's error on stderr).
 */
function inspectImage(config, version, { background = false } = {}) {
    const inspect = `docker inspect -f ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(IMAGE_FORMAT)} ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_1__/* .word */ .Vm)((0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .imageRef */ .D6)(config, version))} > "$DECKHAND_IMAGE_FILE"`;
    return background
        ? `DECKHAND_IMAGE_FILE=$(mktemp); ${inspect} & DECKHAND_INSPECT=$!`
        : `DECKHAND_IMAGE_FILE=$(mktemp); ${inspect} || : > "$DECKHAND_IMAGE_FILE"`;
}
/**
 * From `inspectImage`'s file: Kamal's label check (`pullImage().checkLabel`'s comparison, message
 * and exit, its output on stderr — a lock holder is read from stdout), running `undo` before it exits;
 * then the early probe the image's health check allows (see `waitUntilReady`):
 * `$DECKHAND_PROBE_ARGS`, a file of the health command's NUL-separated `docker exec` arguments,
 * and `$DECKHAND_PROBE_NS`, how long after the start Docker cannot have called the container
 * `unhealthy` yet, in ns — empty without a usable health check. Docker (moby daemon/health.go)
 * runs its first check `Interval` (30 s by default) after the start; a failed check counts toward
 * `Retries` (3 when 0) only when it ends after `StartPeriod` (0: none); the checks after it are at
 * least `Interval` apart (the next timer starts once a check ended; `StartInterval` only applies
 * within the start period); the `Retries`-th counted failure in a row makes it `unhealthy`. So
 * `Retries × Interval` without a start period, `StartPeriod + (Retries − 1) × Interval` with one:
 * lower bounds, as checks take time (capped at 2^53 − 1 ns, which is over 100 days).
 */
function labelAndProbe(config, version, undo = '') {
    return [
        // The label read by the shell itself (Kamal's `grep -x` would be two more process starts).
        `{ DECKHAND_LABEL=; IFS= read -r DECKHAND_LABEL < "$DECKHAND_IMAGE_FILE" || :; [ "$DECKHAND_LABEL" = ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_1__/* .word */ .Vm)(config.service)} ] || ${missingLabel(config, version)}; } >&2 || { rm -f "$DECKHAND_IMAGE_FILE"; ${undo}exit 1; }`,
        `DECKHAND_PROBE_NS=$(awk 'NR == 2 && NF == 3 { i = $1 > 0 ? $1 : 30000000000; r = $3 > 0 ? $3 : 3; w = $2 > 0 ? $2 + (r - 1) * i : r * i; printf "%.0f", w < 9007199254740991 ? w : 9007199254740991 }' "$DECKHAND_IMAGE_FILE")`,
        'DECKHAND_PROBE_ARGS=$(mktemp); tail -n +3 "$DECKHAND_IMAGE_FILE" | head -c -1 > "$DECKHAND_PROBE_ARGS"; rm -f "$DECKHAND_IMAGE_FILE"',
        '[ -s "$DECKHAND_PROBE_ARGS" ] || DECKHAND_PROBE_NS='
    ];
}
/**
 * Kamal's label check from one inspect that also gives the image's health check (`inspectImage`,
 * `labelAndProbe`), for a pull exec: the early probe is reported as `probe` (`<ns> <base64 of the
 * arguments>`) for the boot exec, which can then probe a new container before asking Docker
 * about it — one docker CLI start per host fewer than a second inspect.
 */
function checkLabelAndProbe(config, version) {
    return {
        lines: [inspectImage(config, version), ...labelAndProbe(config, version), reportProbe],
        // A plan shows the boot of an image with a health check (the demo's shape).
        assumed: { probe: PLANNED_PROBE }
    };
}
/** `labelAndProbe`'s early probe reported as `probe` (`<ns> <base64 of the arguments>`), for a boot exec of its own. */
const reportProbe = `if [ -n "$DECKHAND_PROBE_NS" ]; then ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .reportLine */ .BS)('probe', '$DECKHAND_PROBE_NS $(base64 -w 0 < "$DECKHAND_PROBE_ARGS")')}; fi; rm -f "$DECKHAND_PROBE_ARGS"`;
/** The early probe a plan assumes (Docker's defaults: 3 × 30 s; the command a placeholder). */
const PLANNED_PROBE = `90000000000 ${Buffer.from('/bin/sh\0-c\0<the health command of the image>\0').toString('base64')}`;
/** The `kamal` network; an existing one is fine (one docker call when it exists; a create that
 * loses a race with another exec on the host is fine too). */
const createNetwork = 'docker network inspect kamal > /dev/null 2>&1 || docker network create kamal > /dev/null 2>&1 || docker network inspect kamal > /dev/null';
/** Stopped containers beyond the newest `retain`, then images no container uses (keeping latest). */
function pruneContainers(config, retain = config.retainContainers) {
    return `docker ps -q -a --filter label=service=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_1__/* .word */ .Vm)(config.service)} --filter status=created --filter status=exited --filter status=dead | tail -n +${retain + 1} | while read container_id; do docker rm $container_id; done`;
}
function pruneImages(config) {
    return [
        pruneDanglingImages(config),
        `${listServiceImages(config)} | ${removeImagesNotIn(config, `$(docker container ls -a --format '{{.Image}}\\|' --filter label=service=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_1__/* .word */ .Vm)(config.service)} | tr -d '\\n')`)}`
    ];
}
/** Kamal's prune of the service's dangling images. */
function pruneDanglingImages(config) {
    return `docker image prune --force --filter label=service=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_1__/* .word */ .Vm)(config.service)}`;
}
/** The service's images as `<id> <repository>:<tag>` lines (Kamal's image prune listing). */
function listServiceImages(config) {
    return `docker image ls --filter label=service=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_1__/* .word */ .Vm)(config.service)} --format '{{.ID}} {{.Repository}}:{{.Tag}}'`;
}
/**
 * The end of Kamal's image prune: of the `listServiceImages` lines on stdin, `docker rmi` every tag
 * but `:latest[-destination]`, `:<none>` and those of `inUse` (a shell word that expands to
 * `<image>\|` for each image a container uses, as `docker container ls --format '{{.Image}}\|'`).
 */
function removeImagesNotIn(config, inUse) {
    const latest = `${config.image}:${(0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .latestTag */ .wk)(config)}`;
    return `grep -v -w "${inUse}${latest}\\|${config.image}:<none>" | while read image tag; do docker rmi $tag; done`;
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
        `    ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .reportLine */ .BS)('docker', 'installed')}`,
        `  else ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .reportLine */ .BS)('docker', 'missing')}; exit 0; fi`,
        'fi',
        'if ! docker info > /dev/null 2>&1; then',
        "  (unset GOGC; systemctl start docker || service docker start) > /dev/null 2>&1 # the daemon keeps Go's defaults",
        '  i=0; until docker info > /dev/null 2>&1; do i=$((i+1)); [ $i -gt 120 ] && { echo "docker did not start" >&2; exit 1; }; sleep 0.25; done',
        'fi',
        'mkdir -p .kamal'
    ]
};
/** `registry remove` on a host: forget the stored credentials. */
function registryLogout(server) {
    return `docker logout${server ? ` ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_1__/* .word */ .Vm)(server)}` : ''}`;
}
/** `app remove`: the app's directory of env files (and assets). */
function removeAppDirectory(config) {
    return `rm -r ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_1__/* .word */ .Vm)((0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .appsDir */ .CS)(config))}`;
}


/***/ }),

/***/ 7587:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AH: () => (/* binding */ releaseIfOwner),
/* harmony export */   IZ: () => (/* binding */ acquireLock),
/* harmony export */   NF: () => (/* binding */ thenReleaseIfOwner),
/* harmony export */   Q_: () => (/* binding */ keepIfOwner),
/* harmony export */   TD: () => (/* binding */ forceRelease),
/* harmony export */   lx: () => (/* binding */ lockDetailsText),
/* harmony export */   mF: () => (/* binding */ readLock),
/* harmony export */   oj: () => (/* binding */ lockStatus),
/* harmony export */   pI: () => (/* binding */ acquireOrShowHolder),
/* harmony export */   qn: () => (/* binding */ AUTOMATIC_LOCK_MESSAGE),
/* harmony export */   ux: () => (/* binding */ releaseIfOwnerAtEnd)
/* harmony export */ });
/* unused harmony export releaseLock */
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
/**
 * `releaseIfOwner` as the last line of a script that did the run's last work on the lock host (a
 * boot: see bootApp's `release`), saving the run its finish round trip. A failed release does not
 * fail the script: without the `lock` report the run releases the lock itself afterwards.
 */
function releaseIfOwnerAtEnd(config, token) {
    return {
        lines: [`{ ${releaseIfOwner(config, token)} ; } || echo "could not release the deploy lock here" >&2`],
        assumed: { lock: 'released' }
    };
}
/**
 * hold-lock-on-error: when the lock carries `token` (ours), its details are replaced by `details`
 * (naming the failure) and the lock stays; reports `lock` = kept, absent or not ours.
 */
function keepIfOwner(config, token, details) {
    const dir = (0,_naming_js__WEBPACK_IMPORTED_MODULE_3__/* .lockDir */ .JK)(config);
    return (0,_script_js__WEBPACK_IMPORTED_MODULE_1__/* .single */ .J0)(`if [ ! -d ${dir} ]; then ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .reportLine */ .BS)('lock', 'absent')}; elif base64 -d < ${dir}/details | grep -qF ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(token)}; then echo "${(0,_shell_js__WEBPACK_IMPORTED_MODULE_2__/* .encode64 */ .nl)(lockDetailsText(details))}" > ${dir}/details && ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .reportLine */ .BS)('lock', 'kept')}; else ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .reportLine */ .BS)('lock', 'not ours')}; fi`, { lock: 'kept' });
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

/***/ 3623:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FF: () => (/* binding */ proxyRemoveIfRunning),
/* harmony export */   WL: () => (/* binding */ staleContainers),
/* harmony export */   nl: () => (/* binding */ proxyDeployExisting),
/* harmony export */   pn: () => (/* binding */ proxyDeployRunning)
/* harmony export */ });
/* unused harmony export containerIdOfVersionIn */
/* harmony import */ var _app_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1413);
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9488);
/* harmony import */ var _protocol_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1652);
/* harmony import */ var _proxy_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4554);
/* harmony import */ var _shell_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4800);





/** The ID of the role's container of the version in shell variable `$<variable>` (any state). */
function containerIdOfVersionIn(config, role, variable) {
    return `docker container ls --all --filter "name=^${(0,_naming_js__WEBPACK_IMPORTED_MODULE_4__/* .rolePrefix */ .l6)(config, role)}-$${variable}\\$" --quiet`;
}
/**
 * Points kamal-proxy at an existing container again (Kamal's `app start` and `accessory start`):
 * its ID, then `kamal-proxy deploy`, which health-checks it before switching. No ID: Kamal's
 * "Failed to get endpoint" and EXIT.bootFailed.
 */
function proxyDeployExisting(t) {
    return [
        `DECKHAND_ID=$(${t.idCommand})`,
        `if [ -z "$DECKHAND_ID" ]; then echo ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)(`Failed to get endpoint for ${t.what} on ${t.host}, did the container boot?`)} >&2; exit ${_protocol_js__WEBPACK_IMPORTED_MODULE_1__/* .EXIT */ .dc.bootFailed}; fi`,
        (0,_proxy_js__WEBPACK_IMPORTED_MODULE_2__/* .proxyDeploy */ .oR)({ config: t.config, proxy: t.proxy, service: t.service, target: '${DECKHAND_ID}', tlsName: t.tlsName })
    ];
}
/** `app start` of a proxied role: the running version's container handed to kamal-proxy again. */
function proxyDeployRunning(config, role, proxy, host) {
    return [
        `DECKHAND_VERSION=$( { ${(0,_app_js__WEBPACK_IMPORTED_MODULE_0__/* .currentVersion */ .YO)(config, role)} ; } 2> /dev/null || true)`,
        ...proxyDeployExisting({
            config,
            proxy,
            service: (0,_naming_js__WEBPACK_IMPORTED_MODULE_4__/* .rolePrefix */ .l6)(config, role),
            idCommand: containerIdOfVersionIn(config, role, 'DECKHAND_VERSION'),
            tlsName: role.name,
            what: role.name,
            host
        })
    ];
}
/** `app stop` of a proxied role: kamal-proxy forgets it when a container of it runs (it may fail). */
function proxyRemoveIfRunning(config, role) {
    return `if [ -n "$(${(0,_app_js__WEBPACK_IMPORTED_MODULE_0__/* .currentContainer */ .zt)(config, role, 'id')})" ]; then ${(0,_app_js__WEBPACK_IMPORTED_MODULE_0__/* .proxyRemove */ .tt)((0,_naming_js__WEBPACK_IMPORTED_MODULE_4__/* .rolePrefix */ .l6)(config, role))} || true; fi`;
}
/**
 * `app stale_containers [--stop]`: running containers of another version than the current one,
 * each reported (and, with `stop`, stopped with the role's stop timeout; a stop may fail).
 */
function staleContainers(config, role, stop) {
    const t = (0,_app_js__WEBPACK_IMPORTED_MODULE_0__/* .stopTimeout */ .yy)(config, role);
    return [
        `DECKHAND_CURRENT=$( { ${(0,_app_js__WEBPACK_IMPORTED_MODULE_0__/* .currentVersion */ .YO)(config, role)} ; } 2> /dev/null || true)`,
        `for DECKHAND_STALE in $( { ${(0,_app_js__WEBPACK_IMPORTED_MODULE_0__/* .listVersions */ .yO)(config, role)} ; } 2> /dev/null || true); do`,
        '  if [ "$DECKHAND_STALE" = "$DECKHAND_CURRENT" ]; then continue; fi',
        stop
            ? `  echo "Stopping stale container for role ${role.name} with version $DECKHAND_STALE"; ${containerIdOfVersionIn(config, role, 'DECKHAND_STALE')} | xargs docker stop${t === undefined ? '' : ` -t ${t}`} || true`
            : `  echo "Detected stale container for role ${role.name} with version $DECKHAND_STALE (use \\\`kamal app stale_containers --stop\\\` to stop)"`,
        'done'
    ];
}


/***/ }),

/***/ 9488:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CS: () => (/* binding */ appsDir),
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
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

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
    /** Other running containers of the role (leftovers of an earlier fault), stopped before the boot. */
    stale: 'STALE',
    /** A boot that ended early (cancelled, or failed mid-way): the step it was at (`start`, `run`, `switched`, `done`). */
    settled: 'SETTLED',
    /** A boot that ended early: the version the role runs on the host now (empty: none). */
    runs: 'RUNS',
    /** Docker's view of the new container when the wait ended (`healthy`, `running`, `unhealthy`...). */
    status: 'STATUS',
    /** kamal-proxy's answer: `switched` (traffic moved to the new container) or `failed`. */
    proxy: 'PROXY',
    /** What the kamal-proxy container was before the proxy boot: `running`, `exited`, `missing`... */
    proxyWas: 'PROXY_WAS',
    /** The fate of this run's deploy lock: `released`, `kept` (hold-lock-on-error), `absent` or `not ours`. */
    lock: 'LOCK',
    /** `exists`: an accessory container was already there, so the boot left it alone. */
    accessory: 'ACCESSORY',
    /** `installed` (Docker was missing and was installed) or `missing` (and cannot be). */
    docker: 'DOCKER',
    /** Rollback check: the roles on the host that have no container of the version (space-separated). */
    missing: 'MISSING',
    /** Rollback check: each role's versions that exist as containers, `role=v1 v2;role2=...`. */
    versions: 'VERSIONS',
    /** The pulled image's early probe, `<ns> <base64 of its NUL-separated docker exec arguments>` (none
     * without a usable health check), from the label check's inspect (`checkLabelAndProbe`). */
    probe: 'PROBE',
    /** `started`: a deploy in one exec (`bootScript` with a head) got past its pull, label check and
     * lock, which it took, to the boot. */
    boot: 'BOOT'
};
/** Named exit codes of our scripts (anything else is the exit code of the command that failed). */
const EXIT = {
    /** A new container never got ready, or kamal-proxy refused to switch to it. */
    bootFailed: 70,
    /** A kamal-proxy older than the minimum version runs on the host. */
    proxyTooOld: 71,
    /** Someone else holds the deploy lock (its details follow on stdout). */
    lockHeld: 75,
    /** The script was stopped (a cancel, or its SSH connection went away) and left a consistent state. */
    cancelled: 76
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

/***/ 4554:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ah: () => (/* binding */ prepareProxyBoot),
/* harmony export */   CB: () => (/* binding */ makeProxyConfigDirectory),
/* harmony export */   EB: () => (/* binding */ proxyImage),
/* harmony export */   Fl: () => (/* binding */ stopProxy),
/* harmony export */   Kd: () => (/* binding */ switchProxyTo),
/* harmony export */   MZ: () => (/* binding */ proxyLogs),
/* harmony export */   M_: () => (/* binding */ appDirectoryCount),
/* harmony export */   Mq: () => (/* binding */ removeProxyDirectory),
/* harmony export */   U3: () => (/* binding */ removeProxyImage),
/* harmony export */   Vl: () => (/* binding */ bootProxy),
/* harmony export */   Vv: () => (/* binding */ proxyInfo),
/* harmony export */   b5: () => (/* binding */ removeProxyAppDirectory),
/* harmony export */   en: () => (/* binding */ runProxy),
/* harmony export */   it: () => (/* binding */ tlsPaths),
/* harmony export */   nL: () => (/* binding */ startProxy),
/* harmony export */   nz: () => (/* binding */ ownPrivateKey),
/* harmony export */   oR: () => (/* binding */ proxyDeploy),
/* harmony export */   p6: () => (/* binding */ waitForProxy),
/* harmony export */   sd: () => (/* binding */ proxyUrl),
/* harmony export */   ur: () => (/* binding */ removeProxyContainer),
/* harmony export */   z: () => (/* binding */ PROXY_APPS_CONFIG)
/* harmony export */ });
/* unused harmony exports PROXY_CONTAINER, proxyVersion, proxyVersionCheck, PROXY_USER */
/* harmony import */ var _config_proxy_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1574);
/* harmony import */ var _app_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1413);
/* harmony import */ var _docker_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1420);
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9488);
/* harmony import */ var _protocol_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1652);
/* harmony import */ var _shell_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4800);
// kamal-proxy commands, as Kamal v2 builds them: booting the `kamal-proxy` container on a host and
// `kamal-proxy deploy`, which health-checks a new target, switches traffic to it atomically and
// drains the old one. Flags use kamal-proxy's `--key="value"` form; `true` gives a bare flag.






const PROXY_CONTAINER = 'kamal-proxy';
/** On the host (relative to the SSH user's home) and inside the proxy container. */
const PROXY_APPS_CONFIG = '.kamal/proxy/apps-config';
/** The directory the proxy mounts as its apps config, made before the proxy starts. */
const makeProxyConfigDirectory = `mkdir -p ${PROXY_APPS_CONFIG}`;
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
        `--publish ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_4__/* .word */ .Vm)([ip, run.httpPort, 80].filter((x) => x !== undefined).join(':'))}`,
        `--publish ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_4__/* .word */ .Vm)([ip, run.httpsPort, 443].filter((x) => x !== undefined).join(':'))}`
    ]);
}
/**
 * Starts the proxy unless it is there: `docker container start` leaves a running one alone and
 * restarts a stopped one; only when there is none is it created. Without `proxy.run`, the legacy
 * `.kamal/proxy/*` boot_config files (or Kamal's defaults) choose the options and image.
 */
function bootProxy(run) {
    return `docker container start kamal-proxy || ${runProxy(run)}`;
}
/** `docker run` of the proxy (Kamal's `proxy.run`; `proxy reboot` runs it without trying a start first). */
function runProxy(run) {
    if (!run)
        return `echo $(cat .kamal/proxy/options 2> /dev/null || echo "--publish 80:80 --publish 443:443 --log-opt max-size=10m") $(cat .kamal/proxy/image 2> /dev/null || echo "basecamp/kamal-proxy"):$(cat .kamal/proxy/image_version 2> /dev/null || echo "${_config_proxy_js__WEBPACK_IMPORTED_MODULE_0__/* .PROXY_MINIMUM_VERSION */ .X_}") $(cat .kamal/proxy/run_command 2> /dev/null || echo "") | xargs ${RUN_PREFIX}`;
    const runCommand = [
        'kamal-proxy run',
        ...(run.metricsPort !== undefined ? [`--metrics-port ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_4__/* .kamalValue */ .mH)(String(run.metricsPort))}`] : []),
        ...(run.debug ? ['--debug'] : [])
    ];
    return [
        RUN_PREFIX,
        ...publishArgs(run),
        `--log-opt max-size=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_4__/* .word */ .Vm)(run.logMaxSize)}`,
        ...(run.metricsPort !== undefined ? [`--expose=${run.metricsPort}`] : []),
        ...(0,_shell_js__WEBPACK_IMPORTED_MODULE_4__/* .optionize */ .Ew)(run.options),
        (0,_shell_js__WEBPACK_IMPORTED_MODULE_4__/* .word */ .Vm)(proxyImage(run)),
        ...runCommand
    ].join(' ');
}
/** The tag of the proxy container's image (empty when there is no proxy container). */
const proxyVersion = `docker inspect kamal-proxy --format '{{.Config.Image}}' | awk -F: '{print $NF}'`;
/**
 * Stops the script when a proxy container exists with a version tag older than the minimum
 * (Kamal's check before booting); tags that are no version (`latest`) are not judged.
 */
function proxyVersionCheck(minimum = _config_proxy_js__WEBPACK_IMPORTED_MODULE_0__/* .PROXY_MINIMUM_VERSION */ .X_) {
    return [
        `DECKHAND_PV=$( { ${proxyVersion} ; } 2> /dev/null || true)`,
        `if printf '%s' "$DECKHAND_PV" | grep -Eq '^v?[0-9]+(\\.[0-9]+)*$' && [ "$(printf '%s\\n%s\\n' "\${DECKHAND_PV#v}" ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_4__/* .word */ .Vm)(minimum.replace(/^v/, ''))} | sort -V | head -1)" != ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_4__/* .word */ .Vm)(minimum.replace(/^v/, ''))} ]; then`,
        `  echo "kamal-proxy version $DECKHAND_PV is too old, run \\\`kamal proxy reboot\\\` in order to update to at least ${minimum} (or remove the old proxy on this host with \\\`docker rm -f kamal-proxy\\\` and deploy again)" >&2; exit ${_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .EXIT */ .dc.proxyTooOld}`,
        'fi'
    ].join('\n');
}
/** Where a role's custom certificate lives: on the host, and as the proxy container sees it. */
function tlsPaths(config, name) {
    const dir = `${(0,_naming_js__WEBPACK_IMPORTED_MODULE_5__/* .serviceWithDestination */ .IB)(config)}/tls/${name}`;
    return {
        hostDir: `${PROXY_APPS_CONFIG}/${dir}`,
        cert: `${CONTAINER_APPS_CONFIG}/${dir}/cert.pem`,
        key: `${CONTAINER_APPS_CONFIG}/${dir}/key.pem`
    };
}
/**
 * The user kamal-proxy runs as: basecamp/kamal-proxy's Dockerfile does `useradd kamal-proxy` on
 * ubuntu:noble, whose own `ubuntu` user already has uid and gid 1000, then `USER kamal-proxy`.
 */
const PROXY_USER = '1001:1001';
/**
 * Gives a custom certificate's private key (written 0600) to the proxy's user, so that only it can
 * read the key (Kamal writes it 0644). An SSH user who may not `chown` has it done by root inside
 * the proxy container, which mounts the apps-config directory.
 */
function ownPrivateKey(config, name) {
    const tls = tlsPaths(config, name);
    return `chown ${PROXY_USER} ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_4__/* .word */ .Vm)(`${tls.hostDir}/key.pem`)} 2> /dev/null || docker exec --user 0 kamal-proxy chown ${PROXY_USER} ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_4__/* .word */ .Vm)(tls.key)}`;
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
            out.push(v === true ? `--${key}` : `--${key}=${(0,_shell_js__WEBPACK_IMPORTED_MODULE_4__/* .kamalValue */ .mH)(String(v))}`);
        }
    }
    return `docker exec kamal-proxy kamal-proxy deploy ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_4__/* .word */ .Vm)(service)} ${out.join(' ')}`;
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
            _docker_js__WEBPACK_IMPORTED_MODULE_2__/* .createNetwork */ .VS,
            proxyVersionCheck(),
            // An absent container makes `docker inspect` print an empty line (and fail): call that missing.
            `PROXY_WAS=$(docker inspect --format '{{.State.Status}}' kamal-proxy 2> /dev/null | tr -d '\\n') || true; ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .reportLine */ .BS)('proxyWas', '${PROXY_WAS:-missing}')}`,
            makeProxyConfigDirectory
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
    const c = (0,_shell_js__WEBPACK_IMPORTED_MODULE_4__/* .word */ .Vm)(t.container);
    return {
        lines: [
            `DECKHAND_ID=$(${(0,_app_js__WEBPACK_IMPORTED_MODULE_1__/* .containerIdByName */ .PM)(t.container)})`,
            `if [ -z "$DECKHAND_ID" ]; then echo ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(`Failed to get endpoint for ${t.what} on ${t.host}, did the container boot?`)} >&2; exit ${_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .EXIT */ .dc.bootFailed}; fi`,
            `if DECKHAND_OUT=$(${deploy} 2>&1); then`,
            `  ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .reportLine */ .BS)('proxy', 'switched')}`,
            'else',
            `  ${(0,_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .reportLine */ .BS)('proxy', 'failed')}`,
            `  docker stop ${c} > /dev/null 2>&1 || true`,
            `  docker logs --tail 10 ${c} 2>&1 | sed 's/^/  /' >&2 || true`,
            `  echo ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(`kamal-proxy did not switch ${t.service} to ${t.container} on ${t.host}: the old version keeps serving; ${t.container} was stopped and kept for inspection (its last log lines are above). kamal-proxy said:`)} >&2`,
            `  printf '%s\\n' "$DECKHAND_OUT" >&2`,
            `  exit ${_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .EXIT */ .dc.bootFailed}`,
            'fi'
        ],
        assumed: { proxy: 'switched' }
    };
}
// --- Kamal's `proxy` commands (lib/kamal/commands/proxy.rb)
/** `proxy details`. */
const proxyInfo = "docker ps --filter 'name=^kamal-proxy$'";
const startProxy = 'docker container start kamal-proxy';
const stopProxy = 'docker container stop kamal-proxy';
/** The proxy's stopped container (found by its image's title label, as Kamal does). */
const removeProxyContainer = 'docker container prune --force --filter label=org.opencontainers.image.title=kamal-proxy';
const removeProxyImage = 'docker image prune --all --force --filter label=org.opencontainers.image.title=kamal-proxy';
const removeProxyDirectory = 'rm -r .kamal/proxy';
/** How many apps are installed on the host (`proxy remove` refuses while there are any). */
const appDirectoryCount = 'ls .kamal/apps | wc -l';
/** `proxy logs`. */
function proxyLogs(o) {
    const grep = o.grep === undefined ? '' : ` | grep ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(o.grep)}${(o.grepOptions ?? []).map((w) => ` ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_4__/* .word */ .Vm)(w)}`).join('')}`;
    return `docker logs kamal-proxy${o.since !== undefined ? ` --since ${(0,_shell_js__WEBPACK_IMPORTED_MODULE_4__/* .word */ .Vm)(o.since)}` : ''}${o.lines !== undefined ? ` --tail ${o.lines}` : ''}${o.timestamps ? ' --timestamps' : ''} 2>&1${grep}`;
}
/** `app remove`: the app's kamal-proxy directory (error pages, certificates). */
function removeProxyAppDirectory(config) {
    return `rm -r ${PROXY_APPS_CONFIG}/${(0,_naming_js__WEBPACK_IMPORTED_MODULE_5__/* .serviceWithDestination */ .IB)(config)}`;
}
/**
 * Waits (at most 30 s) until a just-started kamal-proxy answers on its socket (`kamal-proxy list`),
 * so that a rolling reboot moves to the next host only once this one serves again. Kamal does not
 * wait; its next host may go down while this one still starts.
 */
const waitForProxy = 'i=0; until docker exec kamal-proxy kamal-proxy list > /dev/null 2>&1; do i=$((i+1)); if [ $i -gt 120 ]; then echo "kamal-proxy does not answer after its reboot" >&2; exit 1; fi; sleep 0.25; done';


/***/ }),

/***/ 8827:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

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
    // (heap up to 5× the live data, a few MB for the CLI) lets it start with fewer of them;
    // `npm run bench` measures the CPU per call with and without it (bench/results.md).
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
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ew: () => (/* binding */ optionize),
/* harmony export */   Ou: () => (/* binding */ argumentize),
/* harmony export */   Vm: () => (/* binding */ word),
/* harmony export */   YO: () => (/* binding */ mayFail),
/* harmony export */   gd: () => (/* binding */ quietly),
/* harmony export */   hD: () => (/* binding */ quote),
/* harmony export */   mH: () => (/* binding */ kamalValue),
/* harmony export */   n_: () => (/* binding */ envFileValue),
/* harmony export */   nl: () => (/* binding */ encode64),
/* harmony export */   tz: () => (/* binding */ silently),
/* harmony export */   uP: () => (/* binding */ errorsHidden)
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
    '\u001b': '\\e'
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
/**
 * Kamal's `escape_shell_value`: `"dumped"`, backticks escaped, and `$` escaped unless it starts
 * `${...}`.
 */
function kamalValue(value) {
    return `"${dumpBody(value)
        .replace(/`/g, '\\`')
        .replace(/\$(?!\{[^}]*\})/g, '\\$')}"`;
}
/**
 * A line of a Kamal env file (lib/kamal/env_file.rb): dumped, outer quotes dropped, `\"` and `\#`
 * unescaped; backticks stay as they are (only shell values escape them).
 */
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
/** Kamal's "may fail": the script goes on whatever the command's exit status. */
function mayFail(command) {
    return `${command} || true`;
}
/** A command that may fail, with nothing of it shown (neither its output nor its errors). */
function silently(command) {
    return `${quietly(command)} 2>&1 || true`;
}
/** A command that may fail, its error messages hidden (a missing directory, a gone route). */
function errorsHidden(command) {
    return `${command} 2> /dev/null || true`;
}


/***/ }),

/***/ 8409:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

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
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ip: () => (/* binding */ renderErb),
/* harmony export */   YI: () => (/* binding */ isErbFile),
/* harmony export */   bX: () => (/* binding */ configErbEnv),
/* harmony export */   dd: () => (/* binding */ renderAccessoryFile)
/* harmony export */ });
/* unused harmony export ERB_SUPPORTED */
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
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

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

/***/ 6206:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Er: () => (/* binding */ hooksPath),
/* harmony export */   GZ: () => (/* binding */ hooksOutput),
/* harmony export */   bH: () => (/* binding */ hooksOutputFor)
/* harmony export */ });
/* unused harmony export DEFAULT_HOOKS_PATH */
/* harmony import */ var _paths_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1066);
// Kamal's hook settings (lib/kamal/configuration.rb `hooks_path`, `hooks_output_for`): where the
// hooks are, relative to the working directory and never outside it, and how much of them is shown.

const DEFAULT_HOOKS_PATH = '.kamal/hooks';
/** `hooks_path` checked (inside the working directory), with Kamal's default. */
function hooksPath(raw, add) {
    const path = raw.hooks_path ?? DEFAULT_HOOKS_PATH;
    if (!(0,_paths_js__WEBPACK_IMPORTED_MODULE_0__/* .staysInside */ .No)(path))
        add(['hooks_path'], `'${path}' is outside the working directory: give a path relative to it (default ${DEFAULT_HOOKS_PATH})`);
    return path;
}
const level = (value) => {
    const v = value.replace(/^:/, '');
    return v === 'quiet' || v === 'verbose' ? v : undefined;
};
/** `hooks_output` as typed levels (written with or without the Ruby symbol's colon); bad ones are
 * reported by `checkHooksOutput` and left out here. */
function hooksOutput(raw) {
    const h = raw.hooks_output;
    if (h === undefined)
        return undefined;
    if (typeof h === 'string')
        return level(h);
    const out = {};
    for (const [name, value] of Object.entries(h)) {
        const l = level(value);
        if (l)
            out[name] = l;
    }
    return out;
}
/** The level set for `hook` (Kamal's `hooks_output_for`): undefined means Kamal's default. */
function hooksOutputFor(config, hook) {
    const h = config.hooksOutput;
    return typeof h === 'string' || h === undefined ? h : h[hook];
}


/***/ }),

/***/ 1066:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EF: () => (/* binding */ readCapped),
/* harmony export */   GW: () => (/* binding */ MAX_CONFIG_BYTES),
/* harmony export */   LI: () => (/* binding */ resolveInside),
/* harmony export */   No: () => (/* binding */ staysInside),
/* harmony export */   QD: () => (/* binding */ LocalFileError),
/* harmony export */   cK: () => (/* binding */ staysBelow),
/* harmony export */   xO: () => (/* binding */ readInside)
/* harmony export */ });
/* unused harmony export formatBytes */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _util_values_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7656);
// Local paths the config names, kept inside the working directory: a path is resolved with every
// symlink followed (realpath) and must land inside `working-directory`, so that a config-only
// change can never make the action read, upload or mount a runner file from elsewhere
// (`files: ["../../etc/shadow:/etc/x"]`, or a symlink to it). Reused by every reader of local files.



/** The largest config or secrets file read (a 10 MB deploy.yml cost ~500 MB of memory to parse). */
const MAX_CONFIG_BYTES = 1024 * 1024;
const inside = (root, path) => path === root || path.startsWith(root.endsWith(node_path__WEBPACK_IMPORTED_MODULE_1__.sep) ? root : root + node_path__WEBPACK_IMPORTED_MODULE_1__.sep);
/**
 * `path` (relative to `workingDirectory`, or absolute) resolved with its symlinks, when it stays
 * inside the working directory; otherwise why not. A path that does not exist (yet) is judged by
 * its nearest existing parent, unless `mustExist`.
 */
function resolveInside(workingDirectory, path, opts = {}) {
    const shown = JSON.stringify((0,_util_values_js__WEBPACK_IMPORTED_MODULE_2__/* .cut */ .Jj)(path, 120));
    const lexicalRoot = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workingDirectory);
    const lexical = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(lexicalRoot, path);
    if (!inside(lexicalRoot, lexical))
        return { ok: false, problem: `${shown} is outside the working directory` };
    let root;
    try {
        root = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(lexicalRoot);
    }
    catch {
        // No working directory: nothing is in it (reading will say "not found").
        return { ok: true, path: lexical };
    }
    let real;
    try {
        real = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(lexical);
    }
    catch (e) {
        if (e.code !== 'ENOENT')
            return { ok: false, problem: `${shown} cannot be read` };
        if (opts.mustExist)
            return { ok: false, problem: `${shown} not found` };
        const parent = existingParent((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(lexical));
        if (!inside(root, parent))
            return { ok: false, problem: `${shown} is outside the working directory (through a symlink to ${parent})` };
        return { ok: true, path: lexical };
    }
    if (!inside(root, real))
        return {
            ok: false,
            problem: `${shown} resolves to ${(0,_util_values_js__WEBPACK_IMPORTED_MODULE_2__/* .cut */ .Jj)(real, 120)} through a symlink, outside the working directory`
        };
    return { ok: true, path: real };
}
function existingParent(dir) {
    for (let d = dir;; d = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(d)) {
        try {
            return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(d);
        }
        catch {
            if ((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(d) === d)
                return d;
        }
    }
}
/** Reading a local file failed: `problem` says why, without its content. */
class LocalFileError extends Error {
    path;
    problem;
    constructor(path, problem) {
        super(`${path}: ${problem}`);
        this.path = path;
        this.problem = problem;
        this.name = 'LocalFileError';
    }
}
/**
 * Reads a local file the config names: resolved inside the working directory (see
 * `resolveInside`) and at most `maxBytes` long, else a LocalFileError.
 */
function readInside(workingDirectory, path, maxBytes) {
    const where = resolveInside(workingDirectory, path, { mustExist: true });
    if (!where.ok)
        throw new LocalFileError(path, where.problem);
    return readCapped(where.path, path, maxBytes);
}
/**
 * A file's content, refused when it is over `maxBytes` (checked on the open file, before reading
 * it, so an oversized file costs no memory). `shown` is how errors name it.
 */
function readCapped(path, shown, maxBytes = Infinity) {
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, 'r');
    }
    catch (e) {
        const code = e.code;
        throw new LocalFileError(shown, code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? 'error'})`);
    }
    try {
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        if (!stat.isFile())
            throw new LocalFileError(shown, 'is not a file');
        if (stat.size > maxBytes)
            throw new LocalFileError(shown, `is ${formatBytes(stat.size)}; files over ${formatBytes(maxBytes)} are refused (is it the right file?)`);
        const buffer = Buffer.alloc(stat.size);
        let read = 0;
        while (read < stat.size) {
            const n = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, buffer, read, stat.size - read, read);
            if (n === 0)
                break;
            read += n;
        }
        return buffer.subarray(0, read);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
function formatBytes(n) {
    return n >= 1024 * 1024
        ? `${(n / 1024 / 1024).toFixed(1)} MB`
        : n >= 1024
            ? `${(n / 1024).toFixed(1)} KB`
            : `${n} bytes`;
}
/**
 * Whether `path`, relative to the working directory, stays inside it by its text alone: not empty,
 * not absolute, not `~`, and no `..` that climbs out. For checks made without the working directory
 * (the config's own text); `resolveInside` then follows symlinks where the files are read.
 */
function staysInside(path) {
    return path !== '' && !(0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(path) && !path.startsWith('~') && staysBelow(path);
}
/**
 * A path relative to some directory (an accessory's directory on the host) that must not climb out
 * of it with `..`: judged without the file system, since it is not on this machine.
 */
function staysBelow(path) {
    if ((0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(path))
        return true;
    const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)('/base', (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)('/base', path));
    return rel !== '..' && !rel.startsWith(`..${node_path__WEBPACK_IMPORTED_MODULE_1__.sep}`);
}


/***/ }),

/***/ 1574:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

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
            add([...path, 'bind_ips', i], `Invalid publish IP address: ${(0,_util_values_js__WEBPACK_IMPORTED_MODULE_1__/* .cut */ .Jj)(ip, 100)}`);
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

/***/ 992:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  S_: () => (/* binding */ buildSecrets),
  Ds: () => (/* binding */ planSecrets),
  EH: () => (/* binding */ readSecretFiles),
  Hz: () => (/* binding */ requiredSecrets),
  jN: () => (/* binding */ resolveNames),
  Mx: () => (/* binding */ resolveSecrets),
  tc: () => (/* binding */ sshKeySecrets)
});

// UNUSED EXPORTS: MissingSecretsError

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
// EXTERNAL MODULE: ./src/config/paths.ts
var paths = __webpack_require__(1066);
// EXTERNAL MODULE: ./src/util/values.ts
var values = __webpack_require__(7656);
;// CONCATENATED MODULE: ./src/config/secrets.ts
// Secrets as Kamal v2 reads them: `.kamal/secrets-common`, then `.kamal/secrets` or `.kamal/secrets.<destination>`
// (dotenv syntax, see dotenv.ts), else the step's env; which secrets are needed comes from the config.




function readSecretFiles(workingDirectory, secretsPath, destination, env, runCommand) {
    const names = [`${secretsPath}-common`, destination ? `${secretsPath}.${destination}` : secretsPath];
    const fromFiles = new Map();
    const files = [];
    for (const name of names) {
        // Inside the working directory (symlinks followed) and at most 1 MB; a missing file is skipped.
        const where = (0,paths/* resolveInside */.LI)(workingDirectory, name);
        if (!where.ok)
            throw new SecretsFileError(`Secrets file ${where.problem}`);
        let text;
        try {
            text = (0,paths/* readCapped */.EF)(where.path, name, paths/* MAX_CONFIG_BYTES */.GW).toString('utf8');
        }
        catch (e) {
            if (e instanceof paths/* LocalFileError */.QD && e.problem === 'not found')
                continue;
            throw new SecretsFileError(`Secrets file ${name} ${e instanceof paths/* LocalFileError */.QD ? e.problem : (0,values/* errorMessage */.gJ)(e)}`);
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
    for (const name of sshKeySecrets(config))
        names.add(name);
    // Custom TLS certificates for kamal-proxy name secrets (Kamal reads them from the secrets too).
    for (const p of [...config.roles.map((r) => r.proxyConfig), ...config.accessories.map((a) => a.proxy)]) {
        if (p?.customCertificate)
            names.add(p.customCertificate.certificatePem).add(p.customCertificate.privateKeyPem);
    }
    return [...names];
}
/** The secrets a build on the runner needs: the registry's credentials and `builder.secrets`. */
function buildSecrets(config) {
    const names = new Set(config.builder?.secrets ?? []);
    for (const v of [config.registry.username, config.registry.password])
        if (v && 'secret' in v)
            names.add(v.secret);
    return [...names];
}
/** The secrets holding SSH keys (`ssh.key_data`): every command that connects needs them. */
function sshKeySecrets(config) {
    return config.ssh.keyData.flatMap((k) => ('secret' in k ? [k.secret] : []));
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
/** Resolves every secret named (default: all the config needs), or throws naming the missing ones (never a value). */
function resolveSecrets(config, source, env, names = requiredSecrets(config)) {
    return resolveNames(names, source, env);
}
/** Resolves the named secrets, or throws naming the missing ones (never a value). */
function resolveNames(names, source, env) {
    const out = new Map();
    const missing = [];
    for (const name of names) {
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
function planSecrets(config, source, env, names = requiredSecrets(config)) {
    const secrets = new Map();
    const missing = [];
    for (const name of names) {
        secrets.set(name, `<${name}>`);
        const value = source.fromFiles.get(name) ?? env[name];
        if (value === undefined || value === '')
            missing.push(name);
    }
    return { secrets, missing };
}


/***/ }),

/***/ 2020:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cT: () => (/* binding */ sshWarnings),
/* harmony export */   uT: () => (/* binding */ normalizeSsh),
/* harmony export */   ye: () => (/* binding */ parseJumpList)
/* harmony export */ });
/* unused harmony exports parseJumpSpec, PROXY_COMMAND_TOKENS */
/* harmony import */ var _paths_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1066);
/* harmony import */ var _util_tokens_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7432);
// The ssh section (Kamal: lib/kamal/configuration/ssh.rb): user and port, the jump hosts or proxy
// command, the key sources and the OpenSSH config files to read. Only the text is checked here;
// the files are read when a run prepares its connections (reach.ts, ssh-config.ts).


/**
 * One jump host, `[user@]host[:port]` (also `ssh://…` and `[v6-address]:port`, as OpenSSH's `-J`).
 * The user is left out when not given: `ssh.proxy` fills in root (Kamal), ProxyJump the config's.
 */
function parseJumpSpec(value) {
    const m = /^(?:ssh:\/\/)?(?:([^@\s,/]+)@)?(\[[0-9A-Fa-f:.]+\]|[^@\s,:/[\]]+)(?::(\d{1,5}))?$/.exec(value.trim());
    if (!m)
        return undefined;
    const port = m[3] === undefined ? undefined : Number(m[3]);
    if (port !== undefined && (port < 1 || port > 65535))
        return undefined;
    const host = m[2].replace(/^\[(.*)\]$/, '$1');
    return { ...(m[1] ? { user: m[1] } : {}), host, ...(port !== undefined ? { port } : {}) };
}
/** A comma list of jump hosts (a chain, first hop first), or undefined if any part is not one. */
function parseJumpList(value) {
    const hops = value.split(',').map(parseJumpSpec);
    return hops.every((h) => h !== undefined) ? hops : undefined;
}
/** The tokens ssh.proxy_command may use, as Net::SSH::Proxy::Command and OpenSSH substitute them. */
const PROXY_COMMAND_TOKENS = 'hprn';
/** Kamal 2.10 deprecated literal keys (they still work there): anything holding a PEM header is one. */
function keyDataEntry(value) {
    return value.includes('-----BEGIN') ? { literal: value } : { secret: value };
}
function normalizeSsh(raw, add) {
    const proxy = raw?.proxy === undefined ? undefined : parseJumpList(raw.proxy);
    if (raw?.proxy !== undefined && !proxy)
        add(['ssh', 'proxy'], 'should be <host>, <user>@<host> or <user>@<host>:<port> (a comma list for a chain)');
    const token = raw?.proxy_command === undefined ? undefined : (0,_util_tokens_js__WEBPACK_IMPORTED_MODULE_1__/* .unknownToken */ .mL)(raw.proxy_command, PROXY_COMMAND_TOKENS);
    if (token !== undefined)
        add(['ssh', 'proxy_command'], `unknown token %${token}: only %h (host), %p (port), %r (user), %n (host as written) and %% are substituted`);
    (raw?.keys ?? []).forEach((key, i) => {
        if (!(0,_paths_js__WEBPACK_IMPORTED_MODULE_0__/* .staysInside */ .No)(key))
            add(['ssh', 'keys', i], `'${key}' is outside the working directory: key files are read from the repository's working directory only; give the key with the ssh-private-key input or name a secret in ssh.key_data`);
    });
    const config = raw?.config ?? true;
    return {
        user: raw?.user ?? 'root',
        port: raw?.port ?? 22,
        ...(proxy ? { proxy } : {}),
        ...(raw?.proxy_command !== undefined ? { proxyCommand: raw.proxy_command } : {}),
        keys: raw?.keys ?? [],
        keyData: (raw?.key_data ?? []).map(keyDataEntry),
        keysOnly: raw?.keys_only ?? false,
        configFiles: config === true ? ['~/.ssh/config'] : config === false ? [] : typeof config === 'string' ? [config] : config,
        configNamed: config !== true && config !== false,
        forwardAgent: raw?.forward_agent ?? false
    };
}
/** Warnings about how the ssh section is used, each once. */
function sshWarnings(raw) {
    const out = [];
    // The value is never repeated: it is a private key.
    if ((raw?.key_data ?? []).some((k) => k.includes('-----BEGIN')))
        out.push('ssh.key_data: holds a literal private key, which Kamal deprecated: name a secret instead (.kamal/secrets or the step env)');
    if (raw?.proxy !== undefined && raw.proxy_command !== undefined)
        out.push('ssh.proxy_command: not used, because ssh.proxy is set (Kamal uses the jump host then too)');
    return out;
}


/***/ }),

/***/ 4601:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O$: () => (/* binding */ configWarnings),
/* harmony export */   l6: () => (/* binding */ ignoredKeys)
/* harmony export */ });
/* unused harmony export NOT_ACTED_ON_NOTES */
/** Keys we validate but do not act on (yet); each is reported once as a warning. */
const NOT_ACTED_ON = [
    'asset_path',
    'servers.*.asset_path',
    'accessories.*.proxy',
    'error_pages_path',
    'minimum_version',
    'run_directory',
    'output',
    'ssh.log_level',
    'sshkit.pool_idle_timeout',
    'sshkit.dns_retries',
    'boot.parallel_roles'
];
/** Why a key is not acted on, where there is more to say than "not yet". */
const NOT_ACTED_ON_NOTES = {
    run_directory: 'Kamal 2 ignores it too: the run directory is always .kamal',
    'ssh.log_level': 'ssh2 logs nothing; connection errors name the host and the leg that failed',
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

/***/ 4371:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bq: () => (/* binding */ accessoryStop),
/* harmony export */   Ry: () => (/* binding */ accessoryRemove),
/* harmony export */   rW: () => (/* binding */ accessoryStart),
/* harmony export */   yC: () => (/* binding */ accessoryRestart),
/* harmony export */   zH: () => (/* binding */ bootAccessories)
/* harmony export */ });
/* harmony import */ var _commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1864);
/* harmony import */ var _commands_app_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1413);
/* harmony import */ var _commands_manage_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3623);
/* harmony import */ var _commands_audit_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6689);
/* harmony import */ var _commands_docker_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1420);
/* harmony import */ var _commands_naming_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(9488);
/* harmony import */ var _commands_script_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8827);
/* harmony import */ var _commands_shell_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4800);
/* harmony import */ var _util_values_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(7656);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8029);
/* harmony import */ var _hosts_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(7730);
/* harmony import */ var _proxy_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(3049);
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(5942);
/* harmony import */ var _remote_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(6871);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(6891);
// Booting accessories (Kamal's `accessory boot`, lib/kamal/cli/accessory.rb): each on its hosts,
// unless a container of it already exists (then it is left alone, as Kamal does).















const fileKey = (acc, local) => `${acc.name}\0${local}`;
/** Boots one accessory on one host unless a container of it already exists; `before` runs first
 * (after the registry login and the network: a reboot's pull, stop and removal). */
async function bootAccessory(ctx, acc, host, files, before = []) {
    const { config } = ctx;
    const script = new _commands_script_js__WEBPACK_IMPORTED_MODULE_5__/* .RemoteScript */ .Sq();
    (0,_registry_js__WEBPACK_IMPORTED_MODULE_10__/* .addLogin */ .r$)(script, ctx, acc.registry ?? config.registry);
    script.add(_commands_docker_js__WEBPACK_IMPORTED_MODULE_4__/* .createNetwork */ .VS, ...before);
    for (const dir of acc.directories)
        script.add(...(0,_commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__/* .makeDirectory */ .Oh)(acc, dir));
    for (const file of acc.files) {
        script.writeFile((0,_commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__/* .accessoryFilePath */ .CQ)(acc, file), files.get(fileKey(acc, file.local)) ?? Buffer.alloc(0), (0,_commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__/* .accessoryFileMode */ .Ck)(acc, file));
        script.add(...(0,_commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__/* .chownFile */ .Sw)(acc, file));
    }
    script.add((0,_commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__/* .stopIfAccessoryExists */ .s7)(acc), (0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_3__/* .auditLine */ .kk)(config, ctx.performer, `Booted ${acc.name} accessory`));
    script.writeFile((0,_commands_naming_js__WEBPACK_IMPORTED_MODULE_12__/* .accessoryEnvFile */ .QG)(config, acc), (0,_commands_app_js__WEBPACK_IMPORTED_MODULE_1__/* .envFileContent */ .hF)(acc.env, ctx.secrets), '600');
    script.add((0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_6__/* .quietly */ .gd)((0,_commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__/* .runAccessory */ .s5)(config, acc, host)));
    if (acc.proxy)
        (0,_proxy_js__WEBPACK_IMPORTED_MODULE_9__/* .addProxySwitch */ .I9)(script, ctx, {
            proxy: acc.proxy,
            service: acc.service,
            container: acc.service,
            tlsName: acc.name,
            what: `accessory ${acc.name}`,
            host
        });
    const { report } = await (0,_remote_js__WEBPACK_IMPORTED_MODULE_11__/* .runRemote */ .Q)(ctx.pool.get(host), script, `boot accessory ${acc.name}`);
    return report.accessory === 'exists' ? 'left running' : 'booted';
}
/**
 * Boots the accessories (default: every targeted one), each on its hosts, one after the other on a
 * host. `reboot` (Kamal's `accessory reboot`) first pulls the image, stops and removes the
 * container, so the boot always runs: data directories are kept, files are uploaded again.
 */
async function bootAccessories(ctx, readLocalFile, accessories = ctx.targets.accessories, mode = 'boot') {
    if (accessories.length === 0)
        return;
    // Read every local file first: a missing one stops the run before any host is touched.
    const files = new Map();
    for (const acc of accessories)
        for (const f of acc.files)
            if (!files.has(fileKey(acc, f.local)))
                files.set(fileKey(acc, f.local), readLocalFile(f.local, acc));
    const verb = mode === 'boot' ? 'Boot' : 'Reboot';
    await ctx.reporter.group(`${verb} accessories: ${accessories.map((a) => a.name).join(', ')}`, async () => {
        const hosts = [...new Set(accessories.flatMap((a) => a.hosts))];
        await (0,_hosts_js__WEBPACK_IMPORTED_MODULE_8__/* .onHosts */ .Dc)(ctx, hosts, async (host, log) => {
            for (const acc of accessories.filter((a) => a.hosts.includes(host))) {
                (0,_context_js__WEBPACK_IMPORTED_MODULE_7__/* .throwIfCancelled */ .dZ)(ctx.signal);
                const started = Date.now();
                try {
                    const before = mode === 'reboot' ? rebootLines(ctx, acc) : [];
                    const action = await bootAccessory(ctx, acc, host, files, before);
                    ctx.report.accessories.push({ name: acc.name, host, action, seconds: (0,_report_js__WEBPACK_IMPORTED_MODULE_13__/* .secondsSince */ .w)(started) });
                    if (action === 'booted')
                        log.done(host, `${mode === 'boot' ? 'booted' : 'rebooted'} ${acc.name} (${acc.service})`);
                    else
                        ctx.reporter.info(`Skipping booting \`${acc.name}\` on ${host}, a container already exists`);
                }
                catch (error) {
                    ctx.report.accessories.push({
                        name: acc.name,
                        host,
                        action: 'failed',
                        seconds: (0,_report_js__WEBPACK_IMPORTED_MODULE_13__/* .secondsSince */ .w)(started),
                        error: (0,_util_values_js__WEBPACK_IMPORTED_MODULE_14__/* .errorMessage */ .gJ)(error)
                    });
                    throw error;
                }
            }
        });
    });
}
/** Kamal's `accessory reboot` before its boot: pull the image, stop, remove the container. */
function rebootLines(ctx, acc) {
    const { config } = ctx;
    return [
        (0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_3__/* .auditLine */ .kk)(config, ctx.performer, `Pull ${acc.name} accessory image`),
        (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_6__/* .quietly */ .gd)((0,_commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__/* .pullAccessoryImage */ .XB)(acc)),
        ...stopLines(ctx, acc),
        (0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_3__/* .auditLine */ .kk)(config, ctx.performer, `Remove ${acc.name} accessory container`),
        (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_6__/* .quietly */ .gd)((0,_commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__/* .removeAccessoryContainer */ .qI)(acc))
    ];
}
/** Kamal's `accessory stop` (the stop may fail; a proxied accessory is taken off kamal-proxy). */
function stopLines(ctx, acc) {
    return [
        (0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_3__/* .auditLine */ .kk)(ctx.config, ctx.performer, `Stopped ${acc.name} accessory`),
        (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_6__/* .silently */ .tz)((0,_commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__/* .stopAccessory */ .rN)(acc)),
        ...(acc.proxy ? [(0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_6__/* .errorsHidden */ .uP)((0,_commands_app_js__WEBPACK_IMPORTED_MODULE_1__/* .proxyRemove */ .tt)(acc.service))] : [])
    ];
}
/** Kamal's `accessory start`: the container started, a proxied accessory handed to kamal-proxy again. */
function startLines(ctx, acc, host) {
    return [
        (0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_3__/* .auditLine */ .kk)(ctx.config, ctx.performer, `Started ${acc.name} accessory`),
        (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_6__/* .quietly */ .gd)((0,_commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__/* .startAccessory */ .$m)(acc)),
        ...(acc.proxy
            ? (0,_commands_manage_js__WEBPACK_IMPORTED_MODULE_2__/* .proxyDeployExisting */ .nl)({
                config: ctx.config,
                proxy: acc.proxy,
                service: acc.service,
                idCommand: (0,_commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__/* .runningContainerId */ .O7)(acc.service),
                tlsName: acc.name,
                what: `accessory ${acc.name}`,
                host
            })
            : [])
    ];
}
/** Kamal's `accessory remove`: stop, container, image and its directory (with the data in it). */
function removeLines(ctx, acc) {
    const { config } = ctx;
    return [
        ...stopLines(ctx, acc),
        (0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_3__/* .auditLine */ .kk)(config, ctx.performer, `Remove ${acc.name} accessory container`),
        (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_6__/* .quietly */ .gd)((0,_commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__/* .removeAccessoryContainer */ .qI)(acc)),
        (0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_3__/* .auditLine */ .kk)(config, ctx.performer, `Removed ${acc.name} accessory image`),
        (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_6__/* .quietly */ .gd)((0,_commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__/* .removeAccessoryImage */ .Kf)(acc)),
        (0,_commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__/* .removeAccessoryDirectory */ .KG)(acc)
    ];
}
/** Runs `lines(acc, host)` for each accessory on each of its hosts: one exec per host. */
async function onAccessoryHosts(ctx, accessories, verb, lines) {
    if (accessories.length === 0)
        return;
    await ctx.reporter.group(`${verb} accessories: ${accessories.map((a) => a.name).join(', ')}`, async () => {
        const hosts = [...new Set(accessories.flatMap((a) => a.hosts))];
        await (0,_hosts_js__WEBPACK_IMPORTED_MODULE_8__/* .onHosts */ .Dc)(ctx, hosts, async (host) => {
            const mine = accessories.filter((a) => a.hosts.includes(host));
            const script = new _commands_script_js__WEBPACK_IMPORTED_MODULE_5__/* .RemoteScript */ .Sq().add(...mine.flatMap((a) => lines(a, host)));
            await (0,_remote_js__WEBPACK_IMPORTED_MODULE_11__/* .runRemote */ .Q)(ctx.pool.get(host), script, `${verb.toLowerCase()} accessory ${mine.map((a) => a.name).join(', ')}`);
            ctx.reporter.info(`${host}: ${verb.toLowerCase()} ${mine.map((a) => a.name).join(', ')}`);
        });
    });
}
const accessoryStart = (ctx, accessories) => onAccessoryHosts(ctx, accessories, 'Start', (a, host) => startLines(ctx, a, host));
const accessoryStop = (ctx, accessories) => onAccessoryHosts(ctx, accessories, 'Stop', (a) => stopLines(ctx, a));
const accessoryRestart = (ctx, accessories) => onAccessoryHosts(ctx, accessories, 'Restart', (a, host) => [...stopLines(ctx, a), ...startLines(ctx, a, host)]);
const accessoryRemove = (ctx, accessories) => onAccessoryHosts(ctx, accessories, 'Remove', (a) => removeLines(ctx, a));


/***/ }),

/***/ 4938:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Kc: () => (/* binding */ appStart),
/* harmony export */   Uj: () => (/* binding */ appBoot),
/* harmony export */   Uv: () => (/* binding */ appStop),
/* harmony export */   Zj: () => (/* binding */ hostsRemovingAllRoles),
/* harmony export */   e9: () => (/* binding */ appLive),
/* harmony export */   jG: () => (/* binding */ appMaintenance),
/* harmony export */   kh: () => (/* binding */ appRemove),
/* harmony export */   lQ: () => (/* binding */ appStaleContainers),
/* harmony export */   ll: () => (/* binding */ versionsToStart)
/* harmony export */ });
/* harmony import */ var _commands_app_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1413);
/* harmony import */ var _commands_audit_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6689);
/* harmony import */ var _commands_docker_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1420);
/* harmony import */ var _commands_manage_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3623);
/* harmony import */ var _commands_naming_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(9488);
/* harmony import */ var _commands_proxy_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4554);
/* harmony import */ var _commands_script_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8827);
/* harmony import */ var _commands_shell_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4800);
/* harmony import */ var _boot_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4673);
/* harmony import */ var _deploy_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2690);
/* harmony import */ var _hosts_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(7730);
/* harmony import */ var _inspect_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(9741);
/* harmony import */ var _remote_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(6871);
// Kamal's `app` commands that change the hosts (lib/kamal/cli/app.rb): start, stop, stale
// containers, maintenance, live, boot and remove. One exec per host (its roles one after the
// other, as Kamal does without boot.parallel_roles), hosts in parallel. The callers lock.













const rolesOn = (ctx, host) => ctx.targets.roles.filter((r) => r.hosts.some((h) => h.address === host));
/** Runs one script per app host (built from the host's roles) in a log group. */
async function onAppHosts(ctx, title, label, build, hosts = ctx.targets.appHosts) {
    await ctx.reporter.group(`${title} on ${hosts.length} host(s)`, async () => {
        await (0,_hosts_js__WEBPACK_IMPORTED_MODULE_9__/* .onHosts */ .Dc)(ctx, hosts, async (host) => {
            const script = new _commands_script_js__WEBPACK_IMPORTED_MODULE_5__/* .RemoteScript */ .Sq();
            build(host, rolesOn(ctx, host), script);
            await (0,_remote_js__WEBPACK_IMPORTED_MODULE_11__/* .runRemote */ .Q)(ctx.pool.get(host), script, label);
            ctx.reporter.info(`${host}: ${label} (${rolesOn(ctx, host)
                .map((r) => r.name)
                .join(', ')})`);
        });
    });
}
/**
 * `app stop`: per role, kamal-proxy forgets a proxied role first (it then answers 404), then the
 * running container is stopped (both may fail, as in Kamal).
 */
async function appStop(ctx) {
    const { config } = ctx;
    await onAppHosts(ctx, 'Stop the app', 'stop app', (_host, roles, script) => {
        for (const role of roles) {
            script.add((0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_1__/* .auditLine */ .kk)(config, ctx.performer, 'Stopped app', [role.name]));
            if (role.proxyConfig)
                script.add((0,_commands_manage_js__WEBPACK_IMPORTED_MODULE_3__/* .proxyRemoveIfRunning */ .FF)(config, role));
            script.add((0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_6__/* .mayFail */ .YO)((0,_commands_app_js__WEBPACK_IMPORTED_MODULE_0__/* .stopApp */ .cR)(config, role)));
        }
    });
}
/**
 * `app start`: the container of `versionOf(host, role)` started again, and a proxied role's running
 * container handed to kamal-proxy (which health-checks it before it serves).
 */
async function appStart(ctx, versionOf) {
    const { config } = ctx;
    await onAppHosts(ctx, 'Start the app', 'start app', (host, roles, script) => {
        for (const role of roles) {
            const version = versionOf(host, role);
            script.add((0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_1__/* .auditLine */ .kk)(config, ctx.performer, `Started app version ${version}`), (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_6__/* .mayFail */ .YO)((0,_commands_app_js__WEBPACK_IMPORTED_MODULE_0__/* .startApp */ .Yk)(config, role, version)));
            if (role.proxyConfig)
                script.add(...(0,_commands_manage_js__WEBPACK_IMPORTED_MODULE_3__/* .proxyDeployRunning */ .pn)(config, role, role.proxyConfig, host));
        }
    });
}
/**
 * The version `app start` starts on each host and role: the one given, else the newest container
 * of the role (Kamal takes the checkout's git SHA, which in a workflow is rarely what was deployed).
 */
async function versionsToStart(ctx, given) {
    if (given !== undefined)
        return () => given;
    const { config } = ctx;
    const outputs = await (0,_inspect_js__WEBPACK_IMPORTED_MODULE_10__/* .queryHosts */ .ml)(ctx, ctx.targets.appHosts, (host) => rolesOn(ctx, host).map((r) => ({
        title: r.name,
        command: (0,_commands_app_js__WEBPACK_IMPORTED_MODULE_0__/* .newestContainerName */ .dc)(config, r),
        onFailure: ''
    })));
    return (host, role) => {
        const name = outputs.find((o) => o.host === host && o.title === role.name)?.text.trim() ?? '';
        const prefix = `${(0,_commands_naming_js__WEBPACK_IMPORTED_MODULE_12__/* .rolePrefix */ .l6)(config, role)}-`;
        return name.startsWith(prefix) ? name.slice(prefix.length) : ctx.version;
    };
}
/** `app stale_containers [--stop]`: each host's answer shown. */
async function appStaleContainers(ctx, stop) {
    const outputs = await (0,_inspect_js__WEBPACK_IMPORTED_MODULE_10__/* .queryHosts */ .ml)(ctx, ctx.targets.appHosts, (host) => rolesOn(ctx, host).map((r) => ({
        title: `app stale_containers${stop ? ' --stop' : ''} (${r.name})`,
        command: new _commands_script_js__WEBPACK_IMPORTED_MODULE_5__/* .RemoteScript */ .Sq().add(...(0,_commands_manage_js__WEBPACK_IMPORTED_MODULE_3__/* .staleContainers */ .WL)(ctx.config, r, stop)).command
    })));
    await (0,_inspect_js__WEBPACK_IMPORTED_MODULE_10__/* .showOutputs */ .Y4)(ctx, outputs);
}
/** Proxied roles on a host (maintenance and live act through kamal-proxy only). */
const proxiedRolesOn = (ctx, host) => rolesOn(ctx, host).filter((r) => r.proxyConfig);
function proxiedAppHosts(ctx) {
    return ctx.targets.appHosts.filter((h) => proxiedRolesOn(ctx, h).length > 0);
}
/** `app maintenance`: kamal-proxy drains, then answers 503 (with the message) for each proxied role. */
async function appMaintenance(ctx, drainTimeout, message) {
    const drain = drainTimeout ?? ctx.config.drainTimeout;
    await onAppHosts(ctx, 'Maintenance mode', 'app maintenance', (host, _roles, script) => {
        for (const role of proxiedRolesOn(ctx, host))
            script.add((0,_commands_app_js__WEBPACK_IMPORTED_MODULE_0__/* .proxyMaintenance */ .ut)((0,_commands_naming_js__WEBPACK_IMPORTED_MODULE_12__/* .rolePrefix */ .l6)(ctx.config, role), drain, message));
    }, proxiedAppHosts(ctx));
}
/** `app live`: kamal-proxy serves the proxied roles again. */
async function appLive(ctx) {
    await onAppHosts(ctx, 'Live mode', 'app live', (host, _roles, script) => {
        for (const role of proxiedRolesOn(ctx, host))
            script.add((0,_commands_app_js__WEBPACK_IMPORTED_MODULE_0__/* .proxyResume */ .Kc)((0,_commands_naming_js__WEBPACK_IMPORTED_MODULE_12__/* .rolePrefix */ .l6)(ctx.config, role)));
    }, proxiedAppHosts(ctx));
}
/**
 * `app boot`: the boot phase alone at `ctx.version` (Kamal: `--version`, else the `latest` tag),
 * then `:latest` moved; no pull, no proxy boot, no prune.
 */
async function appBoot(ctx) {
    // Hooks (#12): pre-app-boot / post-app-boot run around each boot group, inside bootApp.
    await (0,_boot_js__WEBPACK_IMPORTED_MODULE_7__/* .bootApp */ .k3)(ctx, { prune: false });
    await (0,_deploy_js__WEBPACK_IMPORTED_MODULE_8__/* .finishDeploy */ .D)(ctx);
}
/** Hosts where every role of the config is removed (only there do images and directories go). */
function hostsRemovingAllRoles(config, targets) {
    return targets.appHosts.filter((host) => {
        const on = (roles) => roles.filter((r) => r.hosts.some((h) => h.address === host)).map((r) => r.name);
        const removed = on(targets.roles);
        return on(config.roles).every((r) => removed.includes(r));
    });
}
/**
 * `app remove`: stop, then per role its containers, then (on hosts where every role goes) the
 * app's images, `.kamal/apps/<service>` and its kamal-proxy directory.
 */
async function appRemove(ctx) {
    const { config } = ctx;
    const whole = hostsRemovingAllRoles(config, ctx.targets);
    await onAppHosts(ctx, 'Remove the app', 'remove app', (host, roles, script) => {
        for (const role of roles) {
            script.add((0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_1__/* .auditLine */ .kk)(config, ctx.performer, 'Stopped app', [role.name]));
            if (role.proxyConfig)
                script.add((0,_commands_manage_js__WEBPACK_IMPORTED_MODULE_3__/* .proxyRemoveIfRunning */ .FF)(config, role));
            script.add((0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_6__/* .mayFail */ .YO)((0,_commands_app_js__WEBPACK_IMPORTED_MODULE_0__/* .stopApp */ .cR)(config, role)));
        }
        for (const role of roles)
            script.add((0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_1__/* .auditLine */ .kk)(config, ctx.performer, 'Removed all app containers', [role.name]), (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_6__/* .quietly */ .gd)((0,_commands_app_js__WEBPACK_IMPORTED_MODULE_0__/* .removeAppContainers */ .mY)(config, role)));
        if (!whole.includes(host))
            return;
        script.add((0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_1__/* .auditLine */ .kk)(config, ctx.performer, 'Removed all app images'), (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_6__/* .quietly */ .gd)((0,_commands_app_js__WEBPACK_IMPORTED_MODULE_0__/* .removeAppImages */ .k8)(config)), (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_6__/* .mayFail */ .YO)((0,_commands_docker_js__WEBPACK_IMPORTED_MODULE_2__/* .removeAppDirectory */ .Jx)(config)), (0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_1__/* .auditLine */ .kk)(config, ctx.performer, `Removed ${(0,_commands_naming_js__WEBPACK_IMPORTED_MODULE_12__/* .appsDir */ .CS)(config)}`), (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_6__/* .errorsHidden */ .uP)((0,_commands_proxy_js__WEBPACK_IMPORTED_MODULE_4__/* .removeProxyAppDirectory */ .b5)(config)));
    });
}


/***/ }),

/***/ 4673:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FN: () => (/* binding */ tagsInBoot),
/* harmony export */   aF: () => (/* binding */ deployInOneExec),
/* harmony export */   dy: () => (/* binding */ oneExecDeploy),
/* harmony export */   k3: () => (/* binding */ bootApp)
/* harmony export */ });
/* unused harmony exports bootGroups, bootScript, bootTimeoutSeconds */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _commands_app_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1413);
/* harmony import */ var _commands_audit_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6689);
/* harmony import */ var _commands_boot_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2868);
/* harmony import */ var _commands_docker_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1420);
/* harmony import */ var _commands_lock_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7587);
/* harmony import */ var _commands_naming_js__WEBPACK_IMPORTED_MODULE_16__ = __webpack_require__(9488);
/* harmony import */ var _commands_protocol_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1652);
/* harmony import */ var _commands_script_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8827);
/* harmony import */ var _util_values_js__WEBPACK_IMPORTED_MODULE_18__ = __webpack_require__(7656);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(8029);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(5438);
/* harmony import */ var _hooks_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(7421);
/* harmony import */ var _hosts_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(7730);
/* harmony import */ var _lock_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(9990);
/* harmony import */ var _proxy_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(3049);
/* harmony import */ var _pull_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(1102);
/* harmony import */ var _remote_js__WEBPACK_IMPORTED_MODULE_15__ = __webpack_require__(6871);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_17__ = __webpack_require__(6891);
// The boot phase (Kamal's `app boot`, lib/kamal/cli/app.rb and cli/app/boot.rb): every role on
// every app host, in groups of `boot.limit` with `boot.wait` between them (each group between the
// pre-app-boot and post-app-boot hooks), one exec per role and host; roles other than the primary
// wait for the first healthy primary-role container.



















const hex = (bytes) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(bytes).toString('hex');
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
/**
 * The script that boots one role on one host: stale containers stopped, the new one run, ready
 * (or switched to by kamal-proxy), the old one stopped — so the role ends with exactly one running
 * container, the new one, or the old one when the boot fails or is cancelled (`cancelHandling`).
 */
function bootScript(ctx, role, host, extras, head) {
    const { config, version } = ctx;
    const name = (0,_commands_naming_js__WEBPACK_IMPORTED_MODULE_16__/* .containerName */ .xN)(config, role, version);
    const service = (0,_commands_naming_js__WEBPACK_IMPORTED_MODULE_16__/* .rolePrefix */ .l6)(config, role);
    const script = new _commands_script_js__WEBPACK_IMPORTED_MODULE_7__/* .RemoteScript */ .Sq().add((0,_commands_boot_js__WEBPACK_IMPORTED_MODULE_3__/* .cancelHandling */ .cW)(config, role, {
        token: ctx.lock.token,
        container: name,
        version,
        proxyService: role.proxyConfig ? service : undefined
    }));
    // Without the proxy, the image's health check is probed before Docker is asked
    // (waitUntilReady), unless the role's options set the container's own.
    const probes = !role.proxyConfig && !(0,_commands_boot_js__WEBPACK_IMPORTED_MODULE_3__/* .overridesHealthCheck */ .IH)(role);
    if (head) {
        // A deploy in one exec: the pull exec's lines, the lock and the listing first (lockAndList).
        (0,_pull_js__WEBPACK_IMPORTED_MODULE_14__/* .addPull */ .LI)(script, ctx, { kamalDirMade: true }).add((0,_commands_docker_js__WEBPACK_IMPORTED_MODULE_4__/* .inspectImage */ .mm)(config, version, { background: true }), (0,_commands_boot_js__WEBPACK_IMPORTED_MODULE_3__/* .lockAndList */ .Zf)(config, version, head.lock, ctx.lock.token));
        if (!probes)
            script.add(_commands_boot_js__WEBPACK_IMPORTED_MODULE_3__/* .forgetProbe */ .YC);
    }
    // Two execs: the early probe the pull reported (none: the image has no usable health check).
    const reported = !head && probes ? (0,_commands_boot_js__WEBPACK_IMPORTED_MODULE_3__/* .parseProbe */ .u5)(ctx.imageProbe?.get(host.address)) : undefined;
    const early = probes && (head !== undefined || reported !== undefined);
    script
        .add((0,_commands_boot_js__WEBPACK_IMPORTED_MODULE_3__/* .listContainers */ .ts)(config, role, version, { listed: head !== undefined }))
        .add((0,_commands_boot_js__WEBPACK_IMPORTED_MODULE_3__/* .rememberCurrentVersion */ .HH)(config, role, version, `${version}_replaced_${hex(8)}`))
        .add((0,_commands_boot_js__WEBPACK_IMPORTED_MODULE_3__/* .stopStaleContainers */ .Ys)(config, role))
        .add((0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_2__/* .auditAppend */ .EJ)(config, ctx.performer, `Booted app version ${version}`, [role.name]))
        .writeFile((0,_commands_naming_js__WEBPACK_IMPORTED_MODULE_16__/* .roleEnvFile */ .c8)(config, role), (0,_commands_app_js__WEBPACK_IMPORTED_MODULE_1__/* .envFileContent */ .hF)((0,_commands_app_js__WEBPACK_IMPORTED_MODULE_1__/* .envFor */ .vs)(config, role, host), ctx.secrets), '600')
        .add((0,_commands_boot_js__WEBPACK_IMPORTED_MODULE_3__/* .bootStep */ .Rl)('run'));
    if (reported)
        script.add((0,_commands_boot_js__WEBPACK_IMPORTED_MODULE_3__/* .probeFrom */ .nL)(reported));
    if (early)
        script.add(_commands_boot_js__WEBPACK_IMPORTED_MODULE_3__/* .markRunStart */ .hP);
    script.add(...(0,_commands_boot_js__WEBPACK_IMPORTED_MODULE_3__/* .runCreatingNetwork */ .Ry)((0,_commands_app_js__WEBPACK_IMPORTED_MODULE_1__/* .runApp */ .TT)({ config, role, host, version, hostnameSuffix: hex(6) }), name));
    // Behind kamal-proxy the proxy's health check and atomic switch replace our wait.
    if (role.proxyConfig)
        (0,_proxy_js__WEBPACK_IMPORTED_MODULE_13__/* .addProxySwitch */ .I9)(script, ctx, {
            proxy: role.proxyConfig,
            service,
            container: name,
            tlsName: role.name,
            what: role.name,
            host: host.address
        });
    else
        script.add((0,_commands_boot_js__WEBPACK_IMPORTED_MODULE_3__/* .waitUntilReady */ .bs)(config, name, early));
    script.add((0,_commands_boot_js__WEBPACK_IMPORTED_MODULE_3__/* .bootStep */ .Rl)('switched'), ...(0,_commands_boot_js__WEBPACK_IMPORTED_MODULE_3__/* .afterSwitch */ .jb)(config, role, { prune: extras.prune, tag: extras.tag, performer: ctx.performer, version }), (0,_commands_boot_js__WEBPACK_IMPORTED_MODULE_3__/* .bootStep */ .Rl)('done'));
    if (extras.release)
        script.add((0,_commands_lock_js__WEBPACK_IMPORTED_MODULE_5__/* .releaseIfOwnerAtEnd */ .ux)(config, ctx.lock.token));
    return script;
}
/**
 * How long a boot exec may take at most: the readiness wait (deploy_timeout, plus a last probe)
 * or kamal-proxy's deploy (deploy_timeout, then its drain), the stops of the old and stale
 * containers, and a margin for `docker run`, pruning and tagging. Past it the exec is given up.
 */
function bootTimeoutSeconds(ctx, role) {
    const { config } = ctx;
    const stop = role.stopTimeout ?? config.stopTimeout ?? (role.proxy ? 10 : config.drainTimeout);
    return config.deployTimeout + 10 + (role.proxy ? config.drainTimeout : 0) + 2 * stop + 120;
}
/**
 * The version the primary role ran before (the `previous-version` output), from the first of its
 * boots to report one — also when that boot failed, so that a workflow can roll back to it.
 */
function notePreviousVersion(ctx, role, old) {
    if (old && ctx.report.previousVersion === undefined && role.name === ctx.config.primaryRole)
        ctx.report.previousVersion = old;
}
/** How long a deploy in one exec may pull, on top of its boot's bound (a pull exec of its own has none). */
const PULL_SECONDS = 3600;
async function bootOne(ctx, role, host, extras, log, head) {
    const started = Date.now();
    const base = { host: host.address, role: role.name, versionBooted: ctx.version };
    const label = head
        ? `pull ${(0,_commands_naming_js__WEBPACK_IMPORTED_MODULE_16__/* .imageRef */ .D6)(ctx.config, ctx.version)}, take the deploy lock and boot ${role.name} ${ctx.version}`
        : `boot ${role.name} ${ctx.version}`;
    // A deploy in one exec takes the lock (`boot` = started) while the exec goes on: told once, as
    // soon as its stdout says so (a plan's recording host answers only at the end).
    let lockTaken = false;
    const tookLock = (report) => {
        if (!head || lockTaken || report.boot !== 'started')
            return;
        lockTaken = true;
        ctx.report.lock.taken = true;
        log.done(host.address, `pulled ${(0,_commands_naming_js__WEBPACK_IMPORTED_MODULE_16__/* .imageRef */ .D6)(ctx.config, ctx.version)} and took the deploy lock ${(0,_commands_naming_js__WEBPACK_IMPORTED_MODULE_16__/* .lockDir */ .JK)(ctx.config)}`);
        head.locked();
    };
    let printed = '';
    const watch = (text) => {
        printed += text;
        tookLock((0,_commands_protocol_js__WEBPACK_IMPORTED_MODULE_6__/* .parseReport */ .MM)(printed));
    };
    try {
        const exec = () => (0,_remote_js__WEBPACK_IMPORTED_MODULE_15__/* .runRemote */ .Q)(ctx.pool.get(host.address), bootScript(ctx, role, host, extras, head), label, {
            timeoutSeconds: bootTimeoutSeconds(ctx, role) + (head ? PULL_SECONDS : 0),
            ...(head ? { onStdout: watch } : {})
        });
        const { report, stdout } = await (ctx.running ? ctx.running.track(host.address, exec) : exec());
        tookLock(report);
        const released = extras.release ? (0,_lock_js__WEBPACK_IMPORTED_MODULE_12__/* .reportedRelease */ .bq)(stdout) : undefined;
        if (released)
            (0,_lock_js__WEBPACK_IMPORTED_MODULE_12__/* .noteRelease */ .s)(ctx, host.address, released);
        const boot = {
            ...base,
            versionStopped: report.stopped,
            staleStopped: report.stale,
            health: report.status ?? (report.proxy === 'switched' ? 'healthy' : 'unknown'),
            proxy: report.proxy,
            ok: true,
            seconds: (0,_report_js__WEBPACK_IMPORTED_MODULE_17__/* .secondsSince */ .w)(started)
        };
        notePreviousVersion(ctx, role, report.old);
        log.done(host.address, `${role.name} ${ctx.version} is ${boot.health}${boot.versionStopped ? `, stopped ${boot.versionStopped}` : ''}`, boot.seconds);
        return boot;
    }
    catch (error) {
        const result = error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_9__/* .RemoteCommandError */ .at ? error.result : undefined;
        const report = (0,_commands_protocol_js__WEBPACK_IMPORTED_MODULE_6__/* .parseReport */ .MM)(result?.stdout ?? '');
        if (head) {
            // Before the boot (no `boot` report): the pull or the label check failed, or the lock is held.
            if (report.probe)
                (0,_pull_js__WEBPACK_IMPORTED_MODULE_14__/* .noteImageProbe */ .SC)(ctx, host.address, report.probe);
            if (result?.code === _commands_protocol_js__WEBPACK_IMPORTED_MODULE_6__/* .EXIT */ .dc.lockHeld)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_9__/* .LockHeldError */ .Rk(host.address, (0,_commands_protocol_js__WEBPACK_IMPORTED_MODULE_6__/* .withoutReport */ .hO)(result.stdout));
            const released = (0,_lock_js__WEBPACK_IMPORTED_MODULE_12__/* .reportedRelease */ .bq)(result?.stdout ?? '');
            if (released)
                (0,_lock_js__WEBPACK_IMPORTED_MODULE_12__/* .noteRelease */ .s)(ctx, host.address, released);
            if (report.boot !== 'started')
                throw error;
            tookLock(report);
        }
        const cancelled = result?.code === _commands_protocol_js__WEBPACK_IMPORTED_MODULE_6__/* .EXIT */ .dc.cancelled && report.settled !== undefined;
        notePreviousVersion(ctx, role, report.old);
        const boot = {
            ...base,
            health: cancelled ? 'cancelled' : (report.status ?? (report.proxy === 'failed' ? 'unhealthy (proxy)' : 'failed')),
            proxy: report.proxy,
            staleStopped: report.stale,
            // What the role runs on the host now: a boot that ended early says; a failed health check keeps the old.
            runs: report.settled !== undefined ? report.runs : result?.code === _commands_protocol_js__WEBPACK_IMPORTED_MODULE_6__/* .EXIT */ .dc.bootFailed ? (report.old ?? '') : undefined,
            unchanged: report.settled === 'start' || undefined,
            ok: false,
            seconds: (0,_report_js__WEBPACK_IMPORTED_MODULE_17__/* .secondsSince */ .w)(started),
            error: cancelled
                ? `host ${host.address}: boot ${role.name} ${ctx.version} cancelled (${report.settled === 'switched' || report.settled === 'done' ? `${ctx.version} was already serving; the old container was stopped` : 'the new container was stopped, the old version keeps serving'})`
                : (0,_util_values_js__WEBPACK_IMPORTED_MODULE_18__/* .errorMessage */ .gJ)(error)
        };
        ctx.reporter.warning(`Failed to boot ${role.name} on ${host.address}: ${boot.error}`);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_9__/* .BootFailedError */ .C$(boot, { cause: error });
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
/**
 * Boots every targeted role on every host, in groups; throws when any boot failed. `prune: false`
 * (Kamal's `app boot`, rollback, redeploy) leaves old containers and images alone. `release`: the
 * caller releases the deploy lock right after a successful boot (finishDeploy); when the run's
 * last boot runs on the lock host — one app host, one boot group, no post-app-boot hook — that
 * boot's exec releases it at its end instead, saving the finish round trip.
 */
async function bootApp(ctx, { prune = true, release = false } = {}) {
    const { config, targets } = ctx;
    const groups = bootGroups(targets.appHosts, config.boot.limit, targets.hosts.length);
    const { lock } = ctx.report;
    const releaseOn = release &&
        groups.length === 1 &&
        targets.appHosts.length === 1 &&
        targets.appHosts[0] === lock.host &&
        lock.taken &&
        !lock.released &&
        !ctx.kamalHooks?.runner.exists('post-app-boot')
        ? lock.host
        : undefined;
    const primary = targets.roles.find((r) => r.name === config.primaryRole);
    const barrier = new Barrier(!primary);
    for (const [index, group] of groups.entries()) {
        (0,_context_js__WEBPACK_IMPORTED_MODULE_8__/* .throwIfCancelled */ .dZ)(ctx.signal);
        const title = groups.length > 1
            ? `Boot ${ctx.version}, group ${index + 1}/${groups.length}: ${(0,_hosts_js__WEBPACK_IMPORTED_MODULE_11__/* .hostsText */ .Lg)(group)}`
            : `Boot ${ctx.version} on ${(0,_hosts_js__WEBPACK_IMPORTED_MODULE_11__/* .hostsText */ .Lg)(group)}`;
        await (0,_hooks_js__WEBPACK_IMPORTED_MODULE_10__/* .runHook */ .DB)(ctx, 'pre-app-boot', { hosts: group });
        (0,_context_js__WEBPACK_IMPORTED_MODULE_8__/* .throwIfCancelled */ .dZ)(ctx.signal);
        await ctx.reporter.group(title, () => (0,_hosts_js__WEBPACK_IMPORTED_MODULE_11__/* .onHosts */ .Dc)(ctx, group, (address, log) => bootHost(ctx, address, primary, barrier, prune, address === releaseOn, log)));
        await (0,_hooks_js__WEBPACK_IMPORTED_MODULE_10__/* .runHook */ .DB)(ctx, 'post-app-boot', { hosts: group });
        if (config.boot.wait > 0 && index < groups.length - 1)
            await (ctx.sleep ? ctx.sleep(config.boot.wait) : new Promise((r) => setTimeout(r, config.boot.wait * 1000)));
    }
}
/** Every targeted role on one host, one after the other; the first failure is thrown at the end. */
async function bootHost(ctx, address, primary, barrier, prune, release, log) {
    const { config, targets } = ctx;
    const roles = targets.roles.filter((r) => r.hosts.some((h) => h.address === address));
    const failures = [];
    for (const role of roles) {
        const host = role.hosts.find((h) => h.address === address);
        if (!host)
            continue;
        (0,_context_js__WEBPACK_IMPORTED_MODULE_8__/* .throwIfCancelled */ .dZ)(ctx.signal);
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
            await recordBoot(ctx, bootOne(ctx, role, host, 
            // The lock goes with the last boot only when every boot before it succeeded (a failed run
            // releases it at its end, or keeps it with hold-lock-on-error).
            { prune: prune && last, tag: last && tagsInBoot(ctx), release: release && last && failures.length === 0 }, log));
            if (role === primary)
                barrier.open();
        }
        catch (error) {
            if (role === primary)
                barrier.close(error instanceof Error ? error : new Error((0,_util_values_js__WEBPACK_IMPORTED_MODULE_18__/* .errorMessage */ .gJ)(error)));
            failures.push(error);
        }
    }
    if (failures.length > 0)
        throw failures[0];
}
/** A boot's result in the run's report, whether it succeeded or failed (then thrown again). */
async function recordBoot(ctx, boot) {
    try {
        ctx.report.boots.push(await boot);
    }
    catch (error) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_9__/* .BootFailedError */ .C$)
            ctx.report.boots.push(error.boot);
        throw error;
    }
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
/** Kamal's hooks that run between the lock and the boot (a deploy with one of them takes its execs one by one). */
const BETWEEN_LOCK_AND_BOOT = ['pre-deploy', 'pre-app-boot', 'post-app-boot'];
/**
 * The deploy's pull, lock and boot in one exec: one app host, which is the lock host, with one
 * role, none behind kamal-proxy (which needs a proxy boot before), and none of the hooks that run
 * between the lock and the boot (pre-deploy, pre-app-boot, post-app-boot). Undefined otherwise.
 */
function oneExecDeploy(ctx) {
    const { targets } = ctx;
    const [role, ...others] = targets.roles;
    const host = role?.hosts.find((h) => h.address === targets.primaryHost);
    if (!role || others.length > 0 || role.proxyConfig || !host || targets.appHosts.length !== 1)
        return undefined;
    if (BETWEEN_LOCK_AND_BOOT.some((name) => (0,_hooks_js__WEBPACK_IMPORTED_MODULE_10__/* .hookExists */ .Em)(ctx, name)))
        return undefined;
    return { role, host };
}
/**
 * A deploy to one host in one exec (see `oneExecDeploy`): `bootScript` with the pull exec's lines
 * and the lock as its head (`lockAndList`), pruning, tagging and releasing the lock at its end as
 * the host's last boot does — one SSH command instead of two, and the host lists its containers
 * while it inspects the image. Throws LockHeldError when the lock is held (having noted the early
 * probe: a run that waits for the lock then boots in an exec of its own).
 */
async function deployInOneExec(ctx, { role, host }, lock, locked) {
    const title = `Pull ${(0,_commands_naming_js__WEBPACK_IMPORTED_MODULE_16__/* .imageRef */ .D6)(ctx.config, ctx.version)}, take the deploy lock and boot ${ctx.version} on ${host.address}`;
    await ctx.reporter.group(title, () => (0,_hosts_js__WEBPACK_IMPORTED_MODULE_11__/* .onHosts */ .Dc)(ctx, [host.address], async (_, log) => {
        await recordBoot(ctx, bootOne(ctx, role, host, { prune: true, tag: tagsInBoot(ctx), release: true }, log, { lock, locked }));
    }));
}


/***/ }),

/***/ 8029:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  jI: () => (/* binding */ BOOKKEEPING),
  Y: () => (/* binding */ accessoriesNamed),
  $L: () => (/* binding */ hostsInScope),
  v7: () => (/* binding */ pause),
  hJ: () => (/* binding */ proxyHostsOf),
  Dv: () => (/* binding */ selectTargets),
  WX: () => (/* binding */ shardHosts),
  dZ: () => (/* binding */ throwIfCancelled)
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


/**
 * The bound of a step that only does bookkeeping on a host (a lock's mkdir or rm, a `docker tag`):
 * generous for a loaded host, short enough that a stuck one is given up on.
 */
const BOOKKEEPING = { timeoutSeconds: 60 };
/** Waits `seconds`, or less when the run is cancelled (the caller checks `signal` after). */
function pause(ctx, seconds) {
    if (ctx.sleep)
        return ctx.sleep(seconds);
    return new Promise((resolve) => {
        const done = () => {
            clearTimeout(timer);
            ctx.signal.removeEventListener('abort', done);
            resolve();
        };
        const timer = setTimeout(done, seconds * 1000);
        ctx.signal.addEventListener('abort', done);
    });
}
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
/** The accessories `name` means (`all`: every targeted one); an unknown name is an error listing the others. */
function accessoriesNamed(targets, name) {
    if (name === 'all')
        return targets.accessories;
    const found = targets.accessories.filter((a) => a.name === name);
    if (found.length > 0)
        return found;
    const names = targets.accessories.map((a) => a.name);
    throw new errors/* TargetError */.I0(`No accessory by the name of '${name ?? ''}'${names.length > 0 ? ` (options: ${names.join(', ')})` : ' (no accessory on the targeted hosts and roles)'}`);
}
/** Hosts of the roles behind kamal-proxy, then of the accessories behind it. */
function proxyHostsOf(targets) {
    return unique([
        ...targets.roles.filter((r) => r.proxyConfig).flatMap((r) => r.hosts.map((h) => h.address)),
        ...targets.accessories.filter((a) => a.proxy).flatMap((a) => a.hosts)
    ]);
}
/** The hosts of a scope; `accessory` takes the accessory's name (or `all`). */
function hostsInScope(targets, scope, accessory) {
    switch (scope) {
        case 'all':
            return targets.hosts;
        case 'app':
            return targets.appHosts;
        case 'proxy':
            return proxyHostsOf(targets);
        case 'accessory':
            return unique(accessoriesNamed(targets, accessory).flatMap((a) => a.hosts));
        case 'primary':
            return [targets.primaryHost];
        case 'none':
            return [];
    }
}
/**
 * The hosts split into at most `count` shards for jobs running side by side, round-robin in the
 * run's order (the primary role's hosts first), so that every shard gets a share of each role and
 * its own first primary-role host for Kamal's barrier. Never an empty shard.
 */
function shardHosts(hosts, count) {
    const n = Math.max(1, Math.min(count, hosts.length));
    const shards = Array.from({ length: n }, () => []);
    hosts.forEach((h, i) => shards[i % n]?.push(h));
    return shards;
}


/***/ }),

/***/ 2690:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ finishDeploy)
/* harmony export */ });
/* harmony import */ var _commands_boot_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2868);
/* harmony import */ var _commands_lock_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7587);
/* harmony import */ var _commands_naming_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(9488);
/* harmony import */ var _commands_script_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8827);
/* harmony import */ var _boot_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4673);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8029);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5438);
/* harmony import */ var _hosts_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7730);
/* harmony import */ var _lock_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9990);
/* harmony import */ var _remote_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6871);
// The end of a deploy, once every boot group succeeded: move `:latest` where the boots did not
// (several boot groups), and release the deploy lock (ours only) in the lock host's same exec.










/**
 * Tags :latest on every app host unless the boots did (one round trip each); the lock host
 * releases the lock in the same exec, whether or not the tagging worked — unless `release` is
 * false (setup keeps it for its post-deploy hook, released by the lock's own end).
 */
async function finishDeploy(ctx, { release = true } = {}) {
    const { config, targets } = ctx;
    const lockHost = release && ctx.report.lock.taken && !ctx.report.lock.released ? ctx.report.lock.host : undefined;
    const tagged = (0,_boot_js__WEBPACK_IMPORTED_MODULE_3__/* .tagsInBoot */ .FN)(ctx);
    if (tagged && !lockHost)
        return;
    const hosts = tagged ? [] : [...targets.appHosts];
    if (lockHost && !hosts.includes(lockHost))
        hosts.push(lockHost);
    const title = tagged
        ? 'Release the deploy lock'
        : `Tag ${(0,_commands_naming_js__WEBPACK_IMPORTED_MODULE_9__/* .latestTag */ .wk)(config)}${lockHost ? ', release the deploy lock' : ''}`;
    await ctx.reporter.group(title, async () => {
        await (0,_hosts_js__WEBPACK_IMPORTED_MODULE_6__/* .onHosts */ .Dc)(ctx, hosts, async (host) => {
            // Pruning already ran in each host's boot exec.
            const tag = tagged || !targets.appHosts.includes(host) ? [] : (0,_commands_boot_js__WEBPACK_IMPORTED_MODULE_0__/* .tagLatestLines */ .lb)(config, ctx.performer, ctx.version);
            if (host === lockHost)
                return releaseAfter(ctx, host, tag);
            await (0,_remote_js__WEBPACK_IMPORTED_MODULE_8__/* .runRemote */ .Q)(ctx.pool.get(host), new _commands_script_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteScript */ .Sq().add(...tag), 'tag latest', _context_js__WEBPACK_IMPORTED_MODULE_4__/* .BOOKKEEPING */ .jI);
        });
    });
}
async function releaseAfter(ctx, host, commands) {
    const script = new _commands_script_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteScript */ .Sq().add((0,_commands_lock_js__WEBPACK_IMPORTED_MODULE_1__/* .thenReleaseIfOwner */ .NF)(ctx.config, ctx.lock.token, commands));
    const result = await ctx.pool
        .get(host)
        .exec(script, `${commands.length > 0 ? 'tag latest and ' : ''}release the deploy lock`, _context_js__WEBPACK_IMPORTED_MODULE_4__/* .BOOKKEEPING */ .jI);
    const outcome = (0,_lock_js__WEBPACK_IMPORTED_MODULE_7__/* .reportedRelease */ .bq)(result.stdout);
    if (outcome)
        (0,_lock_js__WEBPACK_IMPORTED_MODULE_7__/* .noteRelease */ .s)(ctx, host, outcome);
    if (result.code !== 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .RemoteCommandError */ .at(host, 'tag latest', result);
}


/***/ }),

/***/ 5438:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $V: () => (/* binding */ RollbackUnavailableError),
/* harmony export */   $u: () => (/* binding */ DockerMissingError),
/* harmony export */   C$: () => (/* binding */ BootFailedError),
/* harmony export */   I0: () => (/* binding */ TargetError),
/* harmony export */   Ku: () => (/* binding */ LockError),
/* harmony export */   Rk: () => (/* binding */ LockHeldError),
/* harmony export */   at: () => (/* binding */ RemoteCommandError),
/* harmony export */   bU: () => (/* binding */ HookNotExecutableError),
/* harmony export */   cc: () => (/* binding */ CancelledError),
/* harmony export */   gy: () => (/* binding */ HostsError),
/* harmony export */   jq: () => (/* binding */ HookFailedError),
/* harmony export */   nM: () => (/* binding */ NotConfirmedError),
/* harmony export */   w$: () => (/* binding */ lastLines),
/* harmony export */   wG: () => (/* binding */ PreflightError),
/* harmony export */   zS: () => (/* binding */ BuildError)
/* harmony export */ });
/* harmony import */ var _commands_protocol_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1652);
/* harmony import */ var _util_values_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7656);
// The errors the flows raise, each with its own name and what a person needs to act on it.


/** The last `n` lines of a command's output, without the report lines our scripts print. */
function lastLines(text, n) {
    return (0,_commands_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .withoutReport */ .hO)(text.trim())
        .split('\n')
        .filter(Boolean)
        .slice(-n)
        .map((line) => (0,_util_values_js__WEBPACK_IMPORTED_MODULE_1__/* .cut */ .Jj)(line, 500))
        .join('\n');
}
/** A remote command that exited non-zero; `label` is what the log and summary show. */
class RemoteCommandError extends Error {
    host;
    label;
    result;
    constructor(host, label, result) {
        const out = lastLines(`${result.stdout}\n${result.stderr}`, 5);
        super(`host ${host}: ${label} failed (${result.code !== null ? `exit ${result.code}` : result.signal ? `killed by signal ${result.signal}` : 'ended without an exit status'})${out ? `: ${out}` : ''}`);
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
/** How many failures a HostsError's message spells out; the other hosts are only named. */
const LISTED_FAILURES = 20;
/** The failures spelled out (the first LISTED_FAILURES), then the other hosts by name. */
function listFailures(failures) {
    const listed = failures.slice(0, LISTED_FAILURES).map((f) => `- ${(0,_util_values_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(f.error)}`);
    const rest = failures.slice(LISTED_FAILURES).map((f) => f.host);
    return `${listed.join('\n')}${rest.length > 0 ? `\n- and ${rest.length} more hosts: ${rest.join(', ')}` : ''}`;
}
/** Work on several hosts failed on some of them; every failure is kept (Kamal's "fail slow"). */
class HostsError extends Error {
    failures;
    constructor(failures) {
        super(failures.length === 1
            ? (0,_util_values_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(failures[0]?.error)
            : `Failures on ${failures.length} hosts:\n${listFailures(failures)}`);
        this.failures = failures;
        this.name = 'HostsError';
    }
}
/** Someone else holds the deploy lock; `details` are theirs, decoded. `message` replaces the
 * default one (lock-wait: a manual lock, or the time ran out). */
class LockHeldError extends Error {
    host;
    details;
    constructor(host, details, message) {
        super(message ??
            `Deploy lock already in place on ${host}!\n${details.trim()}\nDeploy lock found. Run the action with command: lock-release (or \`kamal lock release\`) once you are sure nobody is deploying.`);
        this.host = host;
        this.details = details;
        this.name = 'LockHeldError';
    }
}
/** A hook exited non-zero (Kamal's HookError): its exit status and last output lines. */
class HookFailedError extends Error {
    hook;
    exit;
    output;
    constructor(hook, exit, output) {
        super(`Hook \`${hook}\` failed (${exit})${output ? `:\n${output}` : ''}`);
        this.hook = hook;
        this.exit = exit;
        this.output = output;
        this.name = 'HookFailedError';
    }
}
/** A hook file that is there but cannot be run. */
class HookNotExecutableError extends Error {
    path;
    constructor(path) {
        super(`Hook ${path} is not executable: make it executable (chmod +x ${path}, and in git: git update-index --chmod=+x ${path}) or remove it`);
        this.path = path;
        this.name = 'HookNotExecutableError';
    }
}
/** The rollback version is not a container on some targeted host and role: nothing was changed. */
class RollbackUnavailableError extends Error {
    constructor(message) {
        super(message);
        this.name = 'RollbackUnavailableError';
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
/** A destructive command without `confirm: true`: nothing was touched; `preview` says what would go. */
class NotConfirmedError extends Error {
    command;
    preview;
    constructor(command, preview) {
        super(`\`${command}\` removes or interrupts things on the hosts, so it runs only with the input confirm: true (or -y in the command line). Nothing was touched. It would:\n${preview
            .map((p) => `${p.host}:\n${p.items.map((i) => `  - ${i}`).join('\n')}`)
            .join('\n')}`);
        this.command = command;
        this.preview = preview;
        this.name = 'NotConfirmedError';
    }
}
/**
 * The image could not be built or pushed on the runner (nothing was done on any host); `label` and
 * `output` (its last lines) name the runner command that failed, when one did.
 */
class BuildError extends Error {
    failed;
    constructor(message, failed, options) {
        super(message, options);
        this.failed = failed;
        this.name = 'BuildError';
    }
}
/**
 * Preflight: some hosts of the run could not be connected to (or failed their host-key check), so
 * nothing was run on any host. Every failing host is listed.
 */
class PreflightError extends Error {
    failures;
    constructor(failures, total) {
        super(`Could not connect to ${failures.length} of ${total} host${total > 1 ? 's' : ''}; nothing was run on any host:\n${listFailures(failures)}`);
        this.failures = failures;
        this.name = 'PreflightError';
    }
}


/***/ }),

/***/ 7421:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $R: () => (/* binding */ hookEnv),
/* harmony export */   DB: () => (/* binding */ runHook),
/* harmony export */   Em: () => (/* binding */ hookExists),
/* harmony export */   GH: () => (/* binding */ HOOKS_WITH_SECRETS),
/* harmony export */   t1: () => (/* binding */ runtimeSince),
/* harmony export */   uj: () => (/* binding */ hooksOf),
/* harmony export */   yR: () => (/* binding */ runPreBuildHook)
/* harmony export */ });
/* unused harmony exports HOOK_NAMES, HOOKS_OF, KAMAL_COMMAND_OF, holdingLock, aroundProxyReboot */
const HOOK_NAMES = (/* unused pure expression or super */ null && ([
    'pre-connect',
    'pre-build',
    'pre-deploy',
    'post-deploy',
    'pre-app-boot',
    'post-app-boot',
    'docker-setup',
    'pre-proxy-reboot',
    'post-proxy-reboot'
]));
/** The hooks Kamal gives the secrets to (`run_hook ..., secrets: true`). */
const HOOKS_WITH_SECRETS = ['pre-connect', 'pre-deploy', 'post-deploy'];
const DEPLOY_HOOKS = ['pre-connect', 'pre-deploy', 'pre-app-boot', 'post-app-boot', 'post-deploy'];
/**
 * The hooks each of the action's commands may run, by Kamal's commands (a present hook of these
 * that is not executable stops the run before anything starts). The proxy reboot (#14) and the
 * build (#15) add their hooks here.
 */
const HOOKS_OF = {
    setup: ['pre-connect', 'docker-setup', ...DEPLOY_HOOKS.slice(1)],
    deploy: DEPLOY_HOOKS,
    redeploy: DEPLOY_HOOKS,
    rollback: DEPLOY_HOOKS,
    exec: ['pre-connect'],
    'lock-status': ['pre-connect'],
    'lock-acquire': ['pre-connect'],
    'lock-release': ['pre-connect'],
    build: ['pre-connect', 'pre-build'],
    'proxy reboot': ['pre-connect', 'pre-proxy-reboot', 'post-proxy-reboot'],
    'server bootstrap': ['pre-connect', 'docker-setup'],
    help: []
};
/**
 * The hooks a command may run: its own (every other console command connects, so pre-connect), and
 * `pre-build` when it builds first (the `build` input).
 */
function hooksOf(command, build = false) {
    const own = HOOKS_OF[command] ?? ['pre-connect'];
    return build && !own.includes('pre-build') ? [...own, 'pre-build'] : own;
}
/** Kamal's command and subcommand names for the action's commands (`KAMAL_COMMAND`/`KAMAL_SUBCOMMAND`). */
const KAMAL_COMMAND_OF = {
    setup: ['setup'],
    deploy: ['deploy'],
    redeploy: ['redeploy'],
    rollback: ['rollback'],
    exec: ['app', 'exec'],
    'lock-status': ['lock', 'status'],
    'lock-acquire': ['lock', 'acquire'],
    'lock-release': ['lock', 'release'],
    build: ['build', 'push']
};
/** Kamal's `abbreviated_version`: the first 7 characters, unless the version has a `_`. */
function abbreviated(version) {
    return version.includes('_') ? version : version.slice(0, 7);
}
/**
 * The environment Kamal gives a hook on top of the deployer's own: the `KAMAL_*` tags (unset
 * ones left out, as Kamal's `Tags#env` compacts them) and, for the hooks that get them, the secrets.
 */
function hookEnv(name, tags, details, secrets) {
    // A console command is Kamal's own words (`app logs` → app, logs).
    const [command, subcommand] = KAMAL_COMMAND_OF[tags.command] ?? tags.command.split(' ');
    const env = {
        KAMAL_RECORDED_AT: (details.recordedAt ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        KAMAL_PERFORMER: tags.performer,
        KAMAL_DESTINATION: tags.destination,
        KAMAL_VERSION: tags.version,
        KAMAL_SERVICE_VERSION: `${tags.service}@${abbreviated(tags.version)}`,
        KAMAL_SERVICE: tags.service,
        KAMAL_HOSTS: details.hosts.join(','),
        KAMAL_ROLES: tags.roles?.join(','),
        KAMAL_LOCK: String(details.lock),
        KAMAL_COMMAND: command,
        KAMAL_SUBCOMMAND: subcommand,
        KAMAL_RUNTIME: details.runtime === undefined ? undefined : String(Math.round(details.runtime))
    };
    const out = {};
    for (const [k, v] of Object.entries(env))
        if (v !== undefined)
            out[k] = v;
    return HOOKS_WITH_SECRETS.includes(name) ? { ...Object.fromEntries(secrets), ...out } : out;
}
/** Whether the run holds the deploy lock now: inherited, or taken and not yet released (or kept). */
function holdingLock(ctx) {
    const l = ctx.report.lock;
    return (ctx.kamalHooks?.lockInherited ?? false) || (l.taken && !l.released && !l.kept);
}
/** Whether the run would run hook `name`. */
function hookExists(ctx, name) {
    return ctx.kamalHooks?.runner.exists(name) ?? false;
}
/**
 * Runs hook `name` when it exists (Kamal's `run_hook`): `KAMAL_HOSTS` is every host of the run
 * unless `hosts` narrows it (a boot group). A failing hook throws and stops the flow there.
 */
async function runHook(ctx, name, extra = {}) {
    const hooks = ctx.kamalHooks;
    if (!hooks?.runner.exists(name))
        return;
    const env = hookEnv(name, hooks.tags, { hosts: extra.hosts ?? ctx.targets.hosts, lock: holdingLock(ctx), runtime: extra.runtime }, hooks.secrets);
    await hooks.runner.run(name, env);
}
/** Seconds since `started` (a Date.now() value), for `KAMAL_RUNTIME`. */
function runtimeSince(started) {
    return (Date.now() - started) / 1000;
}
/** Where a build runs (#15 adds builds): Kamal's `pre-build` hook, before anything is built. */
function runPreBuildHook(ctx) {
    return runHook(ctx, 'pre-build');
}
/**
 * Where the proxy is rebooted (#14 adds `proxy reboot`): per reboot group, `pre-proxy-reboot`
 * (`KAMAL_HOSTS` = the group), the reboot, then `post-proxy-reboot` once the group succeeded.
 */
async function aroundProxyReboot(ctx, hosts, reboot) {
    await runHook(ctx, 'pre-proxy-reboot', { hosts });
    const result = await reboot();
    await runHook(ctx, 'post-proxy-reboot', { hosts });
    return result;
}


/***/ }),

/***/ 7730:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dc: () => (/* binding */ onHosts),
/* harmony export */   Ic: () => (/* binding */ describeFailure),
/* harmony export */   Lg: () => (/* binding */ hostsText)
/* harmony export */ });
/* unused harmony exports HOST_LINES_UP_TO, PhaseLog */
/* harmony import */ var _transport_ssh_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2845);
/* harmony import */ var _util_values_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7656);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8029);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5438);
// Running one piece of work on many hosts: in parallel up to the pool's bound, every host
// allowed to finish, and every failure reported together (Kamal's "fail slow"). What each host
// did is logged one line per host on small fleets, and grouped by outcome on large ones.




/**
 * Up to this many hosts, a phase logs one line per host as each finishes (`<host>: <outcome>`).
 * Beyond it — 3,000 lines at 1,000 hosts and 3 phases — it logs its progress every tenth of the
 * hosts, and at its end one line per distinct outcome with how many hosts had it; only the hosts
 * of the less common outcomes are named. Failures are reported in full either way.
 */
const HOST_LINES_UP_TO = 20;
/** Hosts as a title names them: all of them up to HOST_LINES_UP_TO, else `N hosts (first … last)`. */
function hostsText(hosts) {
    if (hosts.length <= HOST_LINES_UP_TO)
        return hosts.join(', ');
    return `${hosts.length} hosts (${hosts[0]} … ${hosts.at(-1)})`;
}
/** Seconds as the log shows them: `(0.4s)`, or `(0.2–3.1 s, median 0.4 s)` for a group. */
function secondsText(seconds) {
    if (seconds.length === 0)
        return '';
    const sorted = [...seconds].sort((a, b) => a - b);
    const [min, max] = [sorted[0], sorted.at(-1)];
    if (sorted.length === 1 || min === max)
        return ` (${min}s)`;
    return ` (${min}–${max} s, median ${sorted[Math.floor(sorted.length / 2)]} s)`;
}
class PhaseLog {
    reporter;
    total;
    outcomes = new Map();
    finished = 0;
    grouped;
    constructor(reporter, total) {
        this.reporter = reporter;
        this.total = total;
        this.grouped = total > HOST_LINES_UP_TO;
    }
    done(host, message, seconds) {
        if (!this.grouped) {
            this.reporter.info(`${host}: ${message}${seconds === undefined ? '' : ` (${seconds}s)`}`);
            return;
        }
        const outcome = this.outcomes.get(message) ?? { hosts: [], seconds: [] };
        outcome.hosts.push(host);
        if (seconds !== undefined)
            outcome.seconds.push(seconds);
        this.outcomes.set(message, outcome);
    }
    /** A host finished (done or failed): progress at every tenth of the hosts. */
    settled() {
        this.finished++;
        if (!this.grouped || this.finished === this.total)
            return;
        const step = Math.ceil(this.total / 10);
        if (this.finished % step === 0)
            this.reporter.info(`${this.finished}/${this.total} hosts done`);
    }
    /** The grouped outcomes, most common first; the hosts of every other outcome are named. */
    flush() {
        const groups = [...this.outcomes].sort((a, b) => b[1].hosts.length - a[1].hosts.length);
        groups.forEach(([message, { hosts, seconds }], i) => {
            const who = i === 0 ? `${hosts.length} hosts` : `${hosts.length} host(s) (${hosts.join(', ')})`;
            this.reporter.info(`${who}: ${message}${secondsText(seconds)}`);
        });
        this.outcomes.clear();
    }
}
/**
 * Runs `fn` on every host (up to the pool's bound at once) and waits for all of them; throws a
 * HostsError with every failure. A host not started yet when the run is cancelled is not started.
 */
async function onHosts(ctx, hosts, fn) {
    const log = new PhaseLog(ctx.reporter, hosts.length);
    const settled = await (0,_transport_ssh_js__WEBPACK_IMPORTED_MODULE_0__/* .eachLimited */ .ko)(hosts, ctx.pool.limit, async (host) => {
        try {
            // After a cancel, hosts still waiting for their turn are not started.
            (0,_context_js__WEBPACK_IMPORTED_MODULE_1__/* .throwIfCancelled */ .dZ)(ctx.signal);
            return await fn(host, log);
        }
        finally {
            log.settled();
        }
    });
    log.flush();
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .HostsError */ .gy(failures);
    return out;
}
/** The first failure in a form the summary shows: host, command and its last output lines. */
function describeFailure(error) {
    const first = error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .HostsError */ .gy ? error.failures[0]?.error : error;
    const remote = first instanceof Error && first.cause instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteCommandError */ .at ? first.cause : first;
    if (remote instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteCommandError */ .at) {
        const out = (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .lastLines */ .w$)(`${remote.result.stdout}\n${remote.result.stderr}`, 15);
        return { host: remote.host, command: remote.label, output: out, message: (0,_util_values_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(error) };
    }
    if (first instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .BuildError */ .zS && first.failed)
        return { host: 'runner', command: first.failed.label, output: first.failed.output, message: (0,_util_values_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(error) };
    const host = error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .HostsError */ .gy ? error.failures[0]?.host : undefined;
    return { host, message: (0,_util_values_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(error) };
}


/***/ }),

/***/ 9741:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $R: () => (/* binding */ appLogsOnHosts),
/* harmony export */   CU: () => (/* binding */ appVersion),
/* harmony export */   Gb: () => (/* binding */ accessoryLogsOnHosts),
/* harmony export */   Gk: () => (/* binding */ appListing),
/* harmony export */   R5: () => (/* binding */ proxyDetails),
/* harmony export */   Y4: () => (/* binding */ showOutputs),
/* harmony export */   bZ: () => (/* binding */ accessoryDetails),
/* harmony export */   ml: () => (/* binding */ queryHosts),
/* harmony export */   oh: () => (/* binding */ proxyLogsOnHosts),
/* harmony export */   sb: () => (/* binding */ audit),
/* harmony export */   zH: () => (/* binding */ details)
/* harmony export */ });
/* unused harmony exports runningVersions, withDefaultLines, hostsOf */
/* harmony import */ var _commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1864);
/* harmony import */ var _commands_app_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1413);
/* harmony import */ var _commands_audit_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6689);
/* harmony import */ var _commands_proxy_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4554);
/* harmony import */ var _commands_script_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8827);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8029);
/* harmony import */ var _hosts_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7730);
// The read-only commands of a console (Kamal's `details`, `audit`, `app logs|details|containers|
// images|version`, `accessory details|logs`, `proxy details|logs`): each of Kamal's lines sent as one
// exec (a host's execs run at once on its connection), every host's output shown in a log group of
// its own once all hosts answered, and kept for the job summary. Nothing here takes the lock.







/** Sends each host's queries (at once on its connection) and returns their outputs in host order. */
async function queryHosts(ctx, hosts, queriesOf) {
    const byHost = await (0,_hosts_js__WEBPACK_IMPORTED_MODULE_6__/* .onHosts */ .Dc)(ctx, hosts, (host) => Promise.all(queriesOf(host).map(async (q) => {
        const result = await ctx.pool.get(host).exec((0,_commands_script_js__WEBPACK_IMPORTED_MODULE_4__/* .single */ .J0)(q.command), q.title);
        if (result.code === 0)
            return { host, title: q.title, text: result.stdout.replace(/\n$/, '') };
        const error = `${result.stdout}${result.stderr}`.trim();
        if (q.onFailure !== undefined)
            return { host, title: q.title, text: q.onFailure };
        throw new Error(`host ${host}: ${q.title} failed (exit ${result.code ?? 'signal'})${error ? `: ${error}` : ''}`);
    })));
    return hosts.flatMap((h) => byHost.get(h) ?? []);
}
/** Every host's outputs in a log group of its own (through the reporter, which stops workflow
 * commands in remote text), and into the report for the job summary. */
async function showOutputs(ctx, outputs) {
    ctx.report.outputs.push(...outputs);
    const hosts = [...new Set(outputs.map((o) => o.host))];
    for (const host of hosts) {
        const mine = outputs.filter((o) => o.host === host);
        await ctx.reporter.group(`${host}: ${mine.map((o) => o.title).join(', ')}`, () => {
            for (const o of mine) {
                ctx.reporter.info(`── ${o.title} on ${host}`);
                ctx.reporter.remote(host, o.text === '' ? '(nothing)' : o.text);
            }
            return Promise.resolve();
        });
    }
}
const rolesOn = (ctx, host) => ctx.targets.roles.filter((r) => r.hosts.some((h) => h.address === host));
/** `details`: kamal-proxy, the app's roles and the accessories, host by host; and the running versions. */
async function details(ctx) {
    const { config, targets } = ctx;
    const proxyHosts = (0,_context_js__WEBPACK_IMPORTED_MODULE_5__/* .proxyHostsOf */ .hJ)(targets);
    const versions = await runningVersions(ctx, targets.appHosts);
    const outputs = await queryHosts(ctx, targets.hosts, (host) => [
        ...(proxyHosts.includes(host) ? [{ title: 'proxy details', command: _commands_proxy_js__WEBPACK_IMPORTED_MODULE_3__/* .proxyInfo */ .Vv }] : []),
        ...rolesOn(ctx, host).map((r) => ({ title: `app details (${r.name})`, command: (0,_commands_app_js__WEBPACK_IMPORTED_MODULE_1__/* .appInfo */ .qi)(config, r) })),
        ...targets.accessories
            .filter((a) => a.hosts.includes(host))
            .map((a) => ({ title: `accessory details (${a.name})`, command: (0,_commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__/* .accessoryInfo */ .JW)(a) }))
    ]);
    await showOutputs(ctx, outputs);
    ctx.report.versions = versions;
}
/** Host → role → the running version (empty when none runs), Kamal's current_running_version. */
async function runningVersions(ctx, hosts) {
    const roles = new Map();
    const outputs = await queryHosts(ctx, hosts, (host) => rolesOn(ctx, host).map((r) => {
        roles.set(versionTitle(r.name), r.name);
        return { title: versionTitle(r.name), command: (0,_commands_app_js__WEBPACK_IMPORTED_MODULE_1__/* .currentVersion */ .YO)(ctx.config, r), onFailure: '' };
    }));
    const versions = {};
    for (const o of outputs)
        (versions[o.host] ??= {})[roles.get(o.title) ?? o.title] = o.text.trim();
    return versions;
}
const versionTitle = (role) => `app version (${role})`;
/** `app version`: the running version of each role, host by host. */
async function appVersion(ctx) {
    const versions = await runningVersions(ctx, ctx.targets.appHosts);
    ctx.report.versions = versions;
    await showOutputs(ctx, Object.entries(versions).flatMap(([host, roles]) => Object.entries(roles).map(([role, version]) => ({
        host,
        title: `app version (${role})`,
        text: version || '(none running)'
    }))));
}
async function audit(ctx) {
    const command = (0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_2__/* .auditReveal */ .dw)(ctx.config);
    await showOutputs(ctx, await queryHosts(ctx, ctx.targets.hosts, () => [
        { title: 'audit', command, onFailure: '(no audit log on this host)' }
    ]));
}
/** `app details|containers|images`: per role (details) or per host. */
async function appListing(ctx, what) {
    const { config } = ctx;
    await showOutputs(ctx, await queryHosts(ctx, ctx.targets.appHosts, (host) => what === 'details'
        ? rolesOn(ctx, host).map((r) => ({ title: `app details (${r.name})`, command: (0,_commands_app_js__WEBPACK_IMPORTED_MODULE_1__/* .appInfo */ .qi)(config, r) }))
        : [{ title: `app ${what}`, command: what === 'containers' ? (0,_commands_app_js__WEBPACK_IMPORTED_MODULE_1__/* .listContainers */ .ts)(config) : (0,_commands_app_js__WEBPACK_IMPORTED_MODULE_1__/* .listImages */ .v8)(config) }]));
}
/** Kamal's default: 100 lines unless --since or --grep narrow the log. */
function withDefaultLines(o) {
    return o.lines === undefined && o.since === undefined && o.grep === undefined ? { ...o, lines: 100 } : o;
}
async function appLogsOnHosts(ctx, options) {
    const o = withDefaultLines(options);
    await showOutputs(ctx, await queryHosts(ctx, ctx.targets.appHosts, (host) => rolesOn(ctx, host).map((r) => ({
        title: `app logs (${r.name})`,
        command: (0,_commands_app_js__WEBPACK_IMPORTED_MODULE_1__/* .appLogs */ .jY)(ctx.config, r, o),
        onFailure: 'Nothing found'
    }))));
}
async function accessoryDetails(ctx, name) {
    const accessories = (0,_context_js__WEBPACK_IMPORTED_MODULE_5__/* .accessoriesNamed */ .Y)(ctx.targets, name);
    await showOutputs(ctx, await queryHosts(ctx, hostsOf(accessories), (host) => accessories
        .filter((a) => a.hosts.includes(host))
        .map((a) => ({ title: `accessory details (${a.name})`, command: (0,_commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__/* .accessoryInfo */ .JW)(a) }))));
}
async function accessoryLogsOnHosts(ctx, name, options) {
    const accessories = (0,_context_js__WEBPACK_IMPORTED_MODULE_5__/* .accessoriesNamed */ .Y)(ctx.targets, name);
    const o = withDefaultLines(options);
    await showOutputs(ctx, await queryHosts(ctx, hostsOf(accessories), (host) => accessories
        .filter((a) => a.hosts.includes(host))
        .map((a) => ({ title: `accessory logs (${a.name})`, command: (0,_commands_accessory_js__WEBPACK_IMPORTED_MODULE_0__/* .accessoryLogs */ .I_)(a, o), onFailure: 'Nothing found' }))));
}
async function proxyDetails(ctx) {
    await showOutputs(ctx, await queryHosts(ctx, (0,_context_js__WEBPACK_IMPORTED_MODULE_5__/* .proxyHostsOf */ .hJ)(ctx.targets), () => [{ title: 'proxy details', command: _commands_proxy_js__WEBPACK_IMPORTED_MODULE_3__/* .proxyInfo */ .Vv }]));
}
async function proxyLogsOnHosts(ctx, options) {
    const o = withDefaultLines(options);
    await showOutputs(ctx, await queryHosts(ctx, (0,_context_js__WEBPACK_IMPORTED_MODULE_5__/* .proxyHostsOf */ .hJ)(ctx.targets), () => [
        { title: 'proxy logs', command: (0,_commands_proxy_js__WEBPACK_IMPORTED_MODULE_3__/* .proxyLogs */ .MZ)(o), onFailure: 'Nothing found' }
    ]));
}
function hostsOf(accessories) {
    return [...new Set(accessories.flatMap((a) => a.hosts))];
}


/***/ }),

/***/ 9990:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HJ: () => (/* binding */ takeLock),
/* harmony export */   LD: () => (/* binding */ releaseOwnLock),
/* harmony export */   PU: () => (/* binding */ keepLock),
/* harmony export */   TD: () => (/* binding */ forceRelease),
/* harmony export */   bq: () => (/* binding */ reportedRelease),
/* harmony export */   gJ: () => (/* binding */ waitForLock),
/* harmony export */   mF: () => (/* binding */ readLock),
/* harmony export */   qi: () => (/* binding */ checkInheritedLock),
/* harmony export */   s: () => (/* binding */ noteRelease),
/* harmony export */   wN: () => (/* binding */ lockDetails)
/* harmony export */ });
/* unused harmony exports lockedByText, isAutomaticLock, lockHolder */
/* harmony import */ var _commands_lock_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7587);
/* harmony import */ var _commands_protocol_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1652);
/* harmony import */ var _commands_script_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8827);
/* harmony import */ var _util_values_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7656);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8029);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5438);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6891);
// Taking, inspecting and releasing the Kamal-compatible deploy lock on the primary host.







function lockedByText(identity) {
    return `${identity.name} [${identity.token}]`;
}
function lockDetails(identity, version, message = _commands_lock_js__WEBPACK_IMPORTED_MODULE_0__/* .AUTOMATIC_LOCK_MESSAGE */ .qn) {
    return { lockedBy: lockedByText(identity), at: new Date(), version, message };
}
/** Takes the lock in one round trip; when someone holds it, fails with the holder's details. */
async function takeLock(host, config, identity, version, message = _commands_lock_js__WEBPACK_IMPORTED_MODULE_0__/* .AUTOMATIC_LOCK_MESSAGE */ .qn) {
    const result = await host.exec((0,_commands_script_js__WEBPACK_IMPORTED_MODULE_2__/* .single */ .J0)((0,_commands_lock_js__WEBPACK_IMPORTED_MODULE_0__/* .acquireOrShowHolder */ .pI)(config, lockDetails(identity, version, message))), 'take the deploy lock', _context_js__WEBPACK_IMPORTED_MODULE_3__/* .BOOKKEEPING */ .jI);
    if (result.code === _commands_protocol_js__WEBPACK_IMPORTED_MODULE_1__/* .EXIT */ .dc.lockHeld)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .LockHeldError */ .Rk(host.host, result.stdout);
    if (result.code !== 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .LockError */ .Ku(`host ${host.host}: could not take the deploy lock: ${result.stderr.trim() || `exit ${result.code}`}`);
}
const OUTCOMES = ['released', 'not ours', 'absent'];
/** The lock outcome a script reported (undefined when it reported none). */
function reportedRelease(stdout) {
    const outcome = (0,_commands_protocol_js__WEBPACK_IMPORTED_MODULE_1__/* .parseReport */ .MM)(stdout).lock;
    return outcome !== undefined && OUTCOMES.includes(outcome) ? outcome : undefined;
}
/** Releases the lock only when its details carry our token (never someone else's lock). */
async function releaseOwnLock(host, config, identity) {
    const result = await host.exec((0,_commands_script_js__WEBPACK_IMPORTED_MODULE_2__/* .single */ .J0)((0,_commands_lock_js__WEBPACK_IMPORTED_MODULE_0__/* .releaseIfOwner */ .AH)(config, identity.token), { lock: 'released' }), 'release the deploy lock', _context_js__WEBPACK_IMPORTED_MODULE_3__/* .BOOKKEEPING */ .jI);
    const outcome = reportedRelease(result.stdout);
    if (result.code !== 0 || !outcome)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .LockError */ .Ku(`host ${host.host}: releasing the deploy lock failed: ${result.stderr.trim() || `exit ${result.code}`}`);
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
    const result = await host.exec((0,_commands_lock_js__WEBPACK_IMPORTED_MODULE_0__/* .forceRelease */ .TD)(config), 'release the deploy lock', _context_js__WEBPACK_IMPORTED_MODULE_3__/* .BOOKKEEPING */ .jI);
    if (result.code !== 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .LockError */ .Ku(`host ${host.host}: releasing the deploy lock failed: ${result.stderr.trim()}`);
    return reportedRelease(result.stdout) === 'released';
}
/**
 * KAMAL_LOCK=true with a lock-token: the lock this run works under must be held, and be the one the
 * token names (a re-run after the release job, or a lock released and taken by someone else since,
 * stops here, before any host is touched).
 */
async function checkInheritedLock(host, config, token) {
    const details = await readLock(host, config);
    if (details === undefined)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .LockError */ .Ku(`KAMAL_LOCK=true, but there is no deploy lock on ${host.host}: the lock this run should work under was released (or never taken); take it again (command: lock-acquire) before deploying`);
    if (!details.includes(token))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .LockError */ .Ku(`KAMAL_LOCK=true, but the deploy lock on ${host.host} is not the one given as lock-token (${token}); it is:\n${details}`);
}
/** The decoded details of the current lock, or undefined when there is none. */
async function readLock(host, config) {
    const result = await host.exec((0,_commands_lock_js__WEBPACK_IMPORTED_MODULE_0__/* .readLock */ .mF)(config), 'read the deploy lock', _context_js__WEBPACK_IMPORTED_MODULE_3__/* .BOOKKEEPING */ .jI);
    const text = result.stdout.trim();
    return text ? text : undefined;
}
/** Whether a lock's decoded details are those of an automatic deploy lock (the only kind lock-wait waits for). */
function isAutomaticLock(details) {
    return details.split('\n').some((l) => l.trim() === `Message: ${_commands_lock_js__WEBPACK_IMPORTED_MODULE_0__/* .AUTOMATIC_LOCK_MESSAGE */ .qn}`);
}
/** Who holds a lock, from its details' first line (`Locked by: NAME at TIME`). */
function lockHolder(details) {
    const first = details.trim().split('\n')[0] ?? '';
    return first.replace(/^Locked by: /, '') || 'someone (the lock has no details yet, or is being released)';
}
/**
 * Kamal 2.12's `--lock-wait`: after a first attempt found the lock `held`, takes it again every
 * `lock-wait-interval` seconds until it is free, for at most `lock-wait-timeout` seconds, with a
 * line per try naming the holder and the time left. Only automatic locks are waited for: a lock
 * taken by hand (any other message) fails at once, as Kamal does. The wait is in the report.
 */
async function waitForLock(ctx, held) {
    const { timeoutSeconds, intervalSeconds } = ctx.lockWait ?? { timeoutSeconds: 0, intervalSeconds: 1 };
    const host = ctx.pool.get(held.host);
    const started = Date.now();
    const deadline = started + timeoutSeconds * 1000;
    let details = held.details;
    ctx.reporter.info(`Acquiring the deploy lock on ${host.host} (waiting up to ${timeoutSeconds}s)...`);
    try {
        for (;;) {
            // Empty details: the lock is being taken or released right now (mkdir, then details), so wait.
            if (details.trim() && !isAutomaticLock(details))
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .LockHeldError */ .Rk(host.host, details, `Deploy lock on ${host.host} held manually, not waiting (lock-wait waits only for automatic deploy locks):\n${details.trim()}\nRun the action with command: lock-release (or \`kamal lock release\`) once the work it protects is done.`);
            const remaining = Math.ceil((deadline - Date.now()) / 1000);
            if (remaining <= 0)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .LockHeldError */ .Rk(host.host, details, `Timed out after ${timeoutSeconds}s waiting for the deploy lock on ${host.host}, held by ${lockHolder(details)}:\n${details.trim()}`);
            const next = Math.min(intervalSeconds, remaining);
            ctx.reporter.info(`Deploy lock is held by ${lockHolder(details)}; retrying in ${next}s (${remaining}s remaining)...`);
            await (0,_context_js__WEBPACK_IMPORTED_MODULE_3__/* .pause */ .v7)(ctx, next);
            (0,_context_js__WEBPACK_IMPORTED_MODULE_3__/* .throwIfCancelled */ .dZ)(ctx.signal);
            try {
                await takeLock(host, ctx.config, ctx.lock, ctx.version);
                break;
            }
            catch (error) {
                if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .LockHeldError */ .Rk))
                    throw error;
                details = error.details;
            }
        }
    }
    finally {
        ctx.report.lock.waitedSeconds = (0,_report_js__WEBPACK_IMPORTED_MODULE_5__/* .secondsSince */ .w)(started);
    }
    ctx.reporter.info(`Acquired the deploy lock ${ctx.report.lock.path ?? ''} after waiting ${ctx.report.lock.waitedSeconds}s`);
}
/**
 * hold-lock-on-error: keeps this run's lock after `failure`, its details naming the failure (and
 * no longer our token, so that our post step leaves it too); a run with lock-wait does not wait
 * for it, since it is not an automatic lock. Returns what became of the lock.
 */
async function keepLock(ctx, host, failure) {
    const reason = (0,_util_values_js__WEBPACK_IMPORTED_MODULE_6__/* .cut */ .Jj)(((0,_util_values_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .gJ)(failure).split('\n')[0] ?? '').trim(), 300);
    const details = {
        lockedBy: ctx.lock.name,
        at: new Date(),
        version: ctx.version,
        message: `Kept after a failed ${ctx.report.command} of ${ctx.version} (hold-lock-on-error): ${reason}`
    };
    const result = await ctx.pool.get(host).exec((0,_commands_lock_js__WEBPACK_IMPORTED_MODULE_0__/* .keepIfOwner */ .Q_)(ctx.config, ctx.lock.token, details), 'keep the deploy lock');
    const outcome = (0,_commands_protocol_js__WEBPACK_IMPORTED_MODULE_1__/* .parseReport */ .MM)(result.stdout).lock;
    if (result.code !== 0 || (outcome !== 'kept' && outcome !== 'absent' && outcome !== 'not ours'))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .LockError */ .Ku(`host ${host}: keeping the deploy lock failed: ${result.stderr.trim() || `exit ${result.code}`}`);
    if (outcome === 'kept')
        ctx.report.lock.kept = (0,_commands_lock_js__WEBPACK_IMPORTED_MODULE_0__/* .lockDetailsText */ .lx)(details);
    return outcome;
}


/***/ }),

/***/ 3049:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I9: () => (/* binding */ addProxySwitch),
/* harmony export */   LA: () => (/* binding */ bootProxies),
/* harmony export */   Zj: () => (/* binding */ proxyStop),
/* harmony export */   jd: () => (/* binding */ proxyStart),
/* harmony export */   mF: () => (/* binding */ proxyHosts),
/* harmony export */   mx: () => (/* binding */ proxyRestart),
/* harmony export */   oI: () => (/* binding */ proxyReboot),
/* harmony export */   tt: () => (/* binding */ proxyRemove)
/* harmony export */ });
/* harmony import */ var _commands_audit_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6689);
/* harmony import */ var _commands_proxy_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4554);
/* harmony import */ var _commands_script_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8827);
/* harmony import */ var _commands_shell_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4800);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8029);
/* harmony import */ var _hosts_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7730);
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5942);
/* harmony import */ var _remote_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6871);
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
        await (0,_hosts_js__WEBPACK_IMPORTED_MODULE_5__/* .onHosts */ .Dc)(ctx, hosts, async (host, log) => {
            const run = proxyOn(ctx, host)?.run;
            const script = new _commands_script_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteScript */ .Sq().add((0,_commands_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .prepareProxyBoot */ .Ah)());
            // A proxy that is there only needs `docker container start`: the registry login happens
            // only when the `docker run` of a missing proxy cannot pull with the stored credentials.
            (0,_registry_js__WEBPACK_IMPORTED_MODULE_6__/* .addWithLogin */ .rZ)(script, ctx, config.registry, (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .quietly */ .gd)((0,_commands_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .bootProxy */ .Vl)(run)));
            const { report } = await (0,_remote_js__WEBPACK_IMPORTED_MODULE_7__/* .runRemote */ .Q)(ctx.pool.get(host), script, 'boot kamal-proxy');
            const was = report.proxyWas ?? 'unknown';
            const image = run ? (0,_commands_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .proxyImage */ .EB)(run) : 'the image of .kamal/proxy/image (default basecamp/kamal-proxy:v0.9.2)';
            log.done(host, `kamal-proxy ${was === 'running' ? 'was already running' : was === 'missing' ? `started from ${image}` : `restarted (was ${was})`}`);
        });
    });
}
/**
 * Adds to a boot script: upload a custom certificate (through stdin; the certificate 0644 as Kamal
 * writes it, the private key 0600 and owned by the proxy's user), then switch the proxy to the new
 * container (see `switchProxyTo`).
 */
function addProxySwitch(script, ctx, t) {
    const cert = t.proxy.customCertificate;
    if (cert) {
        const paths = (0,_commands_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .tlsPaths */ .it)(ctx.config, t.tlsName);
        script.writeFile(`${paths.hostDir}/cert.pem`, ctx.secrets.get(cert.certificatePem) ?? '', '644');
        script.writeFile(`${paths.hostDir}/key.pem`, ctx.secrets.get(cert.privateKeyPem) ?? '', '600');
        script.add((0,_commands_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .ownPrivateKey */ .nz)(ctx.config, t.tlsName));
    }
    script.add((0,_commands_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .switchProxyTo */ .Kd)({ ...t, config: ctx.config }));
}
/**
 * `proxy reboot [--rolling]`: per group (all proxy hosts at once, or one host at a time), on each
 * host: audit, stop (may fail), remove the container, the apps-config directory, and `docker run`
 * (with a registry login only when the run cannot pull with the host's stored credentials), then a
 * wait until the new proxy answers. kamal-proxy restores its routes from its config volume, so the
 * app is not deployed again.
 */
async function proxyReboot(ctx, rolling, hooks = {}) {
    const hosts = (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .proxyHostsOf */ .hJ)(ctx.targets);
    const groups = rolling ? hosts.map((h) => [h]) : hosts.length > 0 ? [hosts] : [];
    for (const group of groups) {
        // ── call site: pre-proxy-reboot hook (#12), KAMAL_HOSTS = group.join(',')
        await hooks.before?.(group);
        await ctx.reporter.group(`Reboot kamal-proxy on ${group.join(', ')}`, async () => {
            await (0,_hosts_js__WEBPACK_IMPORTED_MODULE_5__/* .onHosts */ .Dc)(ctx, group, async (host) => {
                const script = new _commands_script_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteScript */ .Sq().add((0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_0__/* .auditLine */ .kk)(ctx.config, ctx.performer, 'Rebooted proxy'), (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .silently */ .tz)(_commands_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .stopProxy */ .Fl), (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .quietly */ .gd)(_commands_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .removeProxyContainer */ .ur), _commands_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .makeProxyConfigDirectory */ .CB);
                (0,_registry_js__WEBPACK_IMPORTED_MODULE_6__/* .addWithLogin */ .rZ)(script, ctx, ctx.config.registry, (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .quietly */ .gd)((0,_commands_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .runProxy */ .en)(proxyOn(ctx, host)?.run)));
                script.add(_commands_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .waitForProxy */ .p6);
                await (0,_remote_js__WEBPACK_IMPORTED_MODULE_7__/* .runRemote */ .Q)(ctx.pool.get(host), script, 'reboot kamal-proxy');
                ctx.reporter.info(`${host}: kamal-proxy rebooted`);
            });
        });
        // ── call site: post-proxy-reboot hook (#12), KAMAL_HOSTS = group.join(',')
        await hooks.after?.(group);
    }
}
const PAST = { Start: 'started', Stop: 'stopped', Restart: 'restarted', Remove: 'removed' };
/** Runs the same lines on every proxy host. */
async function onProxyHosts(ctx, verb, lines) {
    const hosts = (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .proxyHostsOf */ .hJ)(ctx.targets);
    await ctx.reporter.group(`${verb} kamal-proxy on ${hosts.length} host(s)`, async () => {
        await (0,_hosts_js__WEBPACK_IMPORTED_MODULE_5__/* .onHosts */ .Dc)(ctx, hosts, async (host) => {
            await (0,_remote_js__WEBPACK_IMPORTED_MODULE_7__/* .runRemote */ .Q)(ctx.pool.get(host), new _commands_script_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteScript */ .Sq().add(...lines), `${verb.toLowerCase()} kamal-proxy`);
            ctx.reporter.info(`${host}: kamal-proxy ${PAST[verb] ?? verb}`);
        });
    });
}
const startLines = (ctx) => [(0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_0__/* .auditLine */ .kk)(ctx.config, ctx.performer, 'Started proxy'), (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .quietly */ .gd)(_commands_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .startProxy */ .nL)];
const stopLines = (ctx) => [(0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_0__/* .auditLine */ .kk)(ctx.config, ctx.performer, 'Stopped proxy'), (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .silently */ .tz)(_commands_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .stopProxy */ .Fl)];
const proxyStart = (ctx) => onProxyHosts(ctx, 'Start', startLines(ctx));
const proxyStop = (ctx) => onProxyHosts(ctx, 'Stop', stopLines(ctx));
const proxyRestart = (ctx) => onProxyHosts(ctx, 'Restart', [...stopLines(ctx), ...startLines(ctx)]);
/**
 * `proxy remove [--force]`: refused (a message, nothing removed) while another app is installed on
 * a proxy host, unless forced; otherwise stop, container, image and `.kamal/proxy`.
 */
async function proxyRemove(ctx, force) {
    const hosts = (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .proxyHostsOf */ .hJ)(ctx.targets);
    if (hosts.length === 0)
        return true;
    const counts = await (0,_hosts_js__WEBPACK_IMPORTED_MODULE_5__/* .onHosts */ .Dc)(ctx, hosts, async (host) => {
        const result = await (0,_remote_js__WEBPACK_IMPORTED_MODULE_7__/* .runRemote */ .Q)(ctx.pool.get(host), (0,_commands_script_js__WEBPACK_IMPORTED_MODULE_2__/* .single */ .J0)(_commands_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .appDirectoryCount */ .M_), 'count the apps on the host');
        return Number(result.stdout.trim() || '0');
    });
    const busy = hosts.filter((h) => (counts.get(h) ?? 0) > 0);
    if (busy.length > 0 && !force) {
        ctx.reporter.warning(`Not removing kamal-proxy, as other apps are installed on ${busy.join(', ')}; ignore this check with \`proxy remove --force\``);
        return false;
    }
    if (busy.length > 0)
        ctx.reporter.info('Forcing, so removing the proxy, even though other apps are installed');
    await onProxyHosts(ctx, 'Remove', [
        ...stopLines(ctx),
        (0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_0__/* .auditLine */ .kk)(ctx.config, ctx.performer, 'Removed proxy container'),
        (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .quietly */ .gd)(_commands_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .removeProxyContainer */ .ur),
        (0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_0__/* .auditLine */ .kk)(ctx.config, ctx.performer, 'Removed proxy image'),
        (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .quietly */ .gd)(_commands_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .removeProxyImage */ .U3),
        (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .errorsHidden */ .uP)(_commands_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .removeProxyDirectory */ .Mq)
    ]);
    return true;
}


/***/ }),

/***/ 3385:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ prune),
/* harmony export */   y: () => (/* binding */ registryLogoutOnHosts)
/* harmony export */ });
/* harmony import */ var _commands_audit_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6689);
/* harmony import */ var _commands_docker_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1420);
/* harmony import */ var _commands_script_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8827);
/* harmony import */ var _commands_shell_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4800);
/* harmony import */ var _hosts_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7730);
/* harmony import */ var _remote_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6871);
// Kamal's `prune all|containers|images` (lib/kamal/cli/prune.rb) and `remove` (cli/main.rb): on
// every host of the run, one exec each. The callers lock (and `remove` needs confirm).






/** Stopped containers beyond `retain` (default retain_containers), then images no container uses. */
async function prune(ctx, what, retain) {
    const { config } = ctx;
    if (retain !== undefined && retain < 1)
        throw new Error('retain must be at least 1');
    const lines = [
        ...(what === 'images'
            ? []
            : [(0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_0__/* .auditLine */ .kk)(config, ctx.performer, 'Pruned containers'), (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .quietly */ .gd)((0,_commands_docker_js__WEBPACK_IMPORTED_MODULE_1__/* .pruneContainers */ .zO)(config, retain))]),
        ...(what === 'containers'
            ? []
            : [(0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_0__/* .auditLine */ .kk)(config, ctx.performer, 'Pruned images'), ...(0,_commands_docker_js__WEBPACK_IMPORTED_MODULE_1__/* .pruneImages */ .BY)(config).map(_commands_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .quietly */ .gd)])
    ];
    const hosts = ctx.targets.hosts;
    await ctx.reporter.group(`Prune ${what} on ${hosts.length} host(s)`, async () => {
        await (0,_hosts_js__WEBPACK_IMPORTED_MODULE_4__/* .onHosts */ .Dc)(ctx, hosts, async (host) => {
            await (0,_remote_js__WEBPACK_IMPORTED_MODULE_5__/* .runRemote */ .Q)(ctx.pool.get(host), new _commands_script_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteScript */ .Sq().add(...lines), `prune ${what}`);
            ctx.reporter.info(`${host}: pruned ${what}`);
        });
    });
}
/** Kamal's `registry remove` on the hosts (part of `remove`): the stored credentials forgotten. */
async function registryLogoutOnHosts(ctx) {
    const hosts = ctx.targets.hosts;
    await ctx.reporter.group(`Log out of the registry on ${hosts.length} host(s)`, async () => {
        await (0,_hosts_js__WEBPACK_IMPORTED_MODULE_4__/* .onHosts */ .Dc)(ctx, hosts, async (host) => {
            const script = new _commands_script_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteScript */ .Sq().add((0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_3__/* .silently */ .tz)((0,_commands_docker_js__WEBPACK_IMPORTED_MODULE_1__/* .registryLogout */ .MZ)(ctx.config.registry.server)));
            await (0,_remote_js__WEBPACK_IMPORTED_MODULE_5__/* .runRemote */ .Q)(ctx.pool.get(host), script, 'registry logout');
        });
    });
}


/***/ }),

/***/ 1102:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D3: () => (/* binding */ pullOnAppHosts),
/* harmony export */   LI: () => (/* binding */ addPull),
/* harmony export */   SC: () => (/* binding */ noteImageProbe)
/* harmony export */ });
/* harmony import */ var _commands_audit_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6689);
/* harmony import */ var _commands_docker_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1420);
/* harmony import */ var _commands_lock_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7587);
/* harmony import */ var _commands_naming_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(9488);
/* harmony import */ var _commands_protocol_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1652);
/* harmony import */ var _commands_script_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8827);
/* harmony import */ var _commands_shell_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4800);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5438);
/* harmony import */ var _hosts_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7730);
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(5942);
/* harmony import */ var _remote_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(6871);
// The pull phase of a deploy (Kamal's "Pull app image...", lib/kamal/cli/build.rb `pull`): every
// app host pulls the new version, logging in only when its stored credentials do not work.











/**
 * Pulls the new version on every app host. With `lock`, the lock host's exec then takes the
 * deploy lock too (after its pull, as Kamal orders it), saving a round trip.
 */
async function pullOnAppHosts(ctx, lock) {
    const { config, version, targets } = ctx;
    const image = (0,_commands_naming_js__WEBPACK_IMPORTED_MODULE_10__/* .imageRef */ .D6)(config, version);
    const hosts = lock && !targets.appHosts.includes(lock.host) ? [...targets.appHosts, lock.host] : targets.appHosts;
    const title = `Pull ${image} on ${targets.appHosts.length} host(s)${lock ? ` and take the deploy lock on ${lock.host}` : ''}`;
    await ctx.reporter.group(title, async () => {
        await (0,_hosts_js__WEBPACK_IMPORTED_MODULE_7__/* .onHosts */ .Dc)(ctx, hosts, async (host, log) => {
            const script = new _commands_script_js__WEBPACK_IMPORTED_MODULE_4__/* .RemoteScript */ .Sq();
            const pulls = targets.appHosts.includes(host);
            if (pulls)
                addPull(script, ctx).add((0,_commands_docker_js__WEBPACK_IMPORTED_MODULE_1__/* .checkLabelAndProbe */ .YE)(config, version));
            const noteProbe = (probe) => {
                if (pulls && probe)
                    noteImageProbe(ctx, host, probe);
            };
            if (lock?.host !== host) {
                noteProbe((await (0,_remote_js__WEBPACK_IMPORTED_MODULE_9__/* .runRemote */ .Q)(ctx.pool.get(host), script, `pull ${image}`)).report.probe);
                log.done(host, `pulled ${image}`);
                return;
            }
            script.add((0,_commands_lock_js__WEBPACK_IMPORTED_MODULE_2__/* .acquireOrShowHolder */ .pI)(config, lock.details));
            noteProbe(await takeLockWith(ctx, host, script, `${pulls ? `pull ${image} and ` : ''}take the deploy lock`));
            if (pulls)
                log.done(host, `pulled ${image} and took the deploy lock ${(0,_commands_naming_js__WEBPACK_IMPORTED_MODULE_10__/* .lockDir */ .JK)(config)}`);
        });
    });
}
/** Runs the lock host's pull exec; returns the early probe it reported. */
async function takeLockWith(ctx, host, script, label) {
    const result = await ctx.pool.get(host).exec(script, label);
    if (result.code === _commands_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .EXIT */ .dc.lockHeld)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .LockHeldError */ .Rk(host, (0,_commands_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .withoutReport */ .hO)(result.stdout));
    if (result.code !== 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .RemoteCommandError */ .at(host, label, result);
    ctx.report.lock.taken = true;
    return (0,_commands_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .parseReport */ .MM)(result.stdout).probe;
}
/**
 * Kamal's pull of the run's version, with its audit line (a `docker login` only if it fails, see
 * addWithLogin); `kamalDirMade`: the script made `.kamal` first (a boot exec, see `auditAppend`).
 */
function addPull(script, ctx, { kamalDirMade = false } = {}) {
    script.add((0,_commands_audit_js__WEBPACK_IMPORTED_MODULE_0__/* .auditFor */ .xL)(kamalDirMade)(ctx.config, ctx.performer, `Pulled image with version ${ctx.version}`));
    (0,_registry_js__WEBPACK_IMPORTED_MODULE_8__/* .addWithLogin */ .rZ)(script, ctx, ctx.config.registry, (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_5__/* .quietly */ .gd)((0,_commands_docker_js__WEBPACK_IMPORTED_MODULE_1__/* .pullImage */ .ZP)(ctx.config, ctx.version).pull));
    return script;
}
/** What a host's pull reported of the image's early probe, for its boot (`bootScript`). */
function noteImageProbe(ctx, host, probe) {
    ;
    (ctx.imageProbe ??= new Map()).set(host, probe);
}


/***/ }),

/***/ 5942:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   r$: () => (/* binding */ addLogin),
/* harmony export */   rZ: () => (/* binding */ addWithLogin)
/* harmony export */ });
/* unused harmony export registryCredentials */
/* harmony import */ var _commands_shell_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4800);

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
        script.login(registry.server ? (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(registry.server) : undefined, creds.username, creds.password);
}
/** `command` (which may pull from the registry), with a `docker login` only if it fails with the
 * host's stored credentials (see RemoteScript.withLogin); without credentials, just the command. */
function addWithLogin(script, ctx, registry, command) {
    const creds = registryCredentials(ctx, registry);
    if (creds)
        script.withLogin(registry.server ? (0,_commands_shell_js__WEBPACK_IMPORTED_MODULE_0__/* .word */ .Vm)(registry.server) : undefined, creds.username, creds.password, command);
    else
        script.add(command);
}


/***/ }),

/***/ 6871:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ sshHostPool),
/* harmony export */   Q: () => (/* binding */ runRemote)
/* harmony export */ });
/* harmony import */ var _commands_protocol_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1652);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5438);
// How the flows send a command to a host: a `RemoteCommand` over a `HostConnection`, which is an
// ssh2 connection in a real run (this adapter) and a recorder in a plan (plan.ts).


/** Sends `cmd` and throws a RemoteCommandError unless it exits 0. */
async function runRemote(conn, cmd, label, bound) {
    const result = await conn.exec(cmd, label, bound);
    if (result.code !== 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RemoteCommandError */ .at(conn.host, label, result);
    return { ...result, report: (0,_commands_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .parseReport */ .MM)(result.stdout) };
}
/**
 * The run's ssh2 connections as the flows see them. Every host is worked on at once, as Kamal does
 * (a thread per host): only the handshakes are paced, by the pool (`max_concurrent_starts`), and
 * the boots by `boot.limit`.
 */
function sshHostPool(pool) {
    const hosts = new Map();
    return {
        limit: Number.POSITIVE_INFINITY,
        get(host) {
            let conn = hosts.get(host);
            if (!conn) {
                const ssh = pool.get(host);
                conn = {
                    host,
                    exec: (cmd, label, bound) => ssh.exec(cmd.command, {
                        stdin: cmd.stdin,
                        label,
                        timeoutMs: bound?.timeoutSeconds === undefined ? undefined : bound.timeoutSeconds * 1000,
                        onStdout: bound?.onStdout && ((d) => bound.onStdout?.(d.toString('utf8')))
                    })
                };
                hosts.set(host, conn);
            }
            return conn;
        }
    };
}


/***/ }),

/***/ 5009:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ removeAll),
/* harmony export */   h: () => (/* binding */ removalPreview)
/* harmony export */ });
/* harmony import */ var _commands_naming_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9488);
/* harmony import */ var _commands_proxy_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4554);
/* harmony import */ var _accessory_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4371);
/* harmony import */ var _app_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4938);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8029);
/* harmony import */ var _proxy_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3049);
/* harmony import */ var _prune_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3385);
// Kamal's `remove` (lib/kamal/cli/main.rb): the app, kamal-proxy, every accessory and the registry
// login, under one lock; and what each destructive command would remove, host by host, for a run
// that was not confirmed (worked out from the config alone: no host is touched for it).







async function removeAll(ctx) {
    await (0,_app_js__WEBPACK_IMPORTED_MODULE_2__/* .appRemove */ .kh)(ctx);
    await (0,_proxy_js__WEBPACK_IMPORTED_MODULE_4__/* .proxyRemove */ .tt)(ctx, false);
    await (0,_accessory_js__WEBPACK_IMPORTED_MODULE_1__/* .accessoryRemove */ .Ry)(ctx, ctx.targets.accessories);
    await (0,_prune_js__WEBPACK_IMPORTED_MODULE_5__/* .registryLogoutOnHosts */ .y)(ctx);
}
function add(preview, host, ...items) {
    preview.set(host, [...(preview.get(host) ?? []), ...items]);
}
function appItems(config, targets, preview) {
    const whole = (0,_app_js__WEBPACK_IMPORTED_MODULE_2__/* .hostsRemovingAllRoles */ .Zj)(config, targets);
    for (const host of targets.appHosts) {
        const roles = targets.roles.filter((r) => r.hosts.some((h) => h.address === host));
        add(preview, host, ...roles.map((r) => `stop and remove every container of role ${r.name} (${(0,_commands_naming_js__WEBPACK_IMPORTED_MODULE_6__/* .rolePrefix */ .l6)(config, r)}-*)`));
        if (whole.includes(host))
            add(preview, host, `remove every image of the app (label service=${config.service}, ${config.image})`, `remove ${(0,_commands_naming_js__WEBPACK_IMPORTED_MODULE_6__/* .appsDir */ .CS)(config)} (env files)`, `remove ${_commands_proxy_js__WEBPACK_IMPORTED_MODULE_0__/* .PROXY_APPS_CONFIG */ .z}/${(0,_commands_naming_js__WEBPACK_IMPORTED_MODULE_6__/* .appsDir */ .CS)(config).slice('.kamal/apps/'.length)}`);
    }
}
function proxyItems(targets, preview, reboot) {
    for (const host of (0,_context_js__WEBPACK_IMPORTED_MODULE_3__/* .proxyHostsOf */ .hJ)(targets))
        add(preview, host, ...(reboot
            ? ['stop, remove and run again the kamal-proxy container (a brief outage on this host)']
            : [
                'stop and remove the kamal-proxy container and its image, and remove .kamal/proxy (not while another app is installed, unless --force)'
            ]));
}
function accessoryItems(accessories, preview) {
    for (const acc of accessories)
        for (const host of acc.hosts)
            add(preview, host, `stop and remove the container ${acc.service} of accessory ${acc.name}, its image ${acc.image}, and the directory ~/${acc.service}${acc.directories.length > 0 ? ` with its data (${acc.directories.map((d) => d.local).join(', ')})` : ''}`);
}
/** What `command` would remove or interrupt, host by host (in host order). */
function removalPreview(config, targets, command, accessory) {
    const preview = new Map();
    if (command === 'remove' || command === 'app remove')
        appItems(config, targets, preview);
    if (command === 'remove' || command === 'proxy remove')
        proxyItems(targets, preview, false);
    if (command === 'proxy reboot')
        proxyItems(targets, preview, true);
    if (command === 'remove')
        accessoryItems(targets.accessories, preview);
    if (command === 'accessory remove')
        accessoryItems((0,_context_js__WEBPACK_IMPORTED_MODULE_3__/* .accessoriesNamed */ .Y)(targets, accessory), preview);
    if (command === 'remove')
        for (const host of targets.hosts)
            add(preview, host, 'log out of the registry');
    return targets.hosts.filter((h) => preview.has(h)).map((host) => ({ host, items: preview.get(host) ?? [] }));
}


/***/ }),

/***/ 6891:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ emptyReport),
/* harmony export */   w: () => (/* binding */ secondsSince)
/* harmony export */ });
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
        hooks: [],
        durationSeconds: 0,
        configProblems: [],
        execCounts: {},
        outputs: [],
        routes: {}
    };
}
/** Seconds since `started` (a Date.now() value), to a tenth, as the summary shows them. */
function secondsSince(started) {
    return Math.round((Date.now() - started) / 100) / 10;
}


/***/ }),

/***/ 3808:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

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
const indexes = new WeakMap();
const isPlain = (pattern) => !/[*?!]/.test(pattern) && !pattern.startsWith('|');
function indexOf(entries) {
    let index = indexes.get(entries);
    if (index)
        return index;
    index = { byName: new Map(), scanned: [] };
    for (const [i, e] of entries.entries()) {
        if (!e.patterns.every(isPlain)) {
            index.scanned.push(i);
            continue;
        }
        for (const name of new Set(e.patterns.map((p) => p.toLowerCase()))) {
            const list = index.byName.get(name);
            if (list)
                list.push(i);
            else
                index.byName.set(name, [i]);
        }
    }
    indexes.set(entries, index);
    return index;
}
/** The keys known for `host` on `port`, in file order. */
function keysForHost(entries, host, port) {
    const name = hostKeyName(host, port);
    const index = indexOf(entries);
    const candidates = [...(index.byName.get(name.toLowerCase()) ?? []), ...index.scanned].sort((a, b) => a - b);
    return candidates
        .map((i) => entries[i])
        .filter((e) => entryMatches(e, name))
        .map(({ type, blob, revoked }) => ({ type, blob, revoked }));
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

/***/ 2042:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ runLocal)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
// Commands run on the runner itself (the image build): one /bin/sh process per command, in its own
// process group so that a cancel stops everything it started, its output streamed as it comes and
// kept (its tail) for the caller. Like ssh.ts it carries bytes: it knows no config and no commands.

/** A build log can be large: only its end is kept for error messages and parsing. */
const KEEP = 512 * 1024;
/** Runs `command` under /bin/sh; resolves whatever its exit code (127: a program is missing). */
function runLocal(command, opts) {
    return new Promise((resolve) => {
        let output = '';
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('/bin/sh', ['-c', command], {
            cwd: opts.cwd,
            env: opts.env,
            stdio: ['pipe', 'pipe', 'pipe'],
            detached: true
        });
        const onData = (d) => {
            const text = d.toString('utf8');
            output = (output + text).slice(-KEEP);
            opts.onOutput?.(text);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        // The process group: docker and whatever it started (a credential helper, buildx).
        const kill = () => {
            try {
                if (child.pid !== undefined)
                    process.kill(-child.pid, 'SIGTERM');
            }
            catch {
                // already gone
            }
        };
        if (opts.signal?.aborted)
            kill();
        opts.signal?.addEventListener('abort', kill, { once: true });
        child.on('error', (e) => {
            output += `${e.message}\n`;
        });
        child.on('close', (code, signal) => {
            opts.signal?.removeEventListener('abort', kill);
            resolve({ code, signal: signal ?? undefined, output });
        });
        child.stdin.on('error', () => undefined); // a command that exits without reading its stdin
        child.stdin.end(opts.stdin ?? '');
    });
}


/***/ }),

/***/ 2845:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  VX: () => (/* binding */ SshPool),
  ko: () => (/* binding */ eachLimited),
  ss: () => (/* binding */ privateKeyProblem)
});

// UNUSED EXPORTS: ConnectionLostError, DEFAULT_SILENCE_TIMEOUT_MS, ExecStarts, ExecTimeoutError, SshError, SshHost, StartGate

// EXTERNAL MODULE: ./node_modules/ssh2/lib/index.js
var lib = __webpack_require__(5472);
var lib_default = /*#__PURE__*/__webpack_require__.n(lib);
// EXTERNAL MODULE: ./src/transport/known-hosts.ts
var known_hosts = __webpack_require__(3808);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/util/endpoint.ts
var endpoint = __webpack_require__(7);
;// CONCATENATED MODULE: ./src/transport/route.ts
// How a connection to one endpoint gets its socket: a TCP connection of ssh2's own (direct), a
// channel forwarded by the SSH connection to a jump host (one connection per jump host, shared by
// every host behind it: `direct-tcpip` channels do not count against sshd's MaxSessions, and one
// handshake at the bastion stays clear of its MaxStartups), or the stdin/stdout of a proxy command
// run on the runner through /bin/sh, as OpenSSH runs ProxyCommand (`exec <command>`).



/** A direct endpoint with the run's user and port (what a host is without any routing). */
function directEndpoint(host, user, port) {
    return {
        name: host,
        address: host,
        port,
        user,
        route: { kind: 'direct' },
        identityFiles: [],
        identitiesOnly: false,
        knownHostsFiles: []
    };
}
const NO_EXPLANATION = () => Promise.resolve(undefined);
/** Opens the socket for `reach.endpoint`: nothing for direct, a forwarded channel, or a proxy command. */
async function openLeg(reach, timeoutMs) {
    const ep = reach.endpoint;
    const route = ep.route;
    if (route.kind === 'direct')
        return { explain: NO_EXPLANATION, close: () => undefined };
    if (route.kind === 'command')
        return spawnProxyCommand(route.command, route.shown);
    // The jump host's own failure (its key, its authentication) is thrown as it is: it names the bastion.
    const sock = await reach.tunnel(route.via).forwardOut(ep.address, ep.port, timeoutMs);
    return { sock, explain: NO_EXPLANATION, close: () => sock.destroy() };
}
/** Every jump host `endpoints` go through, each once, nearest to the runner first. */
function jumpHostsOf(endpoints) {
    const seen = new Map();
    for (const ep of endpoints)
        for (const hop of (0,endpoint/* jumpChain */.I8)(ep))
            seen.set(endpointKey(hop), hop);
    return [...seen.values()];
}
/** Identifies a jump host's connection: who, where, and how it is reached itself. */
function endpointKey(ep) {
    const how = ep.route.kind === 'jump'
        ? `>${endpointKey(ep.route.via)}`
        : ep.route.kind === 'command'
            ? `|${ep.route.command}`
            : '';
    return `${ep.user}@${ep.address}:${ep.port}${how}`;
}
/** What a bastion's refusal to open a channel means (sshd sends the reason code and strerror's text). */
function describeForwardError(err, ep) {
    const text = err.message.replace(/^\(SSH\) Channel open failure: /, '');
    if (err.reason === 1)
        return 'the bastion does not allow TCP forwarding (sshd AllowTcpForwarding)';
    if (/refused/i.test(text))
        return `connection refused (port ${ep.port})`;
    if (/no route|unreachable/i.test(text))
        return 'host unreachable from the bastion';
    if (/timed out/i.test(text))
        return `timed out connecting to port ${ep.port} from the bastion`;
    if (/name|not known|resolve/i.test(text))
        return 'host name not found by the bastion';
    return text;
}
/** The leg's name for errors: `host 10.0.1.5 via bastion b`. */
function legLabel(reach) {
    return (0,endpoint/* legName */.ue)(reach.endpoint, reach.role);
}
/** How much of a proxy command's stderr is kept (its end), and shown on failure (its last lines). */
const STDERR_KEEP = 8192;
const STDERR_LINES = 10;
/**
 * Runs a proxy command as OpenSSH does (`/bin/sh -c 'exec <command>'`) in a process group of its
 * own, so that ending it also ends whatever a wrapper script started.
 */
function spawnProxyCommand(command, shown) {
    const child = (0,external_node_child_process_.spawn)('/bin/sh', ['-c', `exec ${command}`], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
        stderr = (stderr + d).slice(-STDERR_KEEP);
    });
    const exited = new Promise((resolve) => {
        child.on('error', (error) => resolve({ code: null, signal: null, error }));
        child.on('exit', (code, signal) => resolve({ code, signal }));
    });
    // Writes after the command exited fail with EPIPE: the exit tells the story, not the pipe.
    child.stdin.on('error', () => undefined);
    const sock = external_node_stream_.Duplex.from({ readable: child.stdout, writable: child.stdin });
    // A pipe closed under it ("premature close") is the command ending: explain() tells that story.
    sock.on('error', () => undefined);
    let closing = false;
    let stdoutEnded = false;
    child.stdout.on('end', () => (stdoutEnded = true));
    // Explained only when the command ended (or is ending: its stdout closed); otherwise ssh2 says why.
    const explain = async () => {
        if (closing || (!stdoutEnded && child.exitCode === null && child.signalCode === null))
            return undefined;
        // The command's exit may come just after ssh2 saw its stdout end.
        const timer = new Promise((resolve) => setTimeout(() => resolve(undefined), 2000).unref());
        const result = await Promise.race([exited, timer]);
        if (!result)
            return undefined;
        const tail = stderr.trim().split('\n').slice(-STDERR_LINES).join('\n');
        const how = result.error
            ? `could not be started (${result.error.message})`
            : result.signal
                ? `was killed by ${result.signal}`
                : `exited ${result.code}`;
        return `proxy command '${shown}' ${how}${tail ? `: ${tail}` : ' (nothing on stderr)'}`;
    };
    return { sock, explain, close: () => ((closing = true), endProcess(child)) };
}
/** SIGTERM to the command's process group, SIGKILL 2 s later if it is still there; the run does not wait for it. */
function endProcess(child) {
    const pid = child.pid;
    child.stdin?.destroy();
    child.stdout?.destroy();
    child.stderr?.destroy();
    if (pid === undefined || child.exitCode !== null || child.signalCode !== null)
        return;
    const signal = (s) => {
        try {
            process.kill(-pid, s);
        }
        catch {
            // Already gone.
        }
    };
    signal('SIGTERM');
    const timer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null)
            signal('SIGKILL');
    }, 2000);
    timer.unref();
    child.unref();
}

;// CONCATENATED MODULE: ./src/transport/ssh.ts



/** A host that stopped answering is found within this, unless the run allows more (`ssh-timeout`). */
const DEFAULT_SILENCE_TIMEOUT_MS = 40_000;
class SshError extends Error {
    host;
    /** `leg` names the connection that failed when it is not the host's own: `host X via bastion B`, `bastion B`. */
    constructor(host, message, leg = `host ${host}`) {
        super(`${leg}: ${message}`);
        this.host = host;
        this.name = 'SshError';
    }
}
/** The connection went away while a command ran: its result, and the host's state, are unknown. */
class ConnectionLostError extends SshError {
    constructor(host, reason, during) {
        super(host, `connection lost (${reason})${during ? ` during ${during}` : ''}`);
        this.name = 'ConnectionLostError';
    }
}
/** A command ran longer than its bound; its channel was closed. */
class ExecTimeoutError extends SshError {
    constructor(host, seconds, during) {
        super(host, `${during ?? 'command'} did not finish within ${seconds} s; gave up on it`);
        this.name = 'ExecTimeoutError';
    }
}
/** OpenSSH allows 10 sessions per connection (MaxSessions); stay below it. */
const MAX_CHANNELS = 8;
class SshHost {
    host;
    creds;
    reach;
    starts;
    execs;
    /** Every exec this run sent to the host (the round-trip count the benchmark reports). */
    execCount = 0;
    /** When the TCP connection was started, in ms since the process started (for start-up timing). */
    connectStartedAt;
    client;
    connecting;
    active = 0;
    waiting = [];
    closed = false;
    leg;
    /** Why the last connection went away when we did not close it (the next exec connects again). */
    lost;
    /** A connection whose handshake is under way. */
    handshaking;
    constructor(host, creds, reach = {
        endpoint: directEndpoint(host, creds.user, creds.port),
        role: 'host',
        tunnel: () => {
            throw new Error('no jump hosts');
        }
    }, 
    /** Paces the handshakes of a pool (see SshPool); none: start at once. */
    starts, 
    /** Counts the pool's execs whose channel is opening (see ExecStarts). */
    execs) {
        this.host = host;
        this.creds = creds;
        this.reach = reach;
        this.starts = starts;
        this.execs = execs;
    }
    connect() {
        this.connecting ??= this.starts ? this.starts.run(() => this.open()) : this.open();
        return this.connecting;
    }
    get silenceMs() {
        return this.creds.silenceTimeoutMs ?? DEFAULT_SILENCE_TIMEOUT_MS;
    }
    async open() {
        this.connectStartedAt = performance.now();
        // Where and how (route.ts): the endpoint's address, user and port, and its socket.
        const ep = this.reach.endpoint;
        const creds = { ...this.creds, ...endpointCredentials(this.creds, ep) };
        const label = legLabel(this.reach);
        const leg = await openRoute(this.reach, creds.connectTimeoutMs, label, this.host);
        this.leg = leg;
        if (this.closed) {
            leg.close();
            throw new SshError(this.host, 'connection is closed', label);
        }
        const keys = (0,known_hosts/* keysForHost */.Kp)(creds.knownHosts, ep.address, ep.port);
        // An ssh config's ServerAlive* settings, else ssh-timeout: a keepalive every quarter of it.
        const keepalive = ep.keepalive ?? { intervalMs: this.silenceMs / 4, countMax: 3 };
        const silence = keepalive.intervalMs * (keepalive.countMax + 1);
        let rejection;
        const algorithms = (0,known_hosts/* hostKeyAlgorithms */.Qb)(keys);
        const config = {
            host: ep.address,
            port: ep.port,
            username: ep.user,
            readyTimeout: creds.connectTimeoutMs,
            // The (countMax+1)th keepalive interval without an answer ends the connection (see silence).
            keepaliveInterval: keepalive.intervalMs,
            keepaliveCountMax: keepalive.countMax,
            hostVerifier: (key) => {
                const verdict = (0,known_hosts/* verifyHostKey */.Hj)(keys, key, ep.address, ep.port);
                if (!verdict.ok)
                    rejection = verdict.reason;
                return verdict.ok;
            },
            // Offer only the key types we can verify, so the server cannot pick an unpinned one.
            ...(algorithms.length > 0
                ? { algorithms: { serverHostKey: algorithms } }
                : {}),
            ...authConfig(creds, ep, this.reach.role),
            ...(leg.sock ? { sock: leg.sock } : {})
        };
        // A proxy command that ended says why (its exit and stderr) better than ssh2 can.
        const failure = (fallback) => leg
            .explain()
            .then((why) => why
            ? new SshError(this.host, why, `${this.reach.role} ${this.host}`)
            : new SshError(this.host, rejection ?? fallback, label));
        return new Promise((resolve, reject) => {
            const client = new lib.Client();
            this.handshaking = client;
            let ready = false;
            client.on('ready', () => {
                ready = true;
                this.handshaking = undefined;
                if (this.closed) {
                    client.destroy();
                    reject(new SshError(this.host, 'connection is closed'));
                    return;
                }
                this.client = client;
                this.lost = undefined;
                resolve();
            });
            client.on('error', (err) => {
                // Later errors end the connection: the channels that were open close and name the reason.
                if (ready)
                    this.lost ??= describeLostConnection(err, silence);
                else
                    void failure(describeConnectError(err, creds)).then(reject);
            });
            client.on('close', () => {
                if (this.client === client) {
                    this.client = undefined;
                    // A connection we did not close: the next exec opens a new one (and a new leg).
                    if (!this.closed) {
                        this.lost ??= 'closed by the remote side';
                        this.connecting = undefined;
                        leg.close();
                    }
                }
                if (!ready) {
                    if (this.handshaking === client)
                        this.handshaking = undefined;
                    void failure('connection closed during handshake').then(reject);
                }
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
    /**
     * Runs a command; resolves with its result whatever the exit code. Rejects when the connection
     * goes away while it runs (ConnectionLostError) or it outlives `timeoutMs` (ExecTimeoutError).
     */
    async exec(command, opts = {}) {
        await this.connect();
        await this.acquireChannel();
        try {
            const client = this.client;
            if (!client || this.closed)
                throw this.lost
                    ? new ConnectionLostError(this.host, this.lost, opts.label)
                    : new SshError(this.host, 'connection is closed');
            this.execCount++;
            this.execs?.opening();
            const channel = await new Promise((resolve, reject) => client.exec(command, (err, ch) => {
                this.execs?.opened();
                if (err)
                    reject(this.lost
                        ? new ConnectionLostError(this.host, this.lost, opts.label)
                        : new SshError(this.host, err.message));
                else
                    resolve(ch);
            }));
            return await new Promise((resolve, reject) => {
                const out = [];
                const err = [];
                let timedOut = false;
                const timer = opts.timeoutMs === undefined
                    ? undefined
                    : setTimeout(() => {
                        timedOut = true;
                        channel.close();
                    }, opts.timeoutMs);
                channel.on('data', (d) => {
                    out.push(d);
                    opts.onStdout?.(d);
                });
                channel.stderr.on('data', (d) => {
                    err.push(d);
                });
                channel.on('error', (e) => reject(new SshError(this.host, e.message)));
                // 'exit' is optional in the protocol and may come before the last data: settle on 'close'.
                channel.on('close', (code, signal) => {
                    clearTimeout(timer);
                    const exited = typeof code === 'number' || signal !== undefined;
                    if (!exited && timedOut)
                        reject(new ExecTimeoutError(this.host, Math.round((opts.timeoutMs ?? 0) / 1000), opts.label));
                    else if (!exited && this.lost)
                        reject(new ConnectionLostError(this.host, this.lost, opts.label));
                    else
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
    /** A channel to `address:port` forwarded by this host (a jump host), for a connection behind it. */
    async forwardOut(address, port, timeoutMs) {
        await this.connect();
        const client = this.client;
        if (!client || this.closed)
            throw new SshError(this.host, 'connection is closed', legLabel(this.reach));
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000}s connecting to port ${port} from the bastion`)), timeoutMs);
            client.forwardOut('127.0.0.1', 0, address, port, (err, channel) => {
                clearTimeout(timer);
                if (err)
                    reject(err);
                else
                    resolve(channel);
            });
        });
    }
    /**
     * Ends the connection (and a handshake still under way). A host that stopped answering never
     * acknowledges the goodbye, and its half-closed socket would keep the process alive for the
     * kernel's retries (minutes): the socket is destroyed CLOSE_GRACE_MS later in any case.
     */
    close() {
        this.closed = true;
        for (const client of [this.client, this.handshaking]) {
            if (!client)
                continue;
            client.end();
            setTimeout(() => client.destroy(), CLOSE_GRACE_MS).unref();
        }
        this.client = undefined;
        this.handshaking = undefined;
        this.leg?.close();
    }
}
/** The endpoint's user, port and timeout, and the known-hosts lines its ssh config adds. */
function endpointCredentials(creds, ep) {
    const extra = ep.knownHostsFiles.flatMap((f) => (0,known_hosts/* parseKnownHosts */.uJ)(creds.files?.get(f) ?? ''));
    return {
        user: ep.user,
        port: ep.port,
        connectTimeoutMs: ep.connectTimeoutMs ?? creds.connectTimeoutMs,
        ...(extra.length > 0 ? { knownHosts: [...creds.knownHosts, ...extra] } : {})
    };
}
/** The socket for the endpoint, or an error naming the leg that failed (a jump host names itself). */
async function openRoute(reach, timeoutMs, label, host) {
    try {
        return await openLeg(reach, timeoutMs);
    }
    catch (e) {
        if (e instanceof SshError)
            throw e;
        const err = e;
        throw new SshError(host, /Channel open failure/.test(err.message) ? describeForwardError(err, reach.endpoint) : err.message, label);
    }
}
/** Every key in order (the run's own, then the endpoint's IdentityFiles), then the agent unless IdentitiesOnly. */
function authConfig(creds, ep, role) {
    const keys = [...creds.privateKeys, ...ep.identityFiles.flatMap((f) => creds.files?.get(f) ?? [])];
    const agent = ep.identitiesOnly ? undefined : creds.agent;
    const methods = keys.map((key) => ({ type: 'publickey', username: ep.user, key }));
    if (agent)
        methods.push({ type: 'agent', username: ep.user, agent });
    // The agent is forwarded to app hosts only, never to a jump host (which only forwards TCP).
    const forward = creds.forwardAgent === true && agent !== undefined && role === 'host';
    return { authHandler: methods, ...(forward ? { agent, agentForward: true } : {}) };
}
/** How long a closing connection may wait for the host's goodbye. */
const CLOSE_GRACE_MS = 1000;
/** Why an established connection ended, as the error on the command that was running says it. */
function describeLostConnection(err, silenceMs) {
    if (err.level === 'client-timeout')
        return `no answer for ${Math.round(silenceMs / 1000)} s`;
    if (err.code === 'ECONNRESET')
        return 'reset by the remote side';
    if (err.code === 'EPIPE')
        return 'closed by the remote side';
    return err.message;
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
        return `authentication failed for user ${creds.user} (publickey); check ssh-private-key (or ssh.keys, ssh.key_data, the agent) and the server's authorized_keys`;
    if (/Timed out while waiting for handshake/.test(err.message))
        return `timed out after ${creds.connectTimeoutMs / 1000}s waiting for the SSH handshake`;
    if (/Cannot parse privateKey/.test(err.message))
        return `cannot read ssh-private-key (${err.message}); give the whole key in OpenSSH or PEM format, header and footer lines included`;
    return err.message;
}
/** Why ssh2 cannot use `text` as a private key (unreadable, or encrypted: no passphrase can be given), if it cannot. */
function privateKeyProblem(text) {
    // ssh2 is CommonJS: its `utils` is reached through the default export.
    const parsed = lib_default().utils.parseKey(text);
    if (parsed instanceof Error)
        return /passphrase/i.test(parsed.message)
            ? 'the key is encrypted, and this action cannot give a passphrase: use a key without one, or an ssh-agent holding it'
            : `${parsed.message}; give the whole key in OpenSSH or PEM format, header and footer lines included`;
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    return key?.isPrivateKey() ? undefined : 'not a private key';
}
/**
 * At most `limit` SSH handshakes in flight (TCP connect to authenticated), the others wait their
 * turn: Kamal's `sshkit.max_concurrent_starts` semaphore around `Net::SSH.start`. Only the start is
 * paced; an open connection does not hold a slot, and ssh2's readyTimeout starts once a slot is held.
 */
class StartGate {
    limit;
    running = 0;
    queue = [];
    constructor(limit) {
        this.limit = limit;
    }
    async run(start) {
        if (this.running >= this.limit)
            await new Promise((resolve) => this.queue.push(resolve));
        else
            this.running++;
        try {
            return await start();
        }
        finally {
            const next = this.queue.shift();
            if (next)
                next();
            else
                this.running--;
        }
    }
}
/**
 * Tells when every exec asked for so far runs on its host (its channel open, the command sent):
 * the action loads what it does not need before then (@actions/core, ≈ 50 ms of CPU) only at that
 * moment, so that the loading holds up no handshake or channel opening.
 */
class ExecStarts {
    pending = 0;
    waiting = [];
    opening() {
        this.pending++;
    }
    opened() {
        this.pending--;
        if (this.pending > 0)
            return;
        const waiting = this.waiting;
        this.waiting = [];
        for (const fn of waiting)
            fn();
    }
    /** Calls `fn` once, the next time no exec is opening after one was. */
    once(fn) {
        this.waiting.push(fn);
    }
}
/** All the hosts of a run, connected lazily; at most `limit` handshakes at a time (StartGate). */
class SshPool {
    creds;
    limit;
    endpoint;
    hosts = new Map();
    execs = new ExecStarts();
    /** One connection per jump host, shared by every host behind it (not paced: a host waiting
     * for its bastion must not hold the start slot the bastion needs). */
    jumps = new Map();
    starts;
    /** `endpoint` says how each host is reached (default: directly, with the credentials' user and port). */
    constructor(creds, limit, endpoint = (host) => directEndpoint(host, creds.user, creds.port)) {
        this.creds = creds;
        this.limit = limit;
        this.endpoint = endpoint;
        this.starts = new StartGate(limit);
    }
    get(host) {
        let h = this.hosts.get(host);
        if (!h) {
            h = new SshHost(host, this.creds, this.reach(this.endpoint(host), 'host'), this.starts, this.execs);
            this.hosts.set(host, h);
        }
        return h;
    }
    reach(endpoint, role) {
        return { endpoint, role, tunnel: (via) => this.jumpHost(via) };
    }
    jumpHost(via) {
        const key = endpointKey(via);
        let h = this.jumps.get(key);
        if (!h) {
            h = new SshHost(via.name, this.creds, this.reach(via, 'bastion'));
            this.jumps.set(key, h);
        }
        return h;
    }
    /**
     * Connects every jump host the hosts go through and throws the first failure (`bastion B: …`):
     * an unknown or changed bastion key stops the run before any host is touched.
     */
    async jumpHostsReady(hosts) {
        const hops = jumpHostsOf(hosts.map((h) => this.endpoint(h)));
        const settled = await Promise.allSettled(hops.map((hop) => this.jumpHost(hop).connect()));
        const failed = settled.find((s) => s.status === 'rejected');
        if (failed)
            throw failed.reason;
    }
    /**
     * Connects to every host (at most `limit` handshakes at once) and returns the hosts that failed,
     * each with its error: the preflight before anything runs anywhere.
     */
    async connectAll(hosts) {
        const settled = await eachLimited(hosts, this.limit, (h) => this.get(h).connect());
        return hosts.flatMap((host, i) => {
            const s = settled[i];
            const error = s?.status === 'rejected' ? s.reason : undefined;
            return s?.status === 'rejected' ? [{ host, error }] : [];
        });
    }
    /** Calls `fn` once every exec asked for so far runs on its host (see ExecStarts). */
    whenExecsStarted(fn) {
        this.execs.once(fn);
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
        for (const h of this.jumps.values())
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

/***/ 7:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I8: () => (/* binding */ jumpChain),
/* harmony export */   TB: () => (/* binding */ showCommand),
/* harmony export */   fx: () => (/* binding */ describeRoute),
/* harmony export */   ue: () => (/* binding */ legName)
/* harmony export */ });
// How one SSH endpoint is reached: the words the config layer resolves (deploy.yml's ssh section
// and OpenSSH config files) and the transport connects by. Shared by both, so it lives here.
/** The first word of a command and an ellipsis: a command line may hold a token, so no more is shown. */
function showCommand(command) {
    const words = command.trim().split(/\s+/);
    return words.length > 1 ? `${words[0]} …` : (words[0] ?? '');
}
/** `a`, `a:2222` — a jump host as messages name it. */
function hopName(ep) {
    return ep.port === 22 ? ep.name : `${ep.name}:${ep.port}`;
}
/** The jump hosts on the way to `ep`, first hop first. */
function jumpChain(ep) {
    const chain = [];
    for (let r = ep.route; r.kind === 'jump'; r = r.via.route)
        chain.unshift(r.via);
    return chain;
}
/** How `ep` is reached: `direct`, `via bastion a → b`, `via proxy command 'cloudflared …'`. */
function describeRoute(ep) {
    const chain = jumpChain(ep);
    const first = chain[0] ?? ep;
    const tail = first.route.kind === 'command' ? ` (itself via proxy command '${first.route.shown}')` : '';
    if (chain.length > 0)
        return `via bastion ${chain.map(hopName).join(' → ')}${tail}`;
    return ep.route.kind === 'command' ? `via proxy command '${ep.route.shown}'` : 'direct';
}
/** Names one leg for an error: `host 10.0.1.5`, `host 10.0.1.5 via bastion b`, `bastion b`. */
function legName(ep, role) {
    const route = describeRoute(ep);
    return `${role} ${role === 'host' ? ep.name : hopName(ep)}${route === 'direct' ? '' : ` ${route}`}`;
}


/***/ }),

/***/ 7432:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R7: () => (/* binding */ expandTokens),
/* harmony export */   gz: () => (/* binding */ TokenError),
/* harmony export */   mL: () => (/* binding */ unknownToken)
/* harmony export */ });
// OpenSSH's `%` tokens (ssh_config(5) TOKENS): `%h` host, `%p` port, `%r` remote user, `%n` the host
// name as originally given, `%d` the local home directory, `%%` a literal `%`. Each setting allows
// its own set; an unknown token is an error, as in OpenSSH and Net::SSH::Proxy::Command.
class TokenError extends Error {
    token;
    constructor(token) {
        super(`unknown token %${token}`);
        this.token = token;
        this.name = 'TokenError';
    }
}
/** Replaces every `%x` with `values[x]` (`%%` is `%`); throws TokenError for a token it does not know. */
function expandTokens(template, values) {
    return template.replace(/%(.?)/gs, (_, t) => {
        if (t === '%')
            return '%';
        const value = values[t];
        if (value === undefined)
            throw new TokenError(t === '' ? '' : t);
        return value;
    });
}
/** The first token of `template` that is not among `allowed` (`%` is always allowed), if any. */
function unknownToken(template, allowed) {
    for (const m of template.matchAll(/%(.?)/gs)) {
        const t = m[1] ?? '';
        if (t !== '%' && !allowed.includes(t === '' ? '\0' : t))
            return t;
    }
    return undefined;
}


/***/ }),

/***/ 7656:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jj: () => (/* binding */ cut),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   jN: () => (/* binding */ isHash)
/* harmony export */ });
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
