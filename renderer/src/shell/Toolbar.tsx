/** The strip across the top: the actions people reach for most, and the name search. */
export function Toolbar({
  search,
  onSearch,
  onAddFolder,
  onGenerate,
  onPublish,
  generateBlocked,
}: {
  search: string;
  onSearch: (value: string) => void;
  onAddFolder: () => void;
  onGenerate: () => void;
  onPublish: () => void;
  /** Why Generate cannot run now, or null when it can. */
  generateBlocked: string | null;
}) {
  return (
    <header className="toolbar">
      <button type="button" onClick={onAddFolder} title="Add folder (Ctrl+O)">
        Add folder
      </button>
      <button
        type="button"
        className="primary"
        onClick={onGenerate}
        disabled={generateBlocked !== null}
        title={generateBlocked ?? 'Build every missing, stale or failed derivative'}
      >
        Generate
      </button>
      <button type="button" onClick={onPublish}>
        Publish
      </button>
      <div className="toolbar-spacer" />
      <input
        type="search"
        className="toolbar-search"
        placeholder="Search names"
        aria-label="Search names"
        value={search}
        onChange={(event) => onSearch(event.target.value)}
      />
    </header>
  );
}
