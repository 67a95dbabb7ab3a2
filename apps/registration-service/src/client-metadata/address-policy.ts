import ipaddr from 'ipaddr.js';

export interface AddressPolicy {
  /** Tests only (MANDATE_CIMD_ALLOW_LOOPBACK): the loopback interface is reachable too. */
  allowLoopback: boolean;
}

/**
 * SSRF defence for the metadata document fetch (draft-ietf-oauth-client-id-metadata-document
 * §6 "Server-Side Request Forgery"): only globally routable unicast addresses. ipaddr.js
 * classifies (IANA special-purpose registries, RFC 6890): private (10/8, 172.16/12, 192.168/16),
 * loopback, link-local (169.254/16, fe80::/10), unique-local (fc00::/7), multicast,
 * unspecified, broadcast, carrier-grade NAT, reserved and documentation ranges, and the IPv6
 * forms that carry an IPv4 address (v4-mapped, NAT64, 6to4, Teredo) are all refused: an
 * allow-list of `unicast`, not a deny-list. A v4-mapped address (::ffff:127.0.0.1) is judged
 * as the IPv4 address it maps to. Answers why an address is refused, or null when it may be used.
 */
export function refusedAddress(address: string, policy: AddressPolicy): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range === 'unicast') return null;
  if (range === 'loopback' && policy.allowLoopback) return null;
  return `${address} is a ${range} address`;
}
