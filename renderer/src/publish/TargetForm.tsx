import { useState, type FormEvent } from 'react';
import {
  ThumbdeskError,
  type OperationInput,
  type SecretSupport,
} from '../../../shared/contract/index.js';
import { Notice } from '../common/Notice.js';
import { TextField } from '../common/Field.js';
import { useApi } from '../state/api-context.js';

type Draft = Record<
  'name' | 'destination' | 'endpoint' | 'region' | 'profile' | 'template' | 'cacheControl',
  string
> & { pathStyle: boolean; accessKeyId: string; secretAccessKey: string };

const EMPTY: Draft = {
  name: '',
  destination: '',
  endpoint: '',
  region: '',
  profile: '',
  template: '',
  cacheControl: '',
  pathStyle: false,
  accessKeyId: '',
  secretAccessKey: '',
};

/** The operation's input from the form: empty fields left out, so defaults apply. */
function inputOf(draft: Draft): OperationInput<'addTarget'> {
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const s3 = draft.destination.trim().startsWith('s3://');
  const typed = s3 && (draft.accessKeyId.trim() !== '' || draft.secretAccessKey !== '');
  return {
    name: draft.name.trim(),
    destination: draft.destination.trim(),
    template: text(draft.template),
    cacheControl: text(draft.cacheControl),
    ...(s3
      ? {
          endpoint: text(draft.endpoint),
          region: text(draft.region),
          profile: text(draft.profile),
          pathStyle: draft.pathStyle || undefined,
        }
      : {}),
    ...(typed
      ? { secret: { accessKeyId: draft.accessKeyId, secretAccessKey: draft.secretAccessKey } }
      : {}),
  };
}

/**
 * A new target: a folder on the host, or an S3 bucket with its endpoint and options. An access
 * key may be typed only where the host keeps secrets (the desktop app); elsewhere the form
 * says where S3 credentials come from instead.
 */
export function TargetForm({ secrets, onDone }: { secrets: SecretSupport; onDone: () => void }) {
  const api = useApi();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const s3 = draft.destination.trim().startsWith('s3://');

  const set = (key: keyof Draft) => (value: string | boolean) =>
    setDraft((previous) => ({ ...previous, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    setIssues({});
    try {
      await api.addTarget(inputOf(draft));
      setDraft(EMPTY);
      onDone();
    } catch (error) {
      const found = error instanceof ThumbdeskError ? error.issues : [];
      setIssues(Object.fromEntries(found.map((i) => [i.path.split('.')[0]!, i.message])));
      if (found.length === 0) setFailure((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const text = (key: keyof Draft, label: string, hint?: string, placeholder?: string) => (
    <TextField
      label={label}
      value={draft[key] as string}
      error={issues[key]}
      hint={hint}
      placeholder={placeholder}
      onChange={set(key)}
    />
  );

  return (
    <form className="target-form" aria-label="New target" onSubmit={(e) => void submit(e)}>
      <h2>New target</h2>
      {text('name', 'Target name', 'Lower-case letters, digits, ".", "-" or "_".', 'site')}
      {text(
        'destination',
        'Destination',
        'A folder on the machine running Thumbdesk, or s3://bucket/prefix.',
        's3://site-assets/img',
      )}
      {s3 && (
        <>
          {text('endpoint', 'Endpoint', 'For R2, MinIO, B2…; empty for AWS.', 'https://…')}
          {text('region', 'Region', 'Empty: AWS_REGION, else us-east-1.', 'auto')}
          <label className="toggle">
            <input
              type="checkbox"
              checked={draft.pathStyle}
              onChange={(event) => set('pathStyle')(event.target.checked)}
            />
            Path-style addressing
          </label>
          {text('profile', 'AWS profile', 'A profile of ~/.aws/credentials and ~/.aws/config.')}
          {secrets.accepted ? (
            <>
              {text('accessKeyId', 'Access key ID', 'Or leave empty for the standard AWS sources.')}
              <TextField
                label="Secret access key"
                type="password"
                autoComplete="off"
                value={draft.secretAccessKey}
                error={issues.secret}
                onChange={set('secretAccessKey')}
              />
            </>
          ) : null}
          {secrets.note && (
            <p className={secrets.accepted ? 'notice' : 'muted'} role="note">
              {secrets.note}
            </p>
          )}
        </>
      )}
      {text('template', 'Naming template', 'Default {preset}/{dir}/{stem}{@density}.{ext}.')}
      {text('cacheControl', 'Cache-Control', 'Default: immutable for {hash} names, else an hour.')}
      <Notice message={failure} kind="failure" inline />
      <div className="dialog-actions">
        <button type="submit" className="primary" disabled={busy}>
          Add target
        </button>
      </div>
    </form>
  );
}
