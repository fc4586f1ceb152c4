/**
 * File and folder names that are never originals. The walk and the watcher both skip them, so a
 * scan and a watch agree on what a source holds; the rule itself lives in shared/, where the
 * browser's folder upload uses it too.
 */
export { isIgnoredName } from '../../../shared/file-names.js';
