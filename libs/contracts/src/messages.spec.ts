import { z } from 'zod';
import { Messages, allMessages } from './messages';
import { defineMessage } from './message';
import { ServiceNames, Subjects } from './subjects';

describe('the message definitions', () => {
  it('define each subject once', () => {
    const subjects = allMessages().map((m) => m.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it('sit on the subject of the same name', () => {
    expect(Messages.token.grant.subject).toBe(Subjects.token.grant);
    expect(Messages.authn.users.query.subject).toBe(Subjects.authn.users.query);
    expect(Messages.health(ServiceNames.token).subject).toBe('token-service.health');
  });

  it('carry the schemas a caller and a server validate with', () => {
    expect(Messages.registration.realmResolve.request.safeParse({ realm: 'alpha' }).success).toBe(false);
    expect(Messages.registration.realmResolve.request.safeParse({ realm: '/alpha' }).success).toBe(true);
  });

  it('are frozen, so no caller can swap a schema', () => {
    const message = defineMessage({ subject: 'x.y', request: z.object({}), reply: z.object({}), servedBy: 'token-service', calledBy: ['gateway'] });
    expect(Object.isFrozen(message)).toBe(true);
    expect(message.kind).toBe('request');
  });
});
