// electron-builder afterPack hook (build/electron-builder.yml): fails the build when the packed app
// lacks a native part it needs at run time, outside the asar archive, for the platform and
// architecture being built. The ffmpeg/ffprobe binaries come from per-platform npm packages that
// npm installs only for the machine it runs on (optionalDependencies of @ffmpeg-installer/ffmpeg and
// @ffprobe-installer/ffprobe), so building a Windows installer on Linux, say, would otherwise
// produce an app that cannot de-identify anything.
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';

// builder-util's Arch enum: ia32 = 0, x64 = 1, armv7l = 2, arm64 = 3, universal = 4.
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** Paths under app.asar.unpacked the app needs on `platform` (Node's names) and `arch`. */
export function requiredUnpacked(platform, arch) {
  const exe = platform === 'win32' ? '.exe' : '';
  const ffArch = arch === 'armv7l' ? 'arm' : arch;
  return [
    `node_modules/better-sqlite3/prebuilds/${platform}-${arch}.node`,
    `node_modules/@ffmpeg-installer/${platform}-${ffArch}/ffmpeg${exe}`,
    `node_modules/@ffprobe-installer/${platform}-${ffArch}/ffprobe${exe}`,
  ];
}

export function resourcesDir(context) {
  const platform = context.electronPlatformName;
  if (platform === 'darwin' || platform === 'mas') {
    return path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`, 'Contents', 'Resources');
  }
  return path.join(context.appOutDir, 'resources');
}

/** Missing or unusable required files, as messages; empty when all is well. */
export async function checkPackedBinaries(resources, platform, arch) {
  const problems = [];
  const archs = arch === 'universal' ? ['x64', 'arm64'] : [arch];
  for (const a of archs) {
    for (const relative of requiredUnpacked(platform, a)) {
      const file = path.join(resources, 'app.asar.unpacked', relative);
      try {
        if (!(await stat(file)).isFile()) throw new Error('not a file');
        if (platform !== 'win32' && !relative.endsWith('.node')) await access(file, constants.X_OK);
      } catch {
        problems.push(`${relative} is missing or not executable outside the asar archive`);
      }
    }
  }
  return problems;
}

export async function afterPack(context) {
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  const problems = await checkPackedBinaries(resourcesDir(context), platform, arch);
  if (problems.length > 0) {
    throw new Error(
      `The ${platform}-${arch} package lacks native parts Blindfold needs:\n  ${problems.join('\n  ')}\n` +
        `Build each platform's installer on that platform (npm ci there installs its ffmpeg/ffprobe packages), ` +
        `or install them first with: npm install --no-save --os=${platform} --cpu=${arch} @ffmpeg-installer/${platform}-${arch} @ffprobe-installer/${platform}-${arch}`,
    );
  }
}

export default afterPack;
