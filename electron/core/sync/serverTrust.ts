import { X509Certificate } from 'node:crypto';
import { rootCertificates, type TLSSocket } from 'node:tls';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { AkrabError } from '../../../shared/errors';
import { readSetting, writeSetting, type Store } from '../store/store';

/**
 * A server with a private certificate (self-signed, or from the chain's own CA) is trusted by giving its PEM at
 * enrolment (`akrab sync --ca FILE`): it is kept in the store, so the file may move, and added to the system's
 * roots for every request to the server. A certificate that does not verify is never bypassed.
 */
const SERVER_CA = 'sync.server_ca';

export function readServerCa(store: Store): string | null {
  return readSetting(store.sqlite, SERVER_CA);
}

/** Refuses text that holds no certificate, so a wrong file is caught at enrolment rather than at every sync. */
export function saveServerCa(store: Store, pem: string): void {
  const certificates = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  try {
    if (certificates.length === 0) throw new Error('no certificate');
    for (const certificate of certificates) new X509Certificate(certificate);
  } catch {
    throw new AkrabError({ code: 'validation', field: 'ca', messageKey: 'error.sync.ca_invalid' });
  }
  writeSetting(store.sqlite, SERVER_CA, certificates.join('\n'));
}

/** fetch that also trusts `ca` (PEM) besides the system's roots. */
export function fetchTrusting(ca: string): typeof fetch {
  return fetchThrough(new Agent({ connect: { ca: [...rootCertificates, ca] } }));
}

/**
 * fetch to a server known by its certificate's SHA-256 fingerprint rather than by name (the admin commands reach
 * their own server on 127.0.0.1, which its certificate may not name). Nothing is sent before the fingerprint matches.
 */
export function fetchPinnedTo(fingerprint256: string): typeof fetch {
  const connect = buildConnector({ rejectUnauthorized: false });
  return fetchThrough(
    new Agent({
      connect: (options, callback) =>
        connect(options, (...[error, socket]) => {
          if (error) return callback(error, null);
          if ((socket as TLSSocket).getPeerCertificate?.().fingerprint256 === fingerprint256) return callback(null, socket);
          socket.destroy();
          callback(new Error('the server presented another certificate than the one it started with'), null);
        }),
    }),
  );
}

function fetchThrough(dispatcher: Agent): typeof fetch {
  return ((input: string | URL, init?: RequestInit) => undiciFetch(input, { ...(init as object), dispatcher })) as unknown as typeof fetch;
}

const certificateErrors = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Whether a failed request failed because the server's certificate did not verify (fetch hides it in `cause`). */
export function isCertificateError(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++)
    if (typeof e.code === 'string' && certificateErrors.has(e.code)) return true;
  return false;
}
