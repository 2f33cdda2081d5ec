import { createRoot } from 'react-dom/client';
import { createApi, defaultTransport } from './api/client';
import { App } from './app/App';

const api = createApi(defaultTransport());
createRoot(document.getElementById('root')!).render(<App api={api} />);
