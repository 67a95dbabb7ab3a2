import { CORRELATION_HEADER, ServiceNames, Subjects } from './subjects';

describe('subjects', () => {
  it('names the owning service first in every registration subject', () => {
    for (const subject of Object.values(Subjects.registration)) expect(subject.startsWith('registration.')).toBe(true);
  });

  it('gives every service a <service>.health subject', () => {
    expect(Subjects.health(ServiceNames.registration)).toBe('registration-service.health');
    expect(new Set(Object.values(ServiceNames).map(Subjects.health)).size).toBe(Object.values(ServiceNames).length);
  });

  it('carries the correlation id in a lower-case header', () => {
    expect(CORRELATION_HEADER).toBe('x-correlation-id');
  });
});
