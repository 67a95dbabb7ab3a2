/**
 * Who a token is about (am-spec §1.3): a user (`usr`, by its UUID `_id`) or a client (`age`).
 * `sub` and `subname` carry the plain id (contract §3.2).
 */
export interface TokenSubject {
  type: 'usr' | 'age';
  id: string;
  /** Users: the username (scripts' `identity`). */
  username?: string;
  /** Users: the authentication level and time (seconds) of the login behind the grant. */
  authLevel?: number;
  authTime?: number;
}

/** `(age!x)` ≡ `x`, `(usr!y)` ≡ `y` (contract §3.2). */
export function plainSubject(value: string): string {
  const typed = /^\((?:age|usr)!(.*)\)$/.exec(value);
  return typed ? typed[1] : value;
}
