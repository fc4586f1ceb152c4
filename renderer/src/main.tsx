import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { NoHostError, pickClient } from './api/pick-client.js';
import { App } from './App.js';
import { EmptyState } from './common/EmptyState.js';
import { ApiProvider } from './state/api-context.js';
import './styles/theme.css';

function start(): ReactNode {
  try {
    return (
      <ApiProvider api={pickClient()}>
        <App />
      </ApiProvider>
    );
  } catch (error) {
    if (!(error instanceof NoHostError)) throw error;
    return <EmptyState title="Thumbdesk cannot reach its library">{error.message}</EmptyState>;
  }
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(<StrictMode>{start()}</StrictMode>);
