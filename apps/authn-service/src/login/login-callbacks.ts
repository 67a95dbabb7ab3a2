import { randomBytes } from 'node:crypto';
import type { CallbackRequirements } from '@mandate/contracts';

/**
 * am-spec §2.2: the callbacks of AM's default username/password journey, as AM's JavaScript
 * SDKs expect them. The journey has one step and the filled callbacks carry the credentials
 * themselves, so `authId` holds no state: it is an opaque value the client echoes back.
 */
export function passwordCallbacks(): CallbackRequirements {
  return {
    authId: randomBytes(24).toString('base64url'),
    template: '',
    stage: 'DataStore1',
    header: 'Sign in',
    callbacks: [
      { type: 'NameCallback', output: [{ name: 'prompt', value: ' User Name: ' }], input: [{ name: 'IDToken1', value: '' }] },
      { type: 'PasswordCallback', output: [{ name: 'prompt', value: ' Password: ' }], input: [{ name: 'IDToken2', value: '' }] },
    ],
  };
}
