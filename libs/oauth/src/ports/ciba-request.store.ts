/** A CIBA authentication request (OpenID CIBA Core 1.0, issue 21), as stored; the auth_req_id only by its SHA-256. */
export type CibaStatus = 'pending' | 'approved' | 'denied' | 'expired';

export interface CibaRequestRecord {
  /** sha256Base64url of the auth_req_id. */
  idHash: string;
  /** The id the user's approvals page and REST name it by (not the auth_req_id). */
  approvalId: string;
  realm: string;
  clientId: string;
  clientName: string | null;
  userId: string;
  username: string;
  scopes: string[];
  resources: string[];
  /** Who acts, outermost first, when an approval-gated exchange asked; [] for plain CIBA. */
  actors: string[];
  bindingMessage: string | null;
  deliveryMode: 'poll' | 'ping';
  notificationEndpoint: string | null;
  notificationToken: string | null;
  /** Ping mode only: the auth_req_id itself, which the notification must carry (CIBA §10.2); null in poll mode. */
  pingAuthReqId: string | null;
  /** Seconds the client must wait between polls; grows by 5 on each slow_down. */
  interval: number;
  status: CibaStatus;
  createdAt: Date;
  expiresAt: Date;
  lastPolledAt: Date | null;
  decidedAt: Date | null;
  consumedAt: Date | null;
  authGrantId: string;
}

export type CibaRequestChange = Partial<Pick<CibaRequestRecord, 'interval' | 'status' | 'lastPolledAt' | 'decidedAt' | 'consumedAt'>>;

/** Storage port for CIBA requests. */
export interface CibaRequestStore {
  save(record: CibaRequestRecord): Promise<void>;
  /**
   * Reads one request under a row lock, lets `decide` choose a change, writes it, all in one
   * transaction: two concurrent polls or decisions see each other's result. Answers the record
   * as `decide` left it, or null when there is no such request.
   */
  update<T>(realm: string, key: { idHash: string } | { approvalId: string }, decide: (record: CibaRequestRecord) => { change?: CibaRequestChange; result: T }): Promise<T | null>;
  /** A user's requests still pending and unexpired, oldest first. */
  pendingFor(realm: string, userId: string, at: Date): Promise<CibaRequestRecord[]>;
  deleteExpired(before: Date): Promise<number>;
}
export const CIBA_REQUEST_STORE = Symbol.for('mandate.port.ciba-request-store');
