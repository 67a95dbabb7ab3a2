import { acceptsHtml, collectAuthorizeParams } from './authorize-request.parser';

describe('authorize request parser', () => {
  it('merges the query and the form, and names what was sent more than once', () => {
    expect(collectAuthorizeParams({ client_id: 'hr-client', scope: ['read', 'write'] }, { response_type: 'code', client_id: 'other' })).toEqual({
      params: { response_type: 'code' },
      repeated: ['client_id', 'scope'],
      resources: [],
    });
  });

  it('lets resource repeat (RFC 8707 §2) and keeps every value', () => {
    expect(collectAuthorizeParams({ resource: ['https://a.example/mcp', 'https://b.example/'] }, { client_id: 'c' })).toEqual({
      params: { client_id: 'c' },
      repeated: [],
      resources: ['https://a.example/mcp', 'https://b.example/'],
    });
  });

  it('ignores bodies that are not objects and values that are not strings', () => {
    expect(collectAuthorizeParams(undefined, 'text', { state: 'x', nested: { a: 1 } })).toEqual({ params: { state: 'x' }, repeated: [], resources: [] });
  });

  it('refuses more than 64 parameters and over-long values', () => {
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`p${i}`, 'v']));
    expect(() => collectAuthorizeParams(many)).toThrow(expect.objectContaining({ code: 'invalid_request', description: 'Too many parameters' }));
    expect(() => collectAuthorizeParams({ state: 'x'.repeat(8193) })).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });

  it('recognises a browser by Accept: text/html', () => {
    expect(acceptsHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(true);
    expect(acceptsHtml('application/json, TEXT/HTML;q=0.1')).toBe(true);
    expect(acceptsHtml('*/*')).toBe(false);
    expect(acceptsHtml('text/htmlx')).toBe(false);
    expect(acceptsHtml(undefined)).toBe(false);
  });
});
