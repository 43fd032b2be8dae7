import { mayHeal, networkError } from './errors.js';

const SERVER = 'https://127.0.0.1:6443';
const failure = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('networkError', () => {
  it('takes a reset during the TLS handshake for a broken connection that heals, not a certificate problem', () => {
    // What Node says when the server goes away mid-handshake, as an API server does while it restarts.
    const error = networkError(
      failure('ECONNRESET', 'Client network socket disconnected before secure TLS connection was established'),
      SERVER,
    );
    expect(error.kind).toBe('unreachable');
    expect(error.message).not.toMatch(/TLS verification/);
    expect(mayHeal(error)).toBe(true);
  });

  it('keeps a certificate that does not verify a TLS failure that does not heal', () => {
    for (const error of [
      networkError(failure('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), SERVER),
      networkError(failure('ERR_SOMETHING_ELSE', 'certificate signature failure'), SERVER),
    ]) {
      expect(error.kind).toBe('tls');
      expect(error.message).toMatch(/^TLS verification of https:\/\/127\.0\.0\.1:6443 failed/);
      expect(mayHeal(error)).toBe(false);
    }
  });
});
