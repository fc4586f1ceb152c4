import { EmptyState } from '../common/EmptyState.js';

/** Publishing's place in the window, until its operations are in the contract. */
export function PublishScreen() {
  return (
    <section className="screen" aria-label="Publish">
      <header className="screen-header">
        <h1>Publish</h1>
      </header>
      <EmptyState title="Publishing is not in this build yet">
        Targets (a folder or an S3 bucket) and their manifests will be set up here. Until then,
        derivatives are in the library’s cache folder.
      </EmptyState>
    </section>
  );
}
