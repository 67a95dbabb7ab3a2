import { isDependencyOutage } from './dependency-outage';
import { ServiceUnavailableError } from './rpc.client';

describe('isDependencyOutage', () => {
  it('knows a Postgres that is gone, shutting down or refusing, however it is wrapped', () => {
    expect(isDependencyOutage(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDependencyOutage(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDependencyOutage(Object.assign(new Error('query failed'), { driverError: { code: '08006' } }))).toBe(true);
    expect(isDependencyOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDependencyOutage(new Error('outer', { cause: new Error('timeout exceeded when trying to connect') }))).toBe(true);
    expect(isDependencyOutage(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNRESET' })]))).toBe(true);
  });

  it('knows a called service that does not answer', () => {
    expect(isDependencyOutage(new ServiceUnavailableError('registration.client.get', 'no-responders'))).toBe(true);
  });

  it('leaves faults of the request or of Mandate alone', () => {
    expect(isDependencyOutage(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isDependencyOutage(new TypeError('x is undefined'))).toBe(false);
    expect(isDependencyOutage('ECONNREFUSED')).toBe(false);
  });
});
