// Turns whatever went wrong talking to the relay into one value with a sentence for the user.
// The relay's own message is kept when it sent one; a few kinds get wording that says what to do.
import type { z } from 'zod';
import { ErrorBody, type ErrorKind } from '@sheaf/shared/protocol/error-kind';

export type ApiErrorKind = ErrorKind | 'network' | 'unexpected_response';

export type ApiError = {
  readonly kind: ApiErrorKind;
  /** HTTP status, 0 when no response arrived. */
  readonly status: number;
  /** A sentence fit for the UI. */
  readonly message: string;
};

const ADVICE: Partial<Record<ApiErrorKind, string>> = {
  network: 'Can’t reach Sheaf right now. Check your connection and try again.',
  protocol_outdated: 'This app is out of date. Reload the page to update it.',
  rate_limited: 'Too many attempts. Wait a moment and try again.',
  internal: 'Something went wrong on the server. Try again in a moment.',
  unavailable: 'Sheaf is unavailable right now. Try again in a moment.',
};

const sentence = (text: string): string => {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

/** The readable error of a non-2xx response, parsed from its `{ error }` body when it has one. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const parsed = ErrorBody.safeParse(body);
  if (!parsed.success) {
    return {
      kind: response.status >= 500 ? 'unavailable' : 'unexpected_response',
      status: response.status,
      message: ADVICE.unavailable ?? `The server answered ${response.status}.`,
    };
  }
  const { kind, message, details } = parsed.data.error;
  const fields = (details ?? []).map((d) => (d.path === '' ? d.message : `${d.path}: ${d.message}`));
  const text = ADVICE[kind] ?? sentence([message, ...fields].filter((part) => part !== '').join(' — '));
  return { kind, status: response.status, message: text === '' ? `The server answered ${response.status}.` : text };
}

export const networkError = (cause: unknown): ApiError => ({
  kind: 'network',
  status: 0,
  message: ADVICE.network ?? String(cause),
});

export const unexpectedResponse = (status: number, why: string): ApiError => ({
  kind: 'unexpected_response',
  status,
  message: `Sheaf sent a reply this app doesn’t understand (${why}). Reload to update the app.`,
});

/** A request that our own schema refused before it was sent: the message names the field. */
export function invalidInput(error: z.ZodError): ApiError {
  const first = error.issues[0];
  const field = first?.path.map(String).join('.') ?? '';
  const name = field === '' ? 'This field' : `${field.charAt(0).toUpperCase()}${field.slice(1)}`;
  // Zod's default wording for an empty string ("Too small: expected string…") is not for people.
  if (first?.code === 'too_small' && first.minimum === 1) {
    return { kind: 'bad_request', status: 0, message: `${name} is required.` };
  }
  const label = field === '' ? '' : `${name}: `;
  return { kind: 'bad_request', status: 0, message: sentence(`${label}${first?.message ?? 'invalid input'}`) };
}
