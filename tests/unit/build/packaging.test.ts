// The installers' configuration (issue 8), verified as far as possible without downloading Electron:
// build/electron-builder.yml loaded and validated by electron-builder itself; native parts of every
// platform matched by asarUnpack; the afterPack guard; the icon; and — packing a fresh
// `electron-vite build` for Linux with electron-builder's `dir` target over a stand-in Electron
// (electronDist), so nothing is fetched — the exact list of files that would ship: the app, the
// runtime module graph of main complete, native parts unpacked and usable, no sources or tests.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as asar from '@electron/asar';
import type { Configuration } from 'electron-builder';
import { build as electronBuilder, Platform } from 'electron-builder';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { minimatch } from 'minimatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/tempStudy';

const run = promisify(execFile);
/** @electron/fuses' marker before the fuse wire in an Electron binary. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CONFIG = path.join(repo, 'build', 'electron-builder.yml');
const packageJson = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

// electron-builder's own loader and schema check: the code `npm run dist` runs before packing.
const builderConfig = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Configuration>;
  validateConfiguration(config: Configuration, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};

interface AfterPackModule {
  requiredUnpacked(platform: string, arch: string): string[];
  checkPackedBinaries(resources: string, platform: string, arch: string): Promise<string[]>;
  afterPack(context: unknown): Promise<void>;
}
const loadAfterPack = async (): Promise<AfterPackModule> => (await import(pathToFileURL(path.join(repo, 'build', 'afterPack.mjs')).href)) as AfterPackModule;

/** The file as written, parsed by the YAML parser electron-builder itself uses. */
function rawConfig(): Configuration {
  const yaml = createRequire(require.resolve('app-builder-lib/package.json'))('js-yaml') as { load(text: string): unknown };
  return yaml.load(readFileSync(CONFIG, 'utf8')) as Configuration;
}

/** The file as electron-builder loads it for `npm run dist` (files normalised into file sets). */
async function loadConfig(): Promise<Configuration> {
  return builderConfig.getConfig(repo, CONFIG, null);
}

/** Every platform-arch the binary packages support, from their own optionalDependencies. */
function supportedTargets(): { platform: string; arch: string }[] {
  const ffmpeg = JSON.parse(readFileSync(require.resolve('@ffmpeg-installer/ffmpeg/package.json'), 'utf8')) as { optionalDependencies: Record<string, string> };
  const prebuilds = new Set(readdirSync(path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'prebuilds')).map((f) => f.replace(/\.node$/, '')));
  return Object.keys(ffmpeg.optionalDependencies)
    .map((name) => name.replace('@ffmpeg-installer/', ''))
    .filter((target) => prebuilds.has(target))
    .map((target) => {
      const [platform, arch] = target.split('-') as [string, string];
      return { platform, arch };
    });
}

describe('build/electron-builder.yml', () => {
  it('is valid by electron-builder’s own schema and names the installers labs use', async () => {
    const config = await loadConfig();
    await expect(builderConfig.validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.npmRebuild).toBe(false);
    expect(config.afterPack).toBe('./build/afterPack.mjs');
    expect(rawConfig().files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(packageJson.main).toBe('out/main/index.js');
  });

  it('catches a broken configuration (the check is not vacuous)', async () => {
    const config = await loadConfig();
    const typo = { ...config, asarUnpak: config.asarUnpack } as unknown as Configuration;
    await expect(builderConfig.validateConfiguration(typo, { isEnabled: false, add: () => undefined })).rejects.toThrow(/Invalid configuration/);
    const wrongType = { ...config, nsis: { ...config.nsis, oneClick: 'maybe' } } as unknown as Configuration;
    await expect(builderConfig.validateConfiguration(wrongType, { isEnabled: false, add: () => undefined })).rejects.toThrow(/Invalid configuration/);
  });

  it('keeps better-sqlite3 and ffmpeg/ffprobe outside the asar for every platform they support', async () => {
    const config = await loadConfig();
    const patterns = config.asarUnpack as string[];
    const { requiredUnpacked } = await loadAfterPack();
    const targets = supportedTargets();
    expect(targets.map((t) => `${t.platform}-${t.arch}`)).toEqual(expect.arrayContaining(['linux-x64', 'win32-x64', 'darwin-x64', 'darwin-arm64']));
    for (const { platform, arch } of targets) {
      for (const file of requiredUnpacked(platform, arch)) {
        expect(patterns.some((p) => minimatch(file, p, { dot: true })), `${file} is not unpacked`).toBe(true);
      }
    }
  });

  it('the afterPack guard refuses a package that lacks the target platform’s binaries', async () => {
    const { checkPackedBinaries, afterPack, requiredUnpacked } = await loadAfterPack();
    const { dir, cleanup } = tempDir('blindfold-afterpack-');
    try {
      const resources = path.join(dir, 'resources');
      for (const file of requiredUnpacked('linux', 'x64')) {
        const full = path.join(resources, 'app.asar.unpacked', file);
        mkdirSync(path.dirname(full), { recursive: true });
        writeFileSync(full, '');
        chmodSync(full, 0o755);
      }
      expect(await checkPackedBinaries(resources, 'linux', 'x64')).toEqual([]);
      expect(await checkPackedBinaries(resources, 'win32', 'x64')).toHaveLength(3);
      chmodSync(path.join(resources, 'app.asar.unpacked', requiredUnpacked('linux', 'x64')[1]!), 0o644);
      expect(await checkPackedBinaries(resources, 'linux', 'x64')).toEqual([expect.stringMatching(/@ffmpeg-installer\/linux-x64\/ffmpeg is missing or not executable/)]);
      await expect(afterPack({ electronPlatformName: 'win32', arch: 1, appOutDir: dir, packager: { appInfo: { productFilename: 'Blindfold' } } })).rejects.toThrow(
        /win32-x64 package lacks native parts[\s\S]*Build each platform's installer on that platform/,
      );
    } finally {
      cleanup();
    }
  });

  it('has a 512×512 RGBA icon that its script regenerates byte for byte', async () => {
    const png = readFileSync(path.join(repo, 'build', 'icon.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([512, 512, 8, 6]);
    const { iconPng } = (await import(pathToFileURL(path.join(repo, 'build', 'icon.mjs')).href)) as { iconPng(): Buffer };
    expect(iconPng().equals(png)).toBe(true);
  });
});

describe('what `npm run dist` would pack (Linux, from a fresh build, without Electron)', () => {
  let work: string;
  let cleanup: () => void;
  let resources: string;
  let entries: string[];
  let unpackedEntries: Set<string>;
  const freshOut = (): string => path.join(work, 'out');

  beforeAll(async () => {
    ({ dir: work, cleanup } = tempDir('blindfold-pack-'));
    await run(process.execPath, [path.join(repo, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--outDir', freshOut(), '--logLevel', 'warn'], {
      cwd: repo,
    });
    // A stand-in for Electron's unpacked distribution: electron-builder copies it instead of downloading.
    const fakeElectron = path.join(work, 'electron-dist');
    mkdirSync(path.join(fakeElectron, 'resources'), { recursive: true });
    // It carries Electron's fuse wire (the sentinel, version 1, eight fuses at Electron 45's defaults)
    // so that electron-builder flips the fuses in it as in the real binary, and the test reads them back.
    writeFileSync(
      path.join(fakeElectron, 'electron'),
      Buffer.concat([Buffer.from(`#!/bin/sh\nexit 0\n# ${FUSE_SENTINEL}`), Buffer.from([1, 8]), Buffer.from('10110001'), Buffer.from('\n')]),
    );
    chmodSync(path.join(fakeElectron, 'electron'), 0o755);

    const config = rawConfig();
    // The same file list, with `out/**` taken from the fresh build instead of the working tree's out/.
    const files = (config.files as string[]).map((f) => (f === 'out/**' ? { from: freshOut(), to: 'out', filter: ['**/*'] } : f));
    expect(files.filter((f) => typeof f !== 'string')).toHaveLength(1);
    const previousMirror = process.env['ELECTRON_MIRROR'];
    // Belt and braces: were electronDist ever ignored, a download would fail at once instead of fetching.
    process.env['ELECTRON_MIRROR'] = 'http://127.0.0.1:9/';
    try {
      await electronBuilder({
        projectDir: repo,
        targets: Platform.LINUX.createTarget('dir'),
        publish: 'never',
        config: { ...config, files, electronDist: fakeElectron, directories: { ...config.directories, output: path.join(work, 'dist') } },
      });
    } finally {
      if (previousMirror === undefined) delete process.env['ELECTRON_MIRROR'];
      else process.env['ELECTRON_MIRROR'] = previousMirror;
    }
    resources = path.join(work, 'dist', 'linux-unpacked', 'resources');
    const archive = path.join(resources, 'app.asar');
    entries = asar
      .listPackage(archive, { isPack: false })
      .map((e) => e.replace(/^[\\/]/, '').split(path.sep).join('/'))
      .filter((e) => !('files' in asar.statFile(archive, e)));
    unpackedEntries = new Set(entries.filter((e) => (asar.statFile(archive, e) as { unpacked?: boolean }).unpacked === true));
  }, 240_000);
  afterAll(() => cleanup?.());

  const packed = (file: string): boolean => entries.includes(file);
  const onDisk = (file: string): string => path.join(resources, 'app.asar.unpacked', file);

  it('flips the fuses of the packaged binary: no Node mode, no NODE_OPTIONS or --inspect, only the integrity-checked asar', async () => {
    const wire = await getCurrentFuseWire(path.join(resources, '..', 'blindfold'));
    const state = (option: FuseV1Options) => String.fromCharCode(Number(wire[option]));
    expect(state(FuseV1Options.RunAsNode)).toBe('0');
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0');
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0');
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1');
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1');
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe('0');
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe('1');
  });

  it('packs the built app and package.json, and nothing else of the project', () => {
    for (const file of ['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) expect(packed(file), file).toBe(true);
    // The fresh build is what was packed, not whatever the working tree's out/ holds.
    const packedMain = asar.extractFile(path.join(resources, 'app.asar'), 'out/main/index.js');
    expect(packedMain.equals(readFileSync(path.join(freshOut(), 'main', 'index.js')))).toBe(true);
    const built = (dir: string): string[] =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => path.relative(freshOut(), path.join(d.parentPath, d.name)).split(path.sep).join('/'));
    expect(entries.filter((e) => e.startsWith('out/')).sort()).toEqual(built(freshOut()).map((f) => `out/${f}`).sort());
    const own = entries.filter((e) => !e.startsWith('node_modules/'));
    expect(own.filter((e) => !/^out\/(main|preload|renderer)\//.test(e) && e !== 'package.json')).toEqual([]);
    expect(entries.filter((e) => /^(electron|renderer|db|tests|build|bin)\//.test(e))).toEqual([]);
  });

  it('packs no sources, maps, tests tooling or development packages', () => {
    expect(entries.filter((e) => /\.(ts|tsx|mts|cts|map)$/.test(e) || e.endsWith('~'))).toEqual([]);
    expect(entries.filter((e) => /^node_modules\/better-sqlite3\/(deps|src)\//.test(e))).toEqual([]);
    const devOnly = [...Object.keys(packageJson.devDependencies), 'tsx', 'esbuild'];
    expect(devOnly.filter((name) => packed(`node_modules/${name}/package.json`))).toEqual([]);
  });

  it('packs every module main loads at run time, with their dependencies', () => {
    const main = readFileSync(path.join(freshOut(), 'main', 'index.js'), 'utf8');
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'electron']);
    const imported = new Set(
      [...main.matchAll(/(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*)["']([^"'./\s,][^"'\s]*)["']/g)].map((m) => m[1]!).filter((s) => !builtins.has(s) && !builtins.has(s.split('/')[0]!)),
    );
    const nameOf = (spec: string): string => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
    expect([...imported].map(nameOf).sort()).toEqual(expect.arrayContaining(['better-sqlite3', 'fluent-ffmpeg', 'zod']));
    // Walk the dependency graph the way Node resolves it: nested node_modules first, then the top.
    const queue = [...imported].map((spec) => ({ name: nameOf(spec), from: '' }));
    const seen = new Set<string>();
    const missing: string[] = [];
    while (queue.length > 0) {
      const { name, from } = queue.shift()!;
      const candidates: string[] = [];
      for (let dir = from; dir; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') candidates.push(`${dir}/node_modules/${name}`);
      candidates.push(`node_modules/${name}`);
      const found = candidates.find((c) => packed(`${c}/package.json`));
      if (!found) {
        missing.push(`${name} (needed by ${from || 'out/main'})`);
        continue;
      }
      if (seen.has(found)) continue;
      seen.add(found);
      const manifest = JSON.parse(asar.extractFile(path.join(resources, 'app.asar'), `${found}/package.json`).toString('utf8')) as { dependencies?: Record<string, string> };
      for (const dep of Object.keys(manifest.dependencies ?? {})) queue.push({ name: dep, from: found });
    }
    // node-addon-api is better-sqlite3's compile-time header library: packed or not, never loaded.
    expect(missing.filter((m) => !m.startsWith('node-addon-api '))).toEqual([]);
  });

  it('keeps the native parts outside the asar, where they load and run', async () => {
    const { requiredUnpacked } = await loadAfterPack();
    const required = requiredUnpacked('linux', 'x64');
    for (const file of required) {
      expect(unpackedEntries.has(file), `${file} is not marked unpacked in the archive`).toBe(true);
      expect(statSync(onDisk(file)).isFile()).toBe(true);
    }
    for (const file of required.slice(1)) expect(statSync(onDisk(file)).mode & 0o111, `${file} is not executable`).not.toBe(0);
    // What electron/core/media/binaries.ts does with the path @ffprobe-installer reports inside the archive.
    const reported = path.join(resources, 'app.asar', required[2]!);
    const rewritten = reported.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
    const { stdout } = await run(rewritten, ['-version']);
    expect(stdout).toMatch(/^ffprobe version/);
    // better-sqlite3 as packed, loaded from its unpacked folder.
    const Database = createRequire(onDisk('node_modules/better-sqlite3/package.json'))('better-sqlite3') as new (f: string) => {
      prepare(sql: string): { get(): unknown };
      close(): void;
    };
    const db = new Database(':memory:');
    expect(db.prepare("SELECT sqlite_version() AS v, 'ok' AS status").get()).toMatchObject({ status: 'ok' });
    db.close();
  });

  it('reports what ships', () => {
    const packages = new Set(entries.filter((e) => e.startsWith('node_modules/')).map((e) => e.split('/').slice(1, e.split('/')[1]!.startsWith('@') ? 3 : 2).join('/')));
    const rendererOnly = ['react', 'react-dom', 'video.js'].filter((p) => packages.has(p));
    console.info(
      `packed (linux dir target): ${entries.length} files, ${unpackedEntries.size} outside the asar, ${packages.size} packages` +
        (rendererOnly.length ? `; bundled into the renderer yet also packed as dependencies: ${rendererOnly.join(', ')}` : ''),
    );
    expect(entries.length).toBeGreaterThan(10);
  });
});
