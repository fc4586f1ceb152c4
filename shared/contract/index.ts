/**
 * The contract between the UI and its hosts (README, "The app": one contract, two hosts).
 * Pure: no Node, no DOM, no Electron.
 */
export * from './api.js';
export * from './channels.js';
export * from './errors.js';
export * from './events.js';
export * from './media.js';
export * from './models.js';
export * from './operations.js';
export * from './parse-or-throw.js';
