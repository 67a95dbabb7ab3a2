import { plainSubject } from '../issuance/token-subject';
import { exchangeRefused } from './exchange-refusal';

/** The actors of an `act` claim, newest (outermost) first (RFC 8693 §4.1). */
export function actorChain(act: unknown): string[] {
  const chain: string[] = [];
  let level = act;
  while (level !== null && typeof level === 'object' && !Array.isArray(level)) {
    const { sub, act: inner } = level as Record<string, unknown>;
    if (typeof sub === 'string') chain.push(sub);
    level = inner;
  }
  return chain;
}

/**
 * contract §3.4, RFC 8693 §4.1: the new actor becomes the outermost `act`, the subject token's
 * `act` nests inside it. An actor already in the chain is refused (no cycles), and so is a
 * chain longer than `maxDepth`.
 */
export function nestAct(actor: string, previous: unknown, maxDepth: number): Record<string, unknown> {
  const chain = actorChain(previous);
  const newcomer = plainSubject(actor);
  if (chain.some((sub) => plainSubject(sub) === newcomer)) throw exchangeRefused(`actor ${newcomer} is already in the act chain [${chain.join(', ')}]`);
  if (chain.length + 1 > maxDepth) throw exchangeRefused(`act chain would be ${chain.length + 1} deep, more than ${maxDepth}`);
  return previous !== undefined && previous !== null ? { sub: newcomer, act: previous } : { sub: newcomer };
}
