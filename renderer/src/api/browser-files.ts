/**
 * Files a browser can give a page: a folder chosen in the file dialog, or folders and files
 * dropped on it, each with its path relative to what was chosen (`trip/day1/a.jpg`).
 */
import { hasImageExtension, isIgnoredName } from '../../../shared/file-names.js';

export interface NamedFile {
  name: string;
  file: File;
}

/**
 * Files worth uploading: those a scan of the same folder would take (the core's own rule). The
 * host sniffs contents anyway; this only spares the upload.
 */
function keep(name: string): boolean {
  return hasImageExtension(name) && !name.split('/').some(isIgnoredName);
}

/**
 * Opens the browser's folder dialog; resolves with its image files (none when cancelled).
 * @example const files = await pickFolderFiles();
 */
export function pickFolderFiles(): Promise<NamedFile[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.webkitdirectory = true;
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])].map((file) => ({
        name: file.webkitRelativePath || file.name,
        file,
      }));
      resolve(files.filter((f) => keep(f.name)));
    });
    input.addEventListener('cancel', () => resolve([]));
    input.click();
  });
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: NamedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    const name = entry.fullPath.replace(/^\/+/, '');
    if (keep(name)) out.push({ name, file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries answers in chunks until it answers none.
  for (let chunk = await readEntries(reader); chunk.length > 0; chunk = await readEntries(reader)) {
    for (const child of chunk) await walk(child, out);
  }
}

/**
 * Every image file in a drop, folders walked. The entries are taken before the first await,
 * while the drop event is still being handled.
 * @example const files = await filesOfDrop(event.dataTransfer);
 */
export async function filesOfDrop(data: DataTransfer): Promise<NamedFile[]> {
  const entries = [...data.items]
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  const out: NamedFile[] = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}
