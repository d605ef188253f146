// The whole app: the screen for the session state, and the update banner over it.
import type { ReactNode } from 'react';
import type { Services } from '../app/services.js';
import { useStore } from '../app/use-store.js';
import type { PwaUpdate } from '../pwa.js';
import { AuthScreen } from './AuthScreen.js';
import { DriveScreen } from './DriveScreen.js';
import { UpdateBanner } from './UpdateBanner.js';

export function App({ services, pwa }: { readonly services: Services; readonly pwa: PwaUpdate }): ReactNode {
  const state = useStore(services.session.state);
  return (
    <>
      {state.status === 'signed-in' ? (
        <DriveScreen services={services} session={state.session} />
      ) : state.status === 'signed-out' ? (
        <AuthScreen session={services.session} {...(state.notice === undefined ? {} : { notice: state.notice })} />
      ) : (
        <div className="splash" aria-busy="true" aria-label="Starting Sheaf" />
      )}
      <UpdateBanner pwa={pwa} />
    </>
  );
}
