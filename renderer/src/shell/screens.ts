import { VIEW_TITLES, VIEWS, type View } from '../../../shared/contract/events.js';

/** The window's screens, in sidebar order: the views of the contract. */
export const SCREENS = VIEWS;
export type Screen = View;

export const SCREEN_TITLES = VIEW_TITLES;
