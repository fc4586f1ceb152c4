import { useRef } from 'react';
import { parsePresetFile } from '../../../shared/preset-schema.js';
import { plural } from '../common/plural.js';
import { useApi } from '../state/api-context.js';

/** Import and export of presets as the JSON file `thumbdesk presets import` reads. */
export function PresetFileButtons({
  onDone,
  onError,
}: {
  onDone: (message: string) => void;
  onError: (message: string) => void;
}) {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);

  const importFile = async (file: File) => {
    try {
      const parsed = parsePresetFile(JSON.parse(await file.text()));
      const { changes } = await api.importPresets({ file: parsed });
      const changed = changes.filter((c) => c.change !== 'unchanged').length;
      onDone(
        `Imported ${plural(changes.length, 'preset')} from ${file.name}, ${changed} new or changed.`,
      );
    } catch (error) {
      onError(`${file.name}: ${(error as Error).message}`);
    }
  };

  const exportFile = async () => {
    try {
      const file = await api.exportPresets();
      const blob = new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = 'presets.json';
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      onError((error as Error).message);
    }
  };

  return (
    <>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        hidden
        aria-label="Preset file to import"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void importFile(file);
        }}
      />
      <button type="button" onClick={() => input.current?.click()}>
        Import…
      </button>
      <button type="button" onClick={() => void exportFile()}>
        Export
      </button>
    </>
  );
}
