/* global module, __filename, console */
// electron-builder beforePack hook (electron-builder.yml): rebuilds better-sqlite3 for the
// Electron version and architecture being packaged, with @electron/rebuild (a dependency of
// electron-builder). Only here, at packaging time: `npm install` builds it for Node, which is what
// `npm test` needs. The rebuild happens in place in node_modules, so `postdist` in package.json
// rebuilds it for Node again afterwards.

const ARCH = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

module.exports = async function beforePack(context) {
  const path = await import('node:path');
  const { readFileSync } = await import('node:fs');
  const { createRequire } = await import('node:module');
  const { pathToFileURL } = await import('node:url');
  const resolveFrom = createRequire(__filename).resolve;

  const projectDir = context.packager.info.projectDir ?? path.resolve(path.dirname(__filename), '..');
  const electronVersion =
    context.packager.info.framework?.version ??
    JSON.parse(readFileSync(path.join(projectDir, 'node_modules/electron/package.json'), 'utf8')).version;
  const arch = ARCH[context.arch] ?? 'x64';
  const platform = context.electronPlatformName;

  // @electron/rebuild is ESM-only: take the project's, else the one next to electron-builder.
  let entry;
  try {
    entry = resolveFrom('@electron/rebuild', { paths: [projectDir] });
  } catch {
    const builderLib = path.dirname(resolveFrom('app-builder-lib/package.json', { paths: [projectDir] }));
    entry = resolveFrom('@electron/rebuild', { paths: [builderLib] });
  }
  const { rebuild } = await import(pathToFileURL(entry).href);

  console.log(`  • rebuilding better-sqlite3 for Electron ${electronVersion} (${platform} ${arch})`);
  await rebuild({
    buildPath: projectDir,
    electronVersion,
    arch,
    platform,
    onlyModules: ['better-sqlite3'],
    force: true,
  });
};
