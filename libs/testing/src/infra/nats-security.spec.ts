import { connect as tcpConnect } from 'node:net';
import { Events, type NatsConnection, StringCodec, connect } from 'nats';
import { Subjects } from '@mandate/contracts';
import { type LocalNats, startLocalNats } from './local-nats';

jest.setTimeout(60_000);

const sc = StringCodec();

/** The first `-ERR` nats-server sends a connection (a permission violation), as text. */
function nextServerError(nc: NatsConnection): Promise<string> {
  return (async () => {
    for await (const status of nc.status()) if (status.type === Events.Error) return String(status.data);
    return 'closed without an error';
  })();
}

/** Subscribes and resolves with the error the server answers the SUB with. */
function refusedSubscription(nc: NatsConnection, subject: string, queue?: string): Promise<string> {
  return new Promise((resolve) => {
    nc.subscribe(subject, { queue, callback: (err) => err && resolve(err.message) });
    void nc.flush();
  });
}

describe('the bus with the generated identities and permissions', () => {
  let nats: LocalNats;
  const open: NatsConnection[] = [];
  const as = async (identity: Parameters<LocalNats['connectOptions']>[0]) => {
    const nc = await connect({ ...nats.connectOptions(identity), reconnect: false });
    open.push(nc);
    return nc;
  };

  beforeAll(async () => {
    nats = await startLocalNats({ secure: true });
  });
  afterAll(async () => {
    await Promise.all(open.map((nc) => nc.close()));
    await nats?.stop();
  });

  it('refuses a connection without credentials', async () => {
    await expect(connect({ servers: nats.url, tls: { caFile: nats.secrets!.caFile }, reconnect: false })).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
  });

  it('refuses a connection with a seed the server does not know', async () => {
    const { nkeys, nkeyAuthenticator } = await import('nats');
    const stranger = nkeyAuthenticator(nkeys.createUser().getSeed());
    await expect(connect({ servers: nats.url, tls: { caFile: nats.secrets!.caFile }, authenticator: stranger, reconnect: false })).rejects.toMatchObject({
      code: 'AUTHORIZATION_VIOLATION',
    });
  });

  it('refuses a plain TCP client: TLS is required', async () => {
    const said = await new Promise<string>((resolve, reject) => {
      let text = '';
      const socket = tcpConnect(nats.port, '127.0.0.1');
      socket.on('data', (chunk) => {
        text += chunk.toString();
        if (text.includes('INFO ') && !text.includes('CONNECT_SENT')) {
          text += 'CONNECT_SENT\n';
          socket.write('CONNECT {"verbose":false,"pedantic":false,"tls_required":false}\r\nPING\r\n');
        }
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(JSON.parse(/INFO (\{.*\})/.exec(said)![1]).tls_required).toBe(true);
    // The server reads what follows INFO as a TLS handshake, fails it and hangs up: no PONG, no session.
    expect(said).not.toContain('PONG');
    expect(said).not.toContain('+OK');
  });

  it('lets a service serve its subject in its queue group and its callers call it', async () => {
    const authorize = await as('authorize-service');
    authorize.subscribe(Subjects.authorize.codeConsume, { queue: 'authorize-service', callback: (_e, m) => m.respond(sc.encode('consumed')) });
    await authorize.flush();
    const token = await as('token-service');
    expect(sc.decode((await token.request(Subjects.authorize.codeConsume, sc.encode('{}'), { timeout: 5000 })).data)).toBe('consumed');
  });

  it("refuses a service a subscription to another service's request subject, in its queue group or not", async () => {
    const gateway = await as('gateway');
    expect(await refusedSubscription(gateway, Subjects.token.grant, 'token-service')).toMatch(/Permissions Violation for Subscription to "token\.grant"/);
    const introspection = await as('introspection-service');
    expect(await refusedSubscription(introspection, Subjects.authn.authenticate)).toMatch(/Permissions Violation for Subscription to "authn\.authenticate"/);
  });

  it('refuses a plain subscription to its own request subject (it must share the queue group)', async () => {
    const registration = await as('registration-service');
    expect(await refusedSubscription(registration, Subjects.registration.clientGet)).toMatch(/Permissions Violation for Subscription to "registration\.client\.get"/);
  });

  it("refuses a subscription to another service's reply inbox", async () => {
    const gateway = await as('gateway');
    expect(await refusedSubscription(gateway, '_INBOX_token-service.>')).toMatch(/Permissions Violation for Subscription to "_INBOX_token-service\.>"/);
    expect(await refusedSubscription(gateway, '_INBOX.>')).toMatch(/Permissions Violation for Subscription to "_INBOX\.>"/);
  });

  it('refuses a request to a subject the service does not call, though its server listens', async () => {
    const registration = await as('registration-service');
    registration.subscribe(Subjects.registration.clientGet, { queue: 'registration-service', callback: (_e, m) => m.respond(sc.encode('secret hash')) });
    const authn = await as('authn-service');
    authn.subscribe(Subjects.authn.credentialsVerify, { queue: 'authn-service', callback: (_e, m) => m.respond(sc.encode('verified')) });
    await Promise.all([registration.flush(), authn.flush()]);
    const gateway = await as('gateway');
    await expect(gateway.request(Subjects.registration.clientGet, sc.encode('{}'), { timeout: 5000 })).rejects.toThrow(
      /Permissions Violation for Publish to "registration\.client\.get"/,
    );
    const introspection = await as('introspection-service');
    await expect(introspection.request(Subjects.authn.credentialsVerify, sc.encode('{}'), { timeout: 5000 })).rejects.toThrow(
      /Permissions Violation for Publish to "authn\.credentials\.verify"/,
    );
  });

  it('lets every subscriber of an event receive it, and only its publisher send it', async () => {
    const token = await as('token-service');
    const received = new Promise<string>((resolve) => token.subscribe(Subjects.registration.configChanged, { callback: (_e, m) => resolve(sc.decode(m.data)) }));
    await token.flush();
    const registration = await as('registration-service');
    registration.publish(Subjects.registration.configChanged, sc.encode('changed'));
    expect(await received).toBe('changed');
    const error = nextServerError(token);
    token.publish(Subjects.registration.configChanged, sc.encode('forged'));
    expect(await error).toBe('PERMISSIONS_VIOLATION');
  });
});
