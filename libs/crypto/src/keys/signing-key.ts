import { type JWK, calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';

/** contract §3.10: RS256 by default, ES256 selectable (`tokenSigningAlgorithm`). No HMAC: resource servers must verify. */
export const SIGNING_ALGORITHMS = ['RS256', 'ES256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** A JWK's members; public JWKs carry `kid`, `use` and `alg` beside the key material. */
export type Jwk = JWK;

/** A signing key pair. `kid` is the RFC 7638 thumbprint of the public key. */
export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateJwk: Jwk;
  publicJwk: Jwk;
  createdAt: Date;
}

/** A key whose public half is published and accepted for verification (`notAfter`: until when). */
export interface PublishedKey {
  kid: string;
  alg: SigningAlgorithm;
  publicJwk: Jwk;
  notAfter?: Date;
}

/** The members that make a JWK private (RFC 7518 §6.2.2, §6.3.2) or symmetric (§6.4). */
export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

const RSA_MODULUS_BITS = 2048;

export function isSigningAlgorithm(value: unknown): value is SigningAlgorithm {
  return (SIGNING_ALGORITHMS as readonly unknown[]).includes(value);
}

/** A new key pair for `alg`: RSA 2048 for RS256, P-256 for ES256. */
export async function generateSigningKey(alg: SigningAlgorithm): Promise<SigningKey> {
  if (!isSigningAlgorithm(alg)) throw new TypeError(`unsupported signing algorithm ${String(alg)}`);
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, modulusLength: RSA_MODULUS_BITS });
  const publicMaterial = toPublicJwk(await exportJWK(publicKey));
  // RFC 7638: the thumbprint covers only the required members, so `kid`/`use`/`alg` do not change it.
  const kid = await calculateJwkThumbprint(publicMaterial, 'sha256');
  const privateMaterial = await exportJWK(privateKey);
  return {
    kid,
    alg,
    publicJwk: { ...publicMaterial, kid, use: 'sig', alg },
    privateJwk: { ...privateMaterial, kid, use: 'sig', alg },
    createdAt: new Date(),
  };
}

/** The JWK without any private or symmetric member. */
export function toPublicJwk(jwk: Jwk): Jwk {
  const copy: Record<string, unknown> = { ...jwk };
  for (const member of PRIVATE_JWK_MEMBERS) delete copy[member];
  return copy as Jwk;
}

/** RFC 7638 thumbprint (SHA-256, base64url) of a JWK's public part. */
export function jwkThumbprint(jwk: Jwk): Promise<string> {
  return calculateJwkThumbprint(toPublicJwk(jwk), 'sha256');
}
