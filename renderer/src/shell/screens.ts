/** The window's screens, in sidebar order. */
export const SCREENS = ['library', 'presets', 'jobs', 'cache', 'errors', 'publish'] as const;
export type Screen = (typeof SCREENS)[number];

export const SCREEN_TITLES: Record<Screen, string> = {
  library: 'Library',
  presets: 'Presets',
  jobs: 'Jobs',
  cache: 'Cache',
  errors: 'Errors',
  publish: 'Publish',
};
