import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { z } from 'zod';
import { App } from './App.tsx';
import { createI18n } from './i18n/index.ts';
import { getKiosk } from './kiosk.ts';
import './styles.css';

// Our CSP forbids eval; zod would otherwise probe `new Function` for its fast path.
z.config({ jitless: true });

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('kiosk: #root is missing from index.html');

createRoot(rootElement).render(
  <StrictMode>
    <I18nextProvider i18n={createI18n()}>
      <App kiosk={getKiosk()} />
    </I18nextProvider>
  </StrictMode>,
);
