import { SignJWT, generateKeyPair } from 'jose';
import { cpus } from 'node:os';
import type { InProcessRate } from './bench-types';

/**
 * RS256 signatures per second with every core, as the servers sign (jose, WebCrypto, a 2048-bit
 * key, the jobs on libuv's thread pool): the most a row that signs one token a request can reach
 * on this machine, with nothing else to do. Enough signatures run at once to keep every
 * pool thread busy.
 */
export async function signingCeiling(seconds: number): Promise<InProcessRate> {
  const { privateKey } = await generateKeyPair('RS256');
  const claims = { iss: 'https://bench.example/am/oauth2/realms/root/realms/alpha', sub: 'digital-assistant-ai-agent', scope: 'read-data', realm: '/alpha' };
  const sign = () => new SignJWT({ ...claims, jti: crypto.randomUUID() }).setProtectedHeader({ alg: 'RS256', kid: 'bench' }).setIssuedAt().setExpirationTime('1h').sign(privateKey);
  await Promise.all(Array.from({ length: 16 }, sign)); // warm-up
  const started = performance.now();
  const cpu = process.cpuUsage();
  const until = started + seconds * 1000;
  let signed = 0;
  const loop = async () => {
    while (performance.now() < until) {
      await sign();
      signed++;
    }
  };
  await Promise.all(Array.from({ length: 4 * cpus().length }, loop));
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  return {
    wall: Math.round(signed / wall),
    cpu: Math.round(signed / cpuSeconds),
    runs: signed,
    unit: 'signatures/s',
    note: `${Math.round(signed / cpuSeconds)} per CPU-second; ${signed} signatures in ${wall.toFixed(1)} s, ${4 * cpus().length} at a time`,
  };
}
