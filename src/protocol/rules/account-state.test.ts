import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors';
import { stateForError, stopsRetrying } from './account-state';

describe('error → account state (IMAP and POP3)', () => {
  it('stops retrying only on errors the user must fix', () => {
    const fatal = Object.values(ErrorCode).filter(stopsRetrying).sort();
    expect(fatal).toEqual(['AUTH_FAILED', 'INSECURE_REFUSED', 'SIGN_IN_REQUIRED', 'TLS_UNTRUSTED', 'UNSUPPORTED']);
  });

  it('names the state: its own for sign-in and certificate, reconnecting for the network, else error', () => {
    expect(stateForError(ErrorCode.AuthFailed)).toBe('authFailed');
    expect(stateForError(ErrorCode.TlsUntrusted)).toBe('tlsUntrusted');
    expect(stateForError(ErrorCode.SignInRequired)).toBe('signInRequired');
    expect(stateForError(ErrorCode.InsecureRefused)).toBe('error');
    expect(stateForError(ErrorCode.Unsupported)).toBe('error');
    expect(stateForError(ErrorCode.ConnectionFailed)).toBe('reconnecting');
    expect(stateForError(ErrorCode.Timeout)).toBe('reconnecting');
    expect(stateForError(ErrorCode.ServerError)).toBe('error');
    expect(stateForError(ErrorCode.Internal)).toBe('error');
  });
});
