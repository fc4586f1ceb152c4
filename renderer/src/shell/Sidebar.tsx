import { groupDigits } from '../../../shared/naming.js';
import { SCREENS, SCREEN_TITLES, type Screen } from './screens.js';

export type ScreenCounts = Partial<Record<Screen, number>>;

/** The left column: one entry per screen, each with its live count. */
export function Sidebar({
  current,
  counts,
  onSelect,
}: {
  current: Screen;
  counts: ScreenCounts;
  onSelect: (screen: Screen) => void;
}) {
  return (
    <nav className="sidebar" aria-label="Sections">
      <div className="sidebar-brand">Thumbdesk</div>
      <ul>
        {SCREENS.map((screen) => {
          const count = counts[screen];
          return (
            <li key={screen}>
              <button
                type="button"
                className={screen === current ? 'sidebar-item current' : 'sidebar-item'}
                aria-current={screen === current ? 'page' : undefined}
                onClick={() => onSelect(screen)}
              >
                <span>{SCREEN_TITLES[screen]}</span>
                {count !== undefined && (
                  <span
                    className={
                      screen === 'errors' && count > 0 ? 'sidebar-count alert' : 'sidebar-count'
                    }
                  >
                    {groupDigits(count)}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
