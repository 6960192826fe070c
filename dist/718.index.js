export const id = 718;
export const ids = [718];
export const modules = {

/***/ 7718:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/* harmony import */ var _commands_build_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9794);
/* harmony import */ var _commands_boot_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2868);
/* harmony import */ var _commands_script_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8827);
/* harmony import */ var _flows_context_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8029);
/* harmony import */ var _flows_lock_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9990);
/* harmony import */ var _flows_remote_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6871);
/* harmony import */ var _transport_local_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2042);
/* harmony import */ var _transport_ssh_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2845);
/* harmony import */ var _util_values_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(7656);
/* harmony import */ var _config_secrets_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(992);
/* harmony import */ var _prepare_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(6835);
/* harmony import */ var _ssh_setup_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(1477);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(3175);
// The post step: if main was killed while holding the deploy lock, release it — but only the lock
// this run took (its token is in the lock details), never one someone else took since.













async function post(env = process.env) {
    const core = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(421)]).then(__webpack_require__.bind(__webpack_require__, 6421));
    await logOutRunner(core, env);
    const saved = core.getState(_state_js__WEBPACK_IMPORTED_MODULE_11__/* .STATE */ .c.lock);
    if (!saved || core.getState(_state_js__WEBPACK_IMPORTED_MODULE_11__/* .STATE */ .c.lockReleased) === 'true')
        return;
    if (core.getState(_state_js__WEBPACK_IMPORTED_MODULE_11__/* .STATE */ .c.lockKept) === 'true') {
        core.info('The deploy lock was kept on purpose (hold-lock-on-error): release it with command: lock-release');
        return;
    }
    const lock = JSON.parse(saved);
    let pool;
    try {
        // The command line (and its aliases) may name the destination: resolved as the main step did.
        const { inputs, config, workingDirectory } = (0,_prepare_js__WEBPACK_IMPORTED_MODULE_9__/* .resolveRun */ .Uf)(env);
        const targets = (0,_flows_context_js__WEBPACK_IMPORTED_MODULE_3__/* .selectTargets */ .Dv)(config, inputs.hosts, inputs.roles);
        const all = [...new Set([lock.host, ...targets.appHosts])];
        // The hosts are reached as main reached them (jump hosts, proxy command, the same keys).
        const routes = (0,_ssh_setup_js__WEBPACK_IMPORTED_MODULE_10__/* .sshRoutes */ .B)(config, all, workingDirectory, env);
        const names = (0,_config_secrets_js__WEBPACK_IMPORTED_MODULE_8__/* .sshKeySecrets */ .tc)(config);
        const secrets = names.length > 0
            ? (0,_config_secrets_js__WEBPACK_IMPORTED_MODULE_8__/* .resolveNames */ .jN)(names, (0,_config_secrets_js__WEBPACK_IMPORTED_MODULE_8__/* .readSecretFiles */ .EH)(workingDirectory, config.secretsPath, config.destination, env), env)
            : new Map();
        for (const value of secrets.values())
            core.setSecret(value);
        const { creds } = (0,_ssh_setup_js__WEBPACK_IMPORTED_MODULE_10__/* .sshCredentials */ .r)(inputs, config, env, { workingDirectory, secrets, routes, hosts: all });
        pool = new _transport_ssh_js__WEBPACK_IMPORTED_MODULE_7__/* .SshPool */ .VX(creds, Math.max(1, config.maxConcurrentStarts), routes.endpoint);
        const hosts = (0,_flows_remote_js__WEBPACK_IMPORTED_MODULE_5__/* .sshHostPool */ .L)(pool);
        // First the run's boot scripts that may still run (they stop on their own once main's
        // connections are gone, within seconds): the lock is released only once none runs behind it.
        await stopRunScripts(core, hosts, targets.appHosts, lock.token);
        const outcome = await (0,_flows_lock_js__WEBPACK_IMPORTED_MODULE_4__/* .releaseOwnLock */ .LD)(hosts.get(lock.host), config, { name: '', token: lock.token });
        if (outcome === 'released')
            core.warning(`The main step ended without releasing the deploy lock ${lock.path} on ${lock.host}; released it now`);
        else
            core.info(`Deploy lock ${lock.path} on ${lock.host}: ${outcome === 'absent' ? 'not there' : 'held by another run, left alone'}`);
    }
    catch (error) {
        core.setFailed(`Could not release the deploy lock ${lock.path} on ${lock.host}: ${(0,_util_values_js__WEBPACK_IMPORTED_MODULE_12__/* .errorMessage */ .gJ)(error)}`);
    }
    finally {
        pool?.closeAll();
    }
}
/** A main step killed between the build's login and logout: the runner keeps no registry credential. */
async function logOutRunner(core, env) {
    const saved = core.getState(_state_js__WEBPACK_IMPORTED_MODULE_11__/* .STATE */ .c.runnerLogin);
    if (!saved || core.getState(_state_js__WEBPACK_IMPORTED_MODULE_11__/* .STATE */ .c.runnerLoggedOut) === 'true')
        return;
    const { server } = JSON.parse(saved);
    const name = server ?? 'Docker Hub';
    const result = await (0,_transport_local_js__WEBPACK_IMPORTED_MODULE_6__/* .runLocal */ .R)((0,_commands_build_js__WEBPACK_IMPORTED_MODULE_0__/* .runnerLogout */ .NO)(server ?? undefined).command, { cwd: process.cwd(), env });
    if (result.code === 0)
        core.info(`Logged the runner out of ${name} (the main step ended before it could)`);
    else
        core.warning(`Could not log the runner out of ${name}: ${result.output.trim()}`);
}
/** How long the post step waits for a killed main step's boot scripts to end, per host. */
const POST_STOP_SECONDS = 15;
async function stopRunScripts(core, hosts, appHosts, token) {
    const settled = await (0,_transport_ssh_js__WEBPACK_IMPORTED_MODULE_7__/* .eachLimited */ .ko)(appHosts, hosts.limit, async (host) => {
        const result = await hosts
            .get(host)
            .exec((0,_commands_script_js__WEBPACK_IMPORTED_MODULE_2__/* .single */ .J0)((0,_commands_boot_js__WEBPACK_IMPORTED_MODULE_1__/* .stopRunScriptsAndWait */ .yp)(token, POST_STOP_SECONDS)), "stop this run's scripts", {
            timeoutSeconds: POST_STOP_SECONDS + 15
        });
        if (result.code !== 0)
            throw new Error(`host ${host}: a boot of this run was still running after ${POST_STOP_SECONDS} s`);
    });
    for (const s of settled)
        if (s.status === 'rejected')
            core.warning(`Could not make sure no boot of this run still runs: ${(0,_util_values_js__WEBPACK_IMPORTED_MODULE_12__/* .errorMessage */ .gJ)(s.reason)}`);
}


/***/ })

};
