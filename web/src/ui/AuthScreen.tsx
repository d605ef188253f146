// Sign in or create an account. Renders the form and the relay's error message; the session
// controller does the talking.
import { useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { SessionController } from '../app/session-controller.js';
import { Field } from './Field.js';
import { AlertIcon, SheafMark } from './icons.js';

type Mode = 'sign-in' | 'create';

const TABS: ReadonlyArray<{ readonly mode: Mode; readonly label: string }> = [
  { mode: 'sign-in', label: 'Sign in' },
  { mode: 'create', label: 'Create account' },
];

type AuthScreenProps = {
  readonly session: SessionController;
  /** Why the user is here again, e.g. an expired session. */
  readonly notice?: string;
};

export function AuthScreen({ session, notice }: AuthScreenProps): ReactNode {
  const [mode, setMode] = useState<Mode>('sign-in');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const choose = (next: Mode): void => {
    setMode(next);
    setError(undefined);
  };

  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    const result =
      mode === 'create' ? await session.register({ name, email, password }) : await session.signIn({ email, password });
    // On success this screen goes away; only a failure needs the form back.
    if (!result.ok) {
      setError(result.error);
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!busy) void submit();
  };

  // Arrow keys move between the two tabs, as the WAI-ARIA tabs pattern expects.
  const onTabKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next: Mode = mode === 'sign-in' ? 'create' : 'sign-in';
    choose(next);
    document.getElementById(`auth-tab-${next}`)?.focus();
  };

  const action = mode === 'create' ? 'Create account' : 'Sign in';

  return (
    <main className="auth">
      <div className="auth-card">
        <div className="auth-brand">
          <SheafMark size={44} />
          <h1 className="auth-title">Sheaf</h1>
          <p className="auth-tagline">Your files on every device, even offline.</p>
        </div>

        <div className="segmented" role="tablist" aria-label="Account" onKeyDown={onTabKey}>
          {TABS.map((tab) => (
            <button
              key={tab.mode}
              id={`auth-tab-${tab.mode}`}
              type="button"
              role="tab"
              className="segmented-option"
              aria-selected={mode === tab.mode}
              aria-controls="auth-panel"
              tabIndex={mode === tab.mode ? 0 : -1}
              onClick={() => choose(tab.mode)}
            >
              {tab.label}
            </button>
          ))}
        </div>

        {notice === undefined ? null : (
          <div className="alert alert-info" role="status">
            <AlertIcon size={18} />
            <span>{notice}</span>
          </div>
        )}

        <form
          id="auth-panel"
          className="auth-form"
          role="tabpanel"
          aria-labelledby={`auth-tab-${mode}`}
          noValidate
          onSubmit={onSubmit}
        >
          {mode === 'create' ? <Field label="Name" value={name} onChange={setName} autoComplete="name" /> : null}
          <Field label="Email" type="email" value={email} onChange={setEmail} autoComplete="email" />
          <Field
            label="Password"
            type="password"
            value={password}
            onChange={setPassword}
            autoComplete={mode === 'create' ? 'new-password' : 'current-password'}
            {...(mode === 'create' ? { hint: 'At least 8 characters.' } : {})}
          />
          {error === undefined ? null : (
            <div className="alert" role="alert">
              <AlertIcon size={18} />
              <span>{error}</span>
            </div>
          )}
          <button type="submit" className="button primary block" aria-disabled={busy}>
            {busy ? <span className="spinner" aria-hidden="true" /> : null}
            {action}
          </button>
        </form>
      </div>
      <p className="auth-footnote">Your files stay on this device and sync through your Sheaf relay.</p>
    </main>
  );
}
