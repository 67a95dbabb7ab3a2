export * from './keys/signing-key';
export * from './keys/key-ring';
export * from './keys/jwt-verification.error';
export * from './hashing/hashing';
export * from './sealing/secret-box';
export * from './hashing/pkce';
export * from './hashing/verified-secrets';
export * from './dpop/dpop-proof';
