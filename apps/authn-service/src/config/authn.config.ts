import { z } from 'zod';
import { defineConfig, emptyAsUnset } from '@mandate/platform';

const minutes = z.coerce.number().positive().max(525_600);

/**
 * authn-service. Defaults are AM's.
 * - AM_ADMIN_PASSWORD: amadmin's password, used when amadmin is first created (contract §1).
 *   Unset: a random one is generated and logged once.
 * - MANDATE_RESET_ADMIN_PASSWORD: `true` sets amadmin's password to AM_ADMIN_PASSWORD at this
 *   start (and lifts a lockout), for an administrator who lost it; needs AM_ADMIN_PASSWORD.
 * - SSO_SESSION_IDLE_MINUTES / SSO_SESSION_MAX_MINUTES: AM's session idle (30) and maximum (120)
 *   times. Fractions are allowed.
 * - LOGIN_LOCKOUT_ATTEMPTS / LOGIN_LOCKOUT_WINDOW_MINUTES: this many failed logins of one account
 *   within the window lock it (5 in 5 min); LOGIN_LOCKOUT_DURATION_MINUTES: for how long (5).
 */
export const authnConfig = defineConfig(
  'authn',
  z
    .object({
      AM_ADMIN_PASSWORD: z.preprocess(emptyAsUnset, z.string().min(8, 'at least 8 characters').max(1024).optional()),
      MANDATE_RESET_ADMIN_PASSWORD: z
        .enum(['true', 'false', '1', '0', ''])
        .default('false')
        .transform((v) => v === 'true' || v === '1'),
      SSO_SESSION_IDLE_MINUTES: minutes.default(30),
      SSO_SESSION_MAX_MINUTES: minutes.default(120),
      LOGIN_LOCKOUT_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(5),
      LOGIN_LOCKOUT_WINDOW_MINUTES: minutes.default(5),
      LOGIN_LOCKOUT_DURATION_MINUTES: minutes.default(5),
    })
    .refine((c) => !c.MANDATE_RESET_ADMIN_PASSWORD || c.AM_ADMIN_PASSWORD !== undefined, {
      message: 'MANDATE_RESET_ADMIN_PASSWORD needs AM_ADMIN_PASSWORD (the new password)',
      path: ['AM_ADMIN_PASSWORD'],
    }),
);
export type AuthnConfig = z.infer<typeof authnConfig.schema>;
