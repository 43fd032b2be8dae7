/** A bad value the user typed (or a name that would leave its request path): exit 2 with a one-line reason. */
export class UsageProblem extends Error {}

/** What went wrong talking to the cluster, in words a kubectl user acts on. Always exit code 3. */
export type ClusterErrorKind =
  'config' | 'unreachable' | 'tls' | 'timeout' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'server';

export class ClusterError extends Error {
  constructor(
    readonly kind: ClusterErrorKind,
    message: string,
    readonly hint?: string,
    readonly status?: number,
    /** A dropped or cut-off answer: a GET may be sent again (client-go retries these for GETs too). */
    readonly transient = false,
    /**
     * The connection was refused, so the request never left this machine: even a write may be sent again. Any
     * failure after the connection opened may come after the server acted on the request.
     */
    readonly notSent = false,
  ) {
    super(message);
    this.name = 'ClusterError';
  }

  /** One line: the cause, then what to do. */
  oneLine(): string {
    return this.hint ? `${this.message} (${this.hint})` : this.message;
  }
}

/**
 * An answer refused for its size: never fetched again (the same request brings the same answer), and when it was
 * a list, only that input is lost.
 */
export class OversizedAnswer extends ClusterError {
  constructor(message: string, hint: string) {
    super('server', message, hint);
    this.name = 'OversizedAnswer';
  }
}

/**
 * Whether the same request may succeed later without anyone changing anything: an API server that is restarting
 * (refused, reset, timed out, 5xx, 429) heals; a rejected token, a forbidden read, a kubeconfig without the context,
 * a certificate that does not verify or an answer that is not what an API server sends do not.
 */
export const mayHeal = (error: ClusterError): boolean =>
  error.kind === 'unreachable' ||
  error.kind === 'timeout' ||
  error.transient ||
  (error.kind === 'server' && error.status !== undefined && (error.status === 429 || error.status >= 500));

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

/** A connection that broke under a request, as opposed to one that never opened. */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE']);

const codeOf = (error: unknown): string | undefined => {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
};

/** Maps a socket or TLS failure of a request to `server` onto a ClusterError. */
export const networkError = (error: unknown, server: string): ClusterError => {
  if (error instanceof ClusterError) return error;
  const code = codeOf(error) ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  // A socket error's code wins over its words: Node reports a reset mid-handshake, as a restarting API server
  // causes, as ECONNRESET "Client network socket disconnected before secure TLS connection was established".
  if (TLS_CODES.has(code) || (!UNREACHABLE_CODES.has(code) && /certificate|SSL|TLS/i.test(detail))) {
    return new ClusterError(
      'tls',
      `TLS verification of ${server} failed: ${detail}`,
      "check the kubeconfig's certificate-authority for this cluster",
    );
  }
  if (TRANSIENT_CODES.has(code)) {
    return new ClusterError(
      'unreachable',
      `the connection to the API server at ${server} broke mid-request (${detail})`,
      'run it again; if it persists, check the API server and any proxy or load balancer in front of it',
      undefined,
      true,
    );
  }
  if (UNREACHABLE_CODES.has(code)) {
    return new ClusterError(
      'unreachable',
      `cannot reach the API server at ${server}: ${detail}`,
      'check --context and that the cluster is up',
      undefined,
      false,
      // ECONNREFUSED comes only from connect(): the answer to the first packet, before any byte of the request.
      code === 'ECONNREFUSED',
    );
  }
  return new ClusterError('unreachable', `request to ${server} failed: ${detail}`, 'check --context and the network');
};
