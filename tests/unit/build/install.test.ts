// What a fresh `npm install` runs on a lab's machine: every dependency with an install script (or
// with a binding.gyp, for which npm runs an implicit `node-gyp rebuild`) has a recorded decision in
// package.json's allowScripts, and nothing needs a C++ toolchain — better-sqlite3's gyp step is
// denied because its package carries N-API prebuilds for every platform the installers target.
// `npm start` builds once (electron-vite preview builds before it starts).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string>; allowScripts: Record<string, boolean> };
const lock = JSON.parse(readFileSync(path.join(repo, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { hasInstallScript?: boolean }>;
};

const nameOf = (key: string) => key.replace(/^.*node_modules\//, '');

describe('install scripts', () => {
  const scripted = Object.entries(lock.packages)
    .filter(([key, entry]) => key !== '' && entry.hasInstallScript)
    .map(([key]) => nameOf(key));
  const gyp = Object.keys(lock.packages)
    .filter((key) => key !== '' && existsSync(path.join(repo, key, 'binding.gyp')))
    .map(nameOf);

  it('every package with an install script or an implicit node-gyp step has a recorded decision', () => {
    expect(scripted.length).toBeGreaterThan(0);
    expect(gyp).toContain('better-sqlite3');
    expect([...scripted, ...gyp].filter((name) => !(name in pkg.allowScripts))).toEqual([]);
  });

  it('allows only the chmod that makes the bundled ffmpeg and ffprobe executable', () => {
    const allowed = Object.entries(pkg.allowScripts).filter(([, ok]) => ok).map(([name]) => name);
    expect(allowed.filter((name) => !/^@(ffmpeg|ffprobe)-installer\/(darwin|linux)-/.test(name))).toEqual([]);
    expect(allowed).toContain('@ffmpeg-installer/linux-x64');
    expect(allowed).toContain('@ffprobe-installer/darwin-arm64');
  });

  it('needs no compiler: better-sqlite3 ships a prebuild for each installer platform, and its gyp step is denied', () => {
    expect(pkg.allowScripts['better-sqlite3']).toBe(false);
    for (const target of ['linux-x64', 'win32-x64', 'darwin-x64', 'darwin-arm64']) {
      expect(existsSync(path.join(repo, 'node_modules/better-sqlite3/prebuilds', `${target}.node`)), target).toBe(true);
    }
  });
});

describe('scripts', () => {
  it('npm start builds once and opens the app; no dev server is offered', () => {
    expect(pkg.scripts['start']).toBe('electron-vite preview');
    expect(pkg.scripts['dev']).toBeUndefined();
  });

  it('npm test parses the bundles before the tests that import them', () => {
    const steps = pkg.scripts['test']!.split('&&').map((s) => s.trim());
    expect(steps.indexOf('npm run check:bundles')).toBeGreaterThan(steps.indexOf('npm run build'));
    expect(steps.indexOf('npm run check:bundles')).toBeLessThan(steps.indexOf('playwright test'));
  });
});
