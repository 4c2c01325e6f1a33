import { TesseraProvider } from '@tessera/ui';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app';
import './admin.css';
import { graph, i18n, session } from './tessera';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <TesseraProvider graph={graph} session={session} i18n={i18n}>
      <BrowserRouter basename="/admin">
        <App />
      </BrowserRouter>
    </TesseraProvider>
  </StrictMode>,
);
