import { useCallback, useEffect, useState } from 'react';
import type { OriginalView } from '../../shared/contract/models.js';
import type { ErrorEntry } from '../../shared/domain.js';
import { CacheScreen } from './cache/CacheScreen.js';
import { EdgeScreen } from './edge/EdgeScreen.js';
import { ErrorsScreen } from './errors/ErrorsScreen.js';
import { Notice } from './common/Notice.js';
import { useFailure } from './common/use-failure.js';
import { JobsScreen } from './jobs/JobsScreen.js';
import { LIBRARY_START, LibraryScreen, type LibraryPlace } from './library/LibraryScreen.js';
import { OriginalScreen } from './original/OriginalScreen.js';
import { PresetsScreen } from './presets/PresetsScreen.js';
import { PublishScreen } from './publish/PublishScreen.js';
import { AddFolderDialog } from './shell/AddFolderDialog.js';
import { Footer } from './shell/Footer.js';
import type { Screen } from './shell/screens.js';
import { Sidebar, type ScreenCounts } from './shell/Sidebar.js';
import { Toolbar } from './shell/Toolbar.js';
import { useFolderDrop } from './shell/use-folder-drop.js';
import { useShortcuts } from './shell/use-shortcuts.js';
import { useApi } from './state/api-context.js';
import { useCatalogVersion } from './state/use-catalog-version.js';
import { isActive, useJobs } from './state/use-jobs.js';
import { useLoad } from './state/use-load.js';
import { useStatus } from './state/use-status.js';
import './styles/shell.css';

/** One empty list for "not loaded yet", so that screens keyed on a list do not refetch per render. */
const NONE: never[] = [];

/** The window: sidebar, toolbar, the current screen, footer; and what reaches across them. */
export function App() {
  const api = useApi();
  const [screen, setScreen] = useState<Screen>('library');
  const [openId, setOpenId] = useState<number | null>(null);
  const [search, setSearch] = useState('');
  const [libraryPlace, setLibraryPlace] = useState<LibraryPlace>(LIBRARY_START);
  const [adding, setAdding] = useState(false);
  const [failure, setFailure, report] = useFailure();

  const status = useStatus();
  const jobs = useJobs();
  const presetsVersion = useCatalogVersion(['presets']);
  const presets = useLoad(() => api.listPresets(), [api, presetsVersion]).data ?? NONE;
  const sourcesVersion = useCatalogVersion(['sources']);
  const sources = useLoad(() => api.listSources(), [api, sourcesVersion]).data ?? NONE;

  const running = jobs.find((job) => job.state === 'running');
  const activeJobs = jobs.filter(isActive).length;

  // Stable, so that the library's memoised tiles do not re-render on every render of the window
  // (several a second while a job reports progress).
  const openOriginal = useCallback((original: OriginalView) => setOpenId(original.id), []);
  const showFailure = useCallback((error: Error) => setFailure(error.message), [setFailure]);

  const show = (next: Screen) => {
    setScreen(next);
    setOpenId(null);
  };
  const generate = () => report(api.generate());
  const addPath = (path: string) => api.addSource({ path }).then(() => show('library'));
  const choose = () =>
    api.addFolder().then((job) => {
      if (job) show('library');
      return job;
    });
  const onDrop = useCallback((data: DataTransfer) => report(api.addDropped(data)), [api, report]);
  const dragging = useFolderDrop(onDrop);

  useShortcuts({
    addFolder: () => setAdding(true),
    close: () => setOpenId(null),
  });

  // Work started here runs in the background; when it fails, the window says so wherever it is.
  useEffect(
    () =>
      api.on('jobProgress', (job) => {
        if (job.state === 'failed') setFailure(`${job.label}: ${job.error ?? 'failed'}`);
      }),
    [api],
  );

  useEffect(
    () =>
      api.on('menuCommand', (command) => {
        if (command.command === 'addFolder') setAdding(true);
        else if (command.command === 'publish') show('publish');
        else show(command.view);
      }),
    [api],
  );

  const openError = (entry: ErrorEntry) =>
    report(
      api.listOriginals({ source: entry.source, search: entry.path }).then((page) => {
        const match = page.items.find((o) => o.path === entry.path);
        if (match) {
          setScreen('library');
          setOpenId(match.id);
        }
      }),
    );

  const generateBlocked = () => {
    if (jobs.some((job) => isActive(job) && job.kind === 'generate')) return 'Generating…';
    if (status?.originals.total === 0) return 'Add a folder of images first';
    if (status?.presets === 0) return 'Make a preset first';
    return null;
  };

  const counts: ScreenCounts = {
    library: status?.originals.total,
    presets: status?.presets,
    jobs: activeJobs,
    cache: status?.derivatives.total,
    // The same number as the Errors screen's rows (failed originals and derivatives), without
    // fetching the list on every change.
    errors: status && status.originals.failed + status.derivatives.failed,
  };

  const current = () => {
    if (screen === 'library' && openId !== null) {
      return <OriginalScreen id={openId} onClose={() => setOpenId(null)} />;
    }
    switch (screen) {
      case 'library':
        return (
          <LibraryScreen
            search={search}
            sources={sources}
            presets={presets}
            place={libraryPlace}
            onPlace={setLibraryPlace}
            onOpen={openOriginal}
            onFailure={showFailure}
          />
        );
      case 'presets':
        return <PresetsScreen presets={presets} />;
      case 'jobs':
        return <JobsScreen jobs={jobs} />;
      case 'cache':
        return <CacheScreen status={status} />;
      case 'errors':
        return <ErrorsScreen onOpen={openError} />;
      case 'publish':
        return <PublishScreen jobs={jobs} />;
      case 'edge':
        return <EdgeScreen />;
    }
  };

  return (
    <div className={dragging ? 'app dragging' : 'app'}>
      <Sidebar current={screen} counts={counts} onSelect={show} />
      <Toolbar
        search={search}
        onSearch={(value) => {
          setSearch(value);
          // Another list: a selection made by index in the last one means nothing in it.
          setLibraryPlace((place) => ({ ...LIBRARY_START, filter: place.filter }));
          if (screen !== 'library' || openId !== null) show('library');
        }}
        onAddFolder={() => setAdding(true)}
        onGenerate={generate}
        onPublish={() => show('publish')}
        generateBlocked={generateBlocked()}
      />
      <main className="main">
        <Notice message={failure} kind="failure" onDismiss={() => setFailure(null)} />
        {current()}
      </main>
      <Footer status={status} running={running} />
      {adding && (
        <AddFolderDialog onAddPath={addPath} onChoose={choose} onClose={() => setAdding(false)} />
      )}
    </div>
  );
}
