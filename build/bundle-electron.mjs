// Bundles the Electron main process and preload with esbuild (npm run build:electron):
//   src-main/electron/main.ts    → dist/main/main.js     ESM (package.json "type": "module"), Node
//   src-main/electron/preload.ts → dist/main/preload.js  CommonJS script for the sandboxed renderer
// plus the window/tray icons from build/ into dist/main/. Externals: electron (provided by the
// runtime) and better-sqlite3 (native: loaded from node_modules, app.asar.unpacked when packaged).
/* global console */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'main');

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const common = {
  bundle: true,
  external: ['electron', 'better-sqlite3'],
  logLevel: 'warning',
  legalComments: 'none',
  // Readable stack traces in the log file.
  minify: false,
  keepNames: true,
  absWorkingDir: root,
};

const main = await build({
  ...common,
  entryPoints: ['src-main/electron/main.ts'],
  outfile: path.join(outDir, 'main.js'),
  platform: 'node',
  format: 'esm',
  target: 'node22',
  // Bundled CommonJS dependencies call require(): give the ES module one.
  banner: {
    js: "import { createRequire as __mlcCreateRequire } from 'node:module'; const require = __mlcCreateRequire(import.meta.url);",
  },
  metafile: true,
});

await build({
  ...common,
  entryPoints: ['src-main/electron/preload.ts'],
  outfile: path.join(outDir, 'preload.js'),
  platform: 'browser',
  format: 'cjs',
  target: 'chrome130',
  external: ['electron'],
});

cpSync(path.join(root, 'build', 'icon.png'), path.join(outDir, 'icon.png'));
cpSync(path.join(root, 'build', 'tray'), path.join(outDir, 'tray'), { recursive: true });

const inputs = Object.keys(main.metafile.inputs);
if (inputs.some((f) => f.includes('node_modules/electron/'))) throw new Error('electron was bundled');
const bytes = Object.values(main.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(
  `dist/main/main.js (${inputs.length} inputs, ${(bytes / 1024).toFixed(0)} KiB), dist/main/preload.js, icons`,
);
