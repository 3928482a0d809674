// Imported first by main.ts: sizes libuv's thread pool before anything starts it (libuv reads the
// size once). Export flushes every file before renaming a bundle into place, on this pool; see
// electron/cli/run.cjs for why sixteen threads and what it measured. Whether Electron has started
// the pool before the app's code runs could not be checked here (no Electron binary): if it has,
// exports still work, with four flushes at a time.
process.env.UV_THREADPOOL_SIZE ??= '16';
