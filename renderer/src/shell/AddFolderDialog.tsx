import { useState, type FormEvent } from 'react';
import { Dialog } from '../common/Dialog.js';

/**
 * "Add folder": a folder path typed (or picked, where the host can pick), or in a browser the
 * files of a folder uploaded into the library's "uploads" source.
 */
export function AddFolderDialog({
  onAdd,
  onUpload,
  onPick,
  onClose,
}: {
  onAdd: (path: string) => Promise<void>;
  onUpload: ((files: File[]) => Promise<void>) | undefined;
  onPick: (() => Promise<string | null>) | undefined;
  onClose: () => void;
}) {
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      onClose();
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim()) void run(() => onAdd(path.trim()));
  };

  return (
    <Dialog title="Add folder" onClose={onClose}>
      <form onSubmit={submit}>
        <label htmlFor="folder-path">Folder path</label>
        <div className="field-pair">
          <input
            id="folder-path"
            autoFocus
            value={path}
            placeholder="/home/me/Pictures"
            aria-invalid={Boolean(error)}
            aria-describedby={error ? 'folder-error' : undefined}
            onChange={(event) => setPath(event.target.value)}
            style={{ flex: 1 }}
          />
          {onPick && (
            <button
              type="button"
              onClick={() =>
                void onPick().then((picked) => picked && run(() => onAdd(picked)))
              }
            >
              Choose…
            </button>
          )}
        </div>
        {error && (
          <span id="folder-error" className="field-error" role="alert">
            {error}
          </span>
        )}
        {onUpload && (
          <label className="muted">
            Or upload a folder from this computer into “uploads”:{' '}
            <input
              type="file"
              multiple
              aria-label="Upload a folder"
              {...{ webkitdirectory: '' }}
              onChange={(event) => {
                const files = Array.from(event.target.files ?? []);
                if (files.length > 0) void run(() => onUpload(files));
              }}
            />
          </label>
        )}
        <div className="dialog-actions">
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
