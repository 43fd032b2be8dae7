import type tls from 'node:tls';

const isCertificate = (value: unknown): value is tls.DetailedPeerCertificate =>
  typeof value === 'object' && value !== null;

/**
 * The certificate of the served chain that expires first, walking from the leaf up the issuers the server sent. A
 * self-signed certificate is its own issuer; an incomplete chain ends without one.
 */
export const earliestInChain = (
  leaf: tls.DetailedPeerCertificate | undefined,
): { readonly notAfter: Date; readonly subject: string } | undefined => {
  let certificate = leaf;
  let earliest: { notAfter: Date; subject: string } | undefined;
  const seen = new Set<string>();
  while (certificate?.valid_to && !seen.has(certificate.fingerprint256)) {
    seen.add(certificate.fingerprint256);
    const notAfter = new Date(certificate.valid_to);
    if (!earliest || notAfter < earliest.notAfter) {
      earliest = { notAfter, subject: String(certificate.subject.CN ?? '') };
    }
    // Typed as always present, but absent at the end of a chain the server sent incompletely.
    const issuer: unknown = Reflect.get(certificate, 'issuerCertificate');
    certificate = isCertificate(issuer) ? issuer : undefined;
  }
  return earliest;
};
