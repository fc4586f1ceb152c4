/**
 * Which Electron build of better-sqlite3 a package needs, from electron-builder's beforePack
 * context. A native addon is compiled on the platform it runs on, so a package for another
 * platform (or a universal macOS one, which would need both architectures merged) is refused
 * with a clear reason instead of shipping an addon that cannot load.
 */

/** electron-builder's platform names, as Node's. */
const NODE_PLATFORMS: Record<string, string> = {
  darwin: 'darwin',
  mas: 'darwin',
  linux: 'linux',
  win32: 'win32',
};

/**
 * @example packTarget('linux', 'x64', process.platform) // { platform: 'linux', arch: 'x64' }
 */
export function packTarget(
  electronPlatformName: string,
  arch: string,
  hostPlatform: string,
): { platform: string; arch: string } {
  const platform = NODE_PLATFORMS[electronPlatformName] ?? electronPlatformName;
  if (platform !== hostPlatform) {
    throw new Error(
      `better-sqlite3 cannot be built for ${platform} on ${hostPlatform}: build each platform's package on that platform`,
    );
  }
  if (arch === 'universal') {
    throw new Error(
      'a universal macOS package is not supported: build x64 and arm64 packages separately',
    );
  }
  return { platform, arch };
}
