import { useState, type FormEvent } from 'react';
import { Dialog } from '../common/Dialog.js';

/**
 * "Add folder": a folder path typed on the host's machine, or one chosen with the host's own
 * picker (the desktop's folder dialog; in a browser, a folder uploaded into "uploads").
 */
export function AddFolderDialog({
  onAddPath,
  onChoose,
  onClose,
}: {
  onAddPath: (path: string) => Promise<unknown>;
  onChoose: () => Promise<unknown>;
  onClose: () => void;
}) {
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      // Null means the person cancelled the picker: the dialog stays for another try.
      if ((await work()) !== null) onClose();
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim()) void run(() => onAddPath(path.trim()));
  };

  return (
    <Dialog title="Add folder" onClose={onClose}>
      <form onSubmit={submit}>
        <label htmlFor="folder-path">Folder path</label>
        <input
          id="folder-path"
          autoFocus
          value={path}
          placeholder="/home/me/Pictures"
          aria-invalid={Boolean(error)}
          aria-describedby={error ? 'folder-error' : 'folder-hint'}
          onChange={(event) => setPath(event.target.value)}
        />
        <span id="folder-hint" className="muted">
          A folder on the machine running Thumbdesk. Its images are read in place, never changed.
        </span>
        {error && (
          <span id="folder-error" className="field-error" role="alert">
            {error}
          </span>
        )}
        <div className="dialog-actions">
          <button
            type="button"
            className="dialog-aside"
            disabled={busy}
            onClick={() => void run(onChoose)}
          >
            Choose a folder…
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !path.trim()}>
            Add
          </button>
        </div>
      </form>
    </Dialog>
  );
}
