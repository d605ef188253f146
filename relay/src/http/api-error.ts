// Expected API failures as values: a handler returns `fail(kind, message)` instead of throwing,
// and the mount wrapper turns it into the one error body shape with the kind's status.
import { ERROR_STATUS, type ErrorBody, type ErrorKind } from '@sheaf/shared/protocol/error-kind';

export type ApiFailure = {
  readonly failure: true;
  readonly kind: ErrorKind;
  readonly message: string;
  readonly details?: Array<{ path: string; message: string }>;
  readonly headers?: Record<string, string>;
};

export const fail = (
  kind: ErrorKind,
  message: string,
  extra: Pick<ApiFailure, 'details' | 'headers'> = {},
): ApiFailure => ({ failure: true, kind, message, ...extra });

export const isFailure = (value: unknown): value is ApiFailure =>
  typeof value === 'object' && value !== null && (value as { failure?: unknown }).failure === true;

export const errorBody = (f: Pick<ApiFailure, 'kind' | 'message' | 'details'>): ErrorBody => ({
  error: { kind: f.kind, message: f.message, ...(f.details !== undefined ? { details: f.details } : {}) },
});

export const statusOf = (kind: ErrorKind): number => ERROR_STATUS[kind];
