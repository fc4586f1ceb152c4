/** The strip across the top: the actions people reach for most, and the name search. */
export function Toolbar({
  search,
  onSearch,
  onAddFolder,
  onGenerate,
  onPublish,
  generating,
}: {
  search: string;
  onSearch: (value: string) => void;
  onAddFolder: () => void;
  onGenerate: () => void;
  onPublish: () => void;
  generating: boolean;
}) {
  return (
    <header className="toolbar">
      <button type="button" onClick={onAddFolder} title="Add folder (Ctrl+O)">
        Add folder
      </button>
      <button type="button" className="primary" onClick={onGenerate} disabled={generating}>
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
