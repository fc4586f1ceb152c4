/**
 * Every event a host pushes to the UI, with the zod schema of its payload.
 */
import { z } from 'zod';
import type { EventName } from './channels.js';
import { jobSchema } from './models.js';

export const CATALOG_CHANGES = [
  'sources',
  'originals',
  'presets',
  'derivatives',
  'focal',
  'targets',
  'publications',
  'purges',
] as const;

/** The views a menu or shortcut can open (docs/desktop.md), in sidebar order. */
export const VIEWS = ['library', 'presets', 'jobs', 'cache', 'errors', 'publish', 'edge'] as const;
export type View = (typeof VIEWS)[number];

/** Each view's title, as the sidebar and the View menu name it. */
export const VIEW_TITLES: Record<View, string> = {
  library: 'Library',
  presets: 'Presets',
  jobs: 'Jobs',
  cache: 'Cache',
  errors: 'Errors',
  publish: 'Publish',
  edge: 'Edge caches',
};

export const events = {
  /** A job was queued, moved on, or finished (at most a few times a second per job). */
  jobProgress: jobSchema,
  /** Something the UI shows changed: refetch what you show of it. */
  catalogChanged: z.object({
    what: z.array(z.enum(CATALOG_CHANGES)).min(1),
    /** When the change concerns a few originals only: which. */
    originalIds: z.array(z.number().int().positive()).optional(),
  }),
  /** A native menu item was chosen (desktop host only). */
  menuCommand: z.discriminatedUnion('command', [
    z.object({ command: z.literal('addFolder') }),
    z.object({ command: z.literal('publish') }),
    z.object({ command: z.literal('view'), view: z.enum(VIEWS) }),
  ]),
} satisfies Record<EventName, z.ZodType>;

export type Events = typeof events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export type CatalogChange = EventPayload<'catalogChanged'>;
export type MenuCommand = EventPayload<'menuCommand'>;
