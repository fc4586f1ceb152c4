/**
 * What screens use: the contract's ThumbdeskApi plus the two ways of adding images that differ by
 * host behind one method each, so no screen knows which host it runs in.
 */
import type { JobView, ThumbdeskApi } from '../../../shared/contract/index.js';

export type ThumbdeskClient = ThumbdeskApi & {
  /**
   * "Add folder": the desktop asks the native picker for a folder and adds it in place; a
   * browser asks for a folder too and uploads its images. Null when the person cancelled.
   */
  addFolder(): Promise<JobView | null>;
  /**
   * Folders or files dropped on the window. Call it from the drop handler itself (a drop's
   * items are gone once the event returns). Null when nothing usable was dropped.
   */
  addDropped(data: DataTransfer): Promise<JobView | null>;
};
