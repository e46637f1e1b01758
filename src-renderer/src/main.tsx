import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createTransport, TransportContext } from './api/client';
import { multiplexEvents } from './api/multiplex';
import { App } from './App';
import './styles.css';

// First: in web mode this takes the token out of the address (`#token=…`) before routing reads it.
// Every hook shares one event stream (see multiplexEvents).
const transport = multiplexEvents(createTransport());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <TransportContext.Provider value={transport}>
      <App />
    </TransportContext.Provider>
  </StrictMode>,
);
