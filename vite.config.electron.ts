import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

// Main and preload for Electron, and (`--mode export-worker`) the export's worker thread: CommonJS,
// Node 20, electron left external, everything else (lowdb is ESM-only) bundled so the packaged app
// needs no node_modules. The worker is a second build so that every file stands alone: one build
// of several entries would share modules through extra chunk files.
export default defineConfig(({ mode }) => {
  const worker = mode === 'export-worker';
  const input: Record<string, string> = worker
    ? // Found beside main.cjs by electron/core/node/export-workers.ts.
      { 'export-worker': 'electron/core/node/export-worker.ts' }
    : { main: 'electron/main/main.ts', preload: 'electron/preload/preload.ts' };
  return {
    build: {
      outDir: 'dist/main',
      emptyOutDir: !worker,
      ssr: true,
      target: 'node20',
      sourcemap: false,
      minify: false,
      rollupOptions: {
        input,
        external: ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
    ssr: { noExternal: true },
  };
});
