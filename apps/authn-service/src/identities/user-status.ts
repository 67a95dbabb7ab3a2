import type { User } from '@mandate/oauth';

/**
 * am-spec §14: AM keeps a user's status in `inetUserStatus` (`["Active"]` or `["Inactive"]`,
 * a plain string accepted too). Absent means active. An inactive user cannot sign in.
 */
export function isActive(user: User): boolean {
  const status = user.attributes['inetUserStatus'];
  const values = Array.isArray(status) ? status : [status];
  return !values.some((v) => typeof v === 'string' && v.trim().toLowerCase() === 'inactive');
}
