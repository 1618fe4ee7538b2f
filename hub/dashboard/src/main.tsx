import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App.tsx';
import { createI18n } from './i18n.ts';
import './styles.css';

const language = new URLSearchParams(location.search).get('lang') ?? navigator.language;
createRoot(document.getElementById('root')!).render(
  <I18nextProvider i18n={createI18n(language)}>
    <App />
  </I18nextProvider>,
);
