import { createRoot } from 'react-dom/client';
import { createApi, defaultTransport } from './api/client';

const api = createApi(defaultTransport());

function App() {
  return <main><h1>Akrab</h1></main>;
}

void api;
createRoot(document.getElementById('root')!).render(<App />);
